// Follows the batch prints that are still queued or running: asks the status URL every 2 seconds,
// shows done/total and, once finished, the download link. No inline script: CSP allows 'self' only.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var FINISHED = { done: true, failed: true };

  function update(cell, status) {
    cell.dataset.state = status.state;
    cell.querySelector(".batch-state").textContent = status.state_label;
    cell.querySelector(".batch-count").textContent = status.done + "/" + status.total;
    var bar = cell.querySelector("progress");
    bar.max = status.total || 1;
    bar.value = status.done;
    if (status.download_url && !cell.parentNode.querySelector(".batch-download")) {
      var link = document.createElement("a");
      link.className = "batch-download";
      link.href = status.download_url;
      link.textContent = cell.dataset.downloadLabel;  // written by the page, in its language
      cell.parentNode.appendChild(document.createTextNode(" "));
      cell.parentNode.appendChild(link);
    }
    if (status.error && !cell.parentNode.querySelector(".batch-error")) {
      var error = document.createElement("span");
      error.className = "batch-error";
      error.textContent = status.error;
      cell.parentNode.appendChild(error);
    }
  }

  function poll(cell) {
    fetch(cell.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        update(cell, status);
        if (!FINISHED[status.state]) { window.setTimeout(function () { poll(cell); }, POLL_MS); }
      })
      .catch(function () { window.setTimeout(function () { poll(cell); }, POLL_MS * 5); });
  }

  document.querySelectorAll(".batch-progress").forEach(function (cell) {
    if (!FINISHED[cell.dataset.state]) { window.setTimeout(function () { poll(cell); }, POLL_MS); }
  });
})();
