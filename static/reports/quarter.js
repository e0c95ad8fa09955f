// Quarter table: the header checkbox ticks or clears every row of the page; closing asks first.
(function () {
  "use strict";
  var table = document.querySelector(".quarter-table");
  if (table) {
    var all = table.querySelector("thead input[type=checkbox]");
    if (all) {
      all.addEventListener("change", function () {
        table.querySelectorAll("tbody input[type=checkbox][name=select]").forEach(function (box) {
          box.checked = all.checked;
        });
      });
    }
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
