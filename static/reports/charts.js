// Draws the plotly figures whose JSON the page carries in <script type="application/json"> elements.
// Each <figure data-chart="ID"> is filled from the JSON element with that id.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") {
    return;
  }
  document.querySelectorAll("[data-chart]").forEach(function (target) {
    var source = document.getElementById(target.dataset.chart);
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      locale: "th",
    });
  });
})();
