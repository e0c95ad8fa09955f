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
  // Replacing scores people already gave asks first, saying how many.
  var bulk = document.querySelector("form[data-confirm-replace]");
  if (bulk) {
    bulk.addEventListener("submit", function (event) {
      var replace = bulk.querySelector("input[name=replace]");
      var scored = bulk.querySelectorAll("tr[data-scored] input[name=select]:checked").length;
      if (replace && replace.checked && scored > 0 &&
          !window.confirm(bulk.dataset.confirmReplace.replace("%(count)s", scored))) {
        event.preventDefault();
      }
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
