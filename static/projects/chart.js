// Draws every figure on the page: an element with data-figure="ID" gets the plotly figure whose JSON sits
// in <script id="ID" type="application/json"> (written by Django's json_script, so no inline script runs).
(function () {
  "use strict";

  // Below this width (a phone) a figure's long category names would take the whole width from its bars.
  var NARROW = 600;
  var SHORT_NAME = 14; // letters (grapheme clusters) of a category name kept on a phone

  function shorten(name) {
    // Thai letters carry marks above and below: cut between whole letters, never between a letter and its
    // mark. The full name is still shown when a bar is hovered or tapped.
    var letters = window.Intl && Intl.Segmenter
      ? Array.from(new Intl.Segmenter("th", { granularity: "grapheme" }).segment(name), function (s) { return s.segment; })
      : Array.from(name);
    return letters.length > SHORT_NAME ? letters.slice(0, SHORT_NAME).join("") + "…" : name;
  }

  function fitNarrow(figure, width) {
    if (width >= NARROW) {
      return;
    }
    var layout = figure.layout;
    var bars = figure.data.filter(function (trace) { return trace.orientation === "h"; });
    if (bars.length) {
      layout.yaxis = Object.assign({}, layout.yaxis, {
        tickmode: "array",
        tickvals: bars[0].y,
        ticktext: bars[0].y.map(shorten),
      });
      layout.margin = Object.assign({}, layout.margin, { l: 8, r: 8 });
    }
    layout.font = Object.assign({}, layout.font, { size: 11 });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof window.Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    fitNarrow(figure, element.clientWidth);
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
