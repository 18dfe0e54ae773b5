// Behaviour the pages ask for by data attributes, so that no page carries inline
// script (the Content-Security-Policy allows scripts from this site only).
//   data-submit-on-change  on a field: send its form when it changes
//   data-confirm="…"       on a form: ask before sending it
//   data-print             on a button: print the page
//   data-menu-toggle       on a button: open or close the menu (phones)
(function () {
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var field = event.target;
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
