/* Kopdes: small behaviours declared in the markup, so that pages carry no inline scripts or event handlers and the
   Content-Security-Policy can forbid them (script-src 'self').
   - <button data-print>        prints the page;
   - <form data-confirm="...">  asks the question before submitting. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
