// Keeps a copy of what is typed in a proposal step in this browser until the server has it, so that nothing is
// lost when the session expires or the connection drops before "Save". Progressive enhancement: the form works
// without it. Each copy carries the version (last change) of the proposal it was typed on: once the server has a
// newer version, the copy is stale and dropped, so that text does not linger in a shared browser.
(function () {
  "use strict";

  var PREFIX = "kovablik-draft:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function fieldsOf(form) {
    return form.querySelectorAll("textarea[name], input[type=text][name], input[type=email][name], input[type=url][name]");
  }

  function snapshot(form) {
    var values = {};
    var fields = fieldsOf(form);
    for (var i = 0; i < fields.length; i++) {
      values[fields[i].name] = fields[i].value;
    }
    return values;
  }

  function differs(saved, current) {
    for (var name in saved) {
      if (Object.prototype.hasOwnProperty.call(saved, name) && name in current && saved[name] !== current[name]) {
        return true;
      }
    }
    return false;
  }

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  // Copies of any step of this proposal typed on an older version are stale: the server has saved since.
  function dropStale(store, scope, version) {
    var stale = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(scope) === 0) {
        var saved = read(store, key);
        if (!saved || saved.version !== version) {
          stale.push(key);
        }
      }
    }
    stale.forEach(function (key) {
      store.removeItem(key);
    });
  }

  function offerRestore(form, store, key, saved) {
    var box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = form.getAttribute("data-restore-text");
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = form.getAttribute("data-restore-button");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = form.getAttribute("data-discard-button");
    box.appendChild(text);
    box.appendChild(restore);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);

    restore.addEventListener("click", function () {
      var fields = fieldsOf(form);
      for (var i = 0; i < fields.length; i++) {
        if (fields[i].name in saved) {
          fields[i].value = saved[fields[i].name];
          fields[i].dispatchEvent(new Event("input"));
        }
      }
      box.remove();
      fields[0] && fields[0].focus();
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var store = storage();
    if (!store) {
      return;
    }
    var forms = document.querySelectorAll("form[data-draft-key]");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        var scope = PREFIX + form.getAttribute("data-draft-scope");
        var key = PREFIX + form.getAttribute("data-draft-key");
        var version = form.getAttribute("data-draft-version");
        dropStale(store, scope, version);
        var saved = read(store, key);
        if (saved && saved.version === version && differs(saved.values, snapshot(form))) {
          offerRestore(form, store, key, saved.values);
        } else {
          store.removeItem(key);
        }
        form.addEventListener("input", function () {
          store.setItem(key, JSON.stringify({ version: version, values: snapshot(form) }));
        });
      })(forms[i]);
    }
  });
})();
