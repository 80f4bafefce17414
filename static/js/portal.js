// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");

// --- Keyboard and screen readers (issue 7, item 3) ---------------------------------------------------------------
// A form that comes back with errors: take the focus to its error summary (includes/form_errors.html), so that a
// keyboard or screen-reader user starts from the list of what to correct, each item a link to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
});
