/* Shows a print button where printing from the page is possible. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    if (!window.print) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
