/* Line charts for tongket pages, drawn with uPlot (served from npm's package, see frontend/).
 *
 * A page includes templates/web/_chart.html, which writes
 *   <figure class="chart" data-chart="ID"> ... </figure>
 * and the data as a JSON block #ID: {"x": ["2016", "2017"], "unit": "thuê bao",
 *   "series": [{"label": "Hưng Yên", "values": [1.5, null]}]}
 * No inline script anywhere: the Content-Security-Policy allows only our own files.
 */
(function () {
  "use strict";

  var COLORS = ["#0b4f8a", "#c2410c", "#15803d", "#7c3aed", "#be123c", "#0f766e"];

  // 2060.5 → "2.060,5", as Vietnamese readers write numbers.
  function vnNumber(value, decimals) {
    if (value === null || value === undefined || isNaN(value)) return "—";
    var digits = decimals === undefined ? (Number.isInteger(value) ? 0 : 2) : decimals;
    var text = Math.abs(value).toFixed(digits);
    var parts = text.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var frac = parts[1] ? parts[1].replace(/0+$/, "") : "";
    return (value < 0 ? "-" : "") + whole + (frac ? "," + frac : "");
  }

  // The figure with exactly ``decimals`` decimals, as the indicator is shown elsewhere.
  function vnFixed(value, decimals) {
    if (value === null || value === undefined || isNaN(value)) return "—";
    if (decimals === undefined) return vnNumber(value);
    var text = Math.abs(value).toFixed(decimals);
    var parts = text.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (value < 0 && Number(text) !== 0 ? "-" : "") + whole + (parts[1] ? "," + parts[1] : "");
  }

  function draw(figure) {
    if (figure.dataset.drawn || typeof uPlot === "undefined") return;
    // The data: a JSON script element, or (in a fragment swapped in by htmx, which drops
    // script elements) the figure's data-json attribute.
    var source = document.getElementById(figure.dataset.chart);
    var text = source ? source.textContent : figure.getAttribute("data-json");
    if (!text) return;
    var data = JSON.parse(text);
    var target = figure.querySelector(".chart-canvas");
    var labels = data.x.map(String);
    var xs = labels.map(function (_, i) { return i; });
    var options = {
      width: Math.max(280, target.clientWidth),
      height: Math.round(Math.min(320, Math.max(200, target.clientWidth * 0.5))),
      scales: { x: { time: false } },
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        {
          // Categories (years, periods): ticks only on whole positions.
          incrs: [1, 2, 5, 10, 20, 50],
          values: function (u, ticks) {
            return ticks.map(function (t) { return Number.isInteger(t) ? labels[t] || "" : ""; });
          },
        },
        {
          // Wide enough for the longest label (5.187.494.000.000 đồng needs room).
          size: function (u, values) {
            var longest = (values || []).reduce(function (n, v) { return Math.max(n, String(v).length); }, 0);
            return Math.max(50, Math.ceil(longest * 7.5) + 18);
          },
          values: function (u, ticks) { return ticks.map(function (t) { return vnNumber(t); }); },
        },
      ],
      series: [{ label: data.x_label || "" }].concat(
        data.series.map(function (s, i) {
          return {
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            points: { show: true, size: 6 },
            value: function (u, v) { return vnFixed(v, data.decimals); },
          };
        })
      ),
    };
    var plot = new uPlot(
      options,
      [xs].concat(data.series.map(function (s) { return s.values; })),
      target
    );
    figure.dataset.drawn = "1";
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        plot.setSize({ width: Math.max(280, target.clientWidth), height: options.height });
      }).observe(target);
    }
  }

  function drawAll(root) {
    root = root || document;
    // A fragment swapped in whole may be the chart itself.
    if (root.matches && root.matches("figure.chart[data-chart]")) draw(root);
    root.querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Charts that arrive in a fragment swapped in by htmx. An element swapped out whole
  // (hx-swap="outerHTML") is no longer in the page, so the page is searched instead.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    drawAll(target && target.isConnected ? target : document);
  });
  window.tongketCharts = { drawAll: drawAll, vnNumber: vnNumber, vnFixed: vnFixed };
})();
