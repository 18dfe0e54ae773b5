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
  document.addEventListener("DOMContentLoaded", function () {
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
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-limits]"), limit);
  });
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
