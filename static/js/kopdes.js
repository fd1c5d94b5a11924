/* Kopdes: small behaviours declared in the markup, so that pages carry no inline scripts or event handlers and the
   Content-Security-Policy can forbid them (script-src 'self').
   - <button data-print>        prints the page;
   - <form data-confirm="...">  asks the question before submitting;
   - <button data-menu-toggle>  folds and unfolds the phone menu (aria-controls names it);
   - a failed htmx request (403, 404, 500, no network) says so on the page instead of doing nothing. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) {
      return;
    }
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (menu) {
      menu.classList.toggle("open", open);
    }
  });

  function failureMessage(status) {
    var body = document.body;
    if (status === 403) {
      return body.getAttribute("data-request-forbidden");
    }
    if (status === 404) {
      return body.getAttribute("data-request-missing");
    }
    return body.getAttribute("data-request-failed");
  }

  function showFailure(event) {
    var xhr = event.detail && event.detail.xhr;
    var main = document.querySelector("main");
    if (!main) {
      return;
    }
    var note = document.getElementById("request-failed");
    if (!note) {
      note = document.createElement("p");
      note.id = "request-failed";
      note.className = "message message-error";
      note.setAttribute("role", "alert");
      main.insertBefore(note, main.firstChild);
    }
    note.textContent = failureMessage(xhr ? xhr.status : 0);
  }

  /* A milestone form (data-step-form) shows only the identifier fields of the chosen step (label[data-for-step]). */
  function showStepFields(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) {
      return;
    }
    form.querySelectorAll("[data-for-step]").forEach(function (label) {
      label.hidden = label.getAttribute("data-for-step") !== select.value;
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-step-form]");
    if (form && event.target.name === "kind") {
      showStepFields(form);
    }
  });

  function showAllStepForms() {
    document.querySelectorAll("form[data-step-form]").forEach(showStepFields);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showAllStepForms);
  } else {
    showAllStepForms();
  }
  document.addEventListener("htmx:afterSwap", showAllStepForms);

  document.addEventListener("htmx:responseError", showFailure);
  document.addEventListener("htmx:sendError", showFailure);

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
