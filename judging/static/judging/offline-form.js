// Saving that survives a weak connection, for the field visit report (progressive enhancement: without it the
// form posts as any other). What is typed is kept in this browser under the form's data-offline-key, tagged with
// the report's version. "Save" sends the form with fetch: when the network fails (or the browser knows it is
// offline), the input stays kept, the page says so, and it is sent again as soon as the connection returns. When
// the server answers with a redirect the report is saved, the copy dropped and the browser goes to the form's
// data-offline-done page; any other answer (an error in the
// form, another judge's newer version) is shown by posting the form the ordinary way.
(function () {
  "use strict";

  var PREFIX = "kovablik-offline:";
  var RETRY_MS = 20000;

  function storage() {
    try {
      window.localStorage.setItem(PREFIX + "probe", "1");
      window.localStorage.removeItem(PREFIX + "probe");
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function fields(form) {
    return form.querySelectorAll("textarea[name], input[type=text][name], input[type=radio][name], select[name]");
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (field) {
      if (field.type === "radio") {
        if (field.checked) {
          values[field.name] = field.value;
        } else if (!(field.name in values)) {
          values[field.name] = "";
        }
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    var changed = false;
    fields(form).forEach(function (field) {
      if (!(field.name in values)) {
        return;
      }
      if (field.type === "radio") {
        var checked = field.value === values[field.name];
        changed = changed || field.checked !== checked;
        field.checked = checked;
      } else if (field.value !== values[field.name]) {
        field.value = values[field.name];
        changed = true;
      }
    });
    return changed;
  }

  function init(form, store) {
    var key = PREFIX + form.getAttribute("data-offline-key");
    var version = form.getAttribute("data-offline-version");
    var status = form.querySelector("[data-offline-status]");
    var sending = false;
    var retry = null;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function keep() {
      store.setItem(key, JSON.stringify({ version: version, values: snapshot(form), pending: sending || !!retry }));
    }

    var saved = null;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    if (saved && saved.version === version) {
      if (form.querySelector(".is-invalid, .invalid-feedback")) {
        store.removeItem(key); // the server just showed this input back with its errors
      } else if (restore(form, saved.values)) {
        say(form.getAttribute("data-offline-restored"));
        if (saved.pending) {
          schedule();
        }
      }
    } else if (saved) {
      store.removeItem(key); // typed on an older version: the server has newer text
    }

    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    function schedule() {
      if (!retry) {
        retry = window.setTimeout(function () {
          retry = null;
          send();
        }, RETRY_MS);
      }
      keep();
    }

    function send() {
      if (sending) {
        return;
      }
      if (navigator.onLine === false) {
        say(form.getAttribute("data-offline-kept"));
        schedule();
        return;
      }
      sending = true;
      keep();
      fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        // Not followed: the page it leads to shows the "saved" message once, to the navigation below.
        redirect: "manual",
      })
        .then(function (response) {
          sending = false;
          if (response.type === "opaqueredirect") {
            store.removeItem(key);
            window.location.assign(form.getAttribute("data-offline-done") || window.location.href);
          } else {
            // Not saved (an error in the form, a newer version): let the server show why, the ordinary way.
            store.removeItem(key);
            HTMLFormElement.prototype.submit.call(form);
          }
        })
        .catch(function () {
          sending = false;
          say(form.getAttribute("data-offline-kept"));
          schedule();
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    window.addEventListener("online", function () {
      if (retry) {
        window.clearTimeout(retry);
        retry = null;
        say(form.getAttribute("data-offline-sending"));
        send();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var store = storage();
    if (!store || !window.fetch || !window.FormData) {
      return;
    }
    document.querySelectorAll("form[data-offline-key]").forEach(function (form) {
      init(form, store);
    });
  });
})();
