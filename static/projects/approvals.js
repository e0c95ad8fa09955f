// Reports waiting for approval: the header checkbox ticks or clears every row of the page.
(function () {
  "use strict";
  var table = document.querySelector(".approval-table");
  var all = table && table.querySelector("thead input[type=checkbox]");
  if (!all) { return; }
  all.addEventListener("change", function () {
    table.querySelectorAll("tbody input[type=checkbox][name=select]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
