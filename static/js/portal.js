// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");

// Tables wider than the screen scroll inside their .table-responsive box. While a box actually scrolls, it is made
// a named, focusable region so keyboard users can scroll it with the arrow keys (Heydon Pickering, "Inclusive
// Components: Data Tables"); a box that fits stays out of the tab order. The name is the table's caption or the
// heading just before it.
(function () {
  function regionName(box) {
    const caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    let node = box;
    while (node) {
      let sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.trim();
        const heading = sibling.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) return heading.textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }
  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", regionName(box));
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  function start() {
    const boxes = document.querySelectorAll(".table-responsive");
    boxes.forEach(update);
    if ("ResizeObserver" in window) {
      const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
      boxes.forEach((box) => observer.observe(box));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// --- Keyboard and screen readers (issue 7, item 3) ---------------------------------------------------------------
// A form that comes back with errors: take the focus to its error summary (includes/form_errors.html), so that a
// keyboard or screen-reader user starts from the list of what to correct, each item a link to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
});

// The navbar's <details> menus close on a click elsewhere or on Escape, as a menu does.
(function () {
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();
