/* Kopdes dashboard: the charts of a region page (phases, trend by month, ranking of the child regions, registry
   against SIMKOPDES). Data comes from json_script elements (#<name>-chart-data), so the page works (cards and
   tables carry the same numbers) without JavaScript and this file stays free of server templating. */
(function () {
  "use strict";

  function drawPhaseChart() {
    var canvas = document.getElementById("phase-chart");
    var source = document.getElementById("phase-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "id";
    var numberFormat = new Intl.NumberFormat(lang);
    var narrow = window.matchMedia("(max-width: 576px)").matches;
    var styles = getComputedStyle(document.documentElement);
    var red = styles.getPropertyValue("--kopdes-red").trim() || "#c8102e";

    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ data: data.counts, backgroundColor: red, borderRadius: 3 }],
      },
      options: {
        // Horizontal bars keep the long Indonesian phase names readable on a phone.
        indexAxis: narrow ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.parsed[narrow ? "x" : "y"];
                var text = numberFormat.format(value);
                if (data.villages) {
                  text += " (" + numberFormat.format(Math.round((value * 1000) / data.villages) / 10) + "%)";
                }
                return text;
              },
            },
          },
        },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }

  // One colour per phase, from the start (light) to operating (the Merah Putih red).
  var PHASE_COLOURS = ["#f4a6a6", "#ec7c7c", "#e05252", "#c8102e", "#8c0b20", "#2e7d32"];

  function chartData(name) {
    var canvas = document.getElementById(name + "-chart");
    var source = document.getElementById(name + "-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return null;
    }
    var data = JSON.parse(source.textContent);
    return data ? { canvas: canvas, data: data } : null;
  }

  function numberFormat() {
    return new Intl.NumberFormat(document.documentElement.lang || "id");
  }

  function drawTrendChart() {
    var found = chartData("trend");
    if (!found) {
      return;
    }
    var data = found.data;
    var datasets = data.series.map(function (series, index) {
      return {
        label: series.label,
        data: series.data,
        borderColor: PHASE_COLOURS[index],
        backgroundColor: PHASE_COLOURS[index],
        pointRadius: 2,
        tension: 0.2,
      };
    });
    if (data.target) {
      datasets.push({
        label: data.target.label + " (" + numberFormat().format(data.target.value) + ")",
        data: data.labels.map(function () {
          return data.target.value;
        }),
        borderColor: "#555",
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    new window.Chart(found.canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function drawRankingChart() {
    var found = chartData("ranking");
    if (!found) {
      return;
    }
    var data = found.data;
    new window.Chart(found.canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label + " (%)", data: data.pct, backgroundColor: PHASE_COLOURS[3], borderRadius: 2 }],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      },
    });
  }

  function drawGapChart() {
    var found = chartData("gap");
    if (!found) {
      return;
    }
    var data = found.data;
    new window.Chart(found.canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.ours_label, data: data.ours, backgroundColor: PHASE_COLOURS[3] },
          { label: data.national_label, data: data.national, backgroundColor: "#5b6b7a" },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function drawAll() {
    drawPhaseChart();
    drawTrendChart();
    drawRankingChart();
    drawGapChart();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
