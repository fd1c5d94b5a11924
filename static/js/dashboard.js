/* Kopdes dashboard: the phase bar chart of a region page. Data comes from the json_script #phase-chart-data,
   so the page works (cards and tables) without JavaScript and this file stays free of server templating. */
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawPhaseChart);
  } else {
    drawPhaseChart();
  }
})();
