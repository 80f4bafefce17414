// Live word count beside each narrative section (progressive enhancement: the server counts and enforces too).
// Counts words the way the server does: runs of non-whitespace.
(function () {
  "use strict";

  function countWords(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function attach(textarea) {
    var limit = parseInt(textarea.getAttribute("data-word-limit"), 10);
    var counter = document.getElementById(textarea.id + "-count");
    if (!counter || isNaN(limit)) {
      return;
    }
    var value = counter.querySelector(".word-count-value");
    var wordsLabel = counter.getAttribute("data-words-label") || "words";
    var overLabel = counter.getAttribute("data-over-label") || "";
    counter.setAttribute("aria-live", "polite");
    var describedBy = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    function update() {
      var words = countWords(textarea.value);
      var over = words > limit;
      counter.textContent = "";
      var number = document.createElement("span");
      number.className = "word-count-value";
      number.textContent = String(words);
      counter.appendChild(number);
      counter.appendChild(document.createTextNode(" / " + limit + " " + wordsLabel + (over ? " — " + overLabel : "")));
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
      textarea.classList.toggle("is-invalid", over);
    }

    if (value) {
      textarea.addEventListener("input", update);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("textarea[data-word-limit]");
    for (var i = 0; i < fields.length; i++) {
      attach(fields[i]);
    }
  });
})();
