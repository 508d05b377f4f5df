// Progressive enhancement only: every page works without this file.
// Repeatable rows ("add another representative") and confirmation of decisive buttons.
(function () {
  "use strict";

  function addRow(button) {
    var rows = document.getElementById(button.dataset.rows);
    var template = document.getElementById(button.dataset.template);
    if (!rows || !template) { return; }
    var max = parseInt(button.dataset.max || "0", 10);
    var count = rows.querySelectorAll(".row-item").length;
    if (max && count >= max) { return; }
    var html = template.innerHTML.split("__index__").join(String(Date.now() % 100000 + count));
    rows.insertAdjacentHTML("beforeend", html);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLElement)) { return; }
    if (target.matches("[data-add-row]")) {
      event.preventDefault();
      addRow(target);
    } else if (target.matches("[data-remove-row]")) {
      event.preventDefault();
      var row = target.closest(".row-item");
      if (row) { row.remove(); }
    } else if (target.matches("[data-print]")) {
      window.print();
    } else if (target.matches("[data-confirm]") && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
