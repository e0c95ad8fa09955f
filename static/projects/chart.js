// Draws every figure on the page: an element with data-figure="ID" gets the plotly figure whose JSON sits
// in <script id="ID" type="application/json"> (written by Django's json_script, so no inline script runs).
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof window.Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"],
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
