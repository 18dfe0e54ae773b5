// Behaviour the pages ask for by data attributes, so that no page carries inline
// script (the Content-Security-Policy allows scripts from this site only).
//   data-submit-on-change  on a field: send its form when it changes
//   data-confirm="…"       on a form: ask before sending it
//   data-print             on a button: print the page
//   data-menu-toggle       on a button: open or close the menu (phones)
//   data-limits="id"       on a select: its chosen option's data-allows="pk pk…" are
//                          the only options offered in the select with that id
//                          (an option without data-allows allows every option)
// After a failed submit the first field in error (aria-invalid) takes the focus.
(function () {
  document.documentElement.classList.add("js");
  // on "load": after the browser has scrolled to the page's #fragment, which resets focus
  window.addEventListener("load", function () {
    var first = document.querySelector('[aria-invalid="true"]') || document.querySelector(".form-message");
    if (!first) { return; }
    var folded = first.closest("details");
    if (folded) { folded.open = true; }
    first.focus();
    first.scrollIntoView({block: "center"});
  });
  function limit(select) {
    var target = document.getElementById(select.getAttribute("data-limits"));
    var chosen = select.options[select.selectedIndex];
    if (!target || !chosen) { return; }
    var allows = chosen.getAttribute("data-allows");
    var allowed = allows ? allows.split(" ") : null;
    Array.prototype.forEach.call(target.options, function (option) {
      var out = allowed !== null && option.value !== "" && allowed.indexOf(option.value) < 0;
      option.hidden = out;
      option.disabled = out;
      if (out && option.selected) { target.value = ""; }
    });
  }
  // Phones show each table row as a card: each cell carries its column's heading.
  function label(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.data"), function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (cell.colSpan === 1 && heads[i] !== undefined && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", heads[i]);
          }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-limits]"), limit);
    label(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { label(event.target); });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-limits")) { limit(field); }
    if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.requestSubmit();
    }
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
    var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
    var menu = document.getElementById("sidenav");
    if (toggle && menu) {
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
  });
}());
