// The small behaviours of the pages, bound by data attributes instead of inline handlers (onclick=, onsubmit=),
// which the Content-Security-Policy forbids. Listeners sit on the document, so rows added later by htmx work too.
//
//   <form data-confirm="Remove this?">            asks before submitting
//   <button data-remove-row>                      removes its table row (then fires "huimin:row-removed")
//   <button data-print>                           prints the page
//   <select data-autosubmit>                      submits its form when changed
//   <input data-select-on-focus>                  selects its text when focused
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var remover = target.closest("[data-remove-row]");
    if (remover) {
      var row = remover.closest("tr");
      if (row) { row.remove(); }
      document.dispatchEvent(new CustomEvent("huimin:row-removed"));
      return;
    }
    if (target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-focus")) { target.select(); }
  });
})();
