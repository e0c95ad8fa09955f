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
    // No tool bar: its buttons speak English only, and one of them offers to send the figure to plotly's
    // cloud service. The figures are read, not edited; hovering still shows each value.
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displayModeBar: false,
      showSendToCloud: false,
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
