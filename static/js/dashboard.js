// Staff dashboard charts (Chart.js) from the data in the #dashboard-charts json_script, and the
// print button of the survey QR page. The tables on the page carry the same figures.
(function () {
  "use strict";

  const PALETTE = ["#003a70", "#3182bd", "#6baed6", "#e6a100", "#7a5195", "#2a9d8f", "#bc5090", "#6c757d"];

  // Long category names ("Deliverable (curriculum, handbook, policy document)") are wrapped onto
  // several lines instead of being cut at the chart's edge.
  function wrap(label, width) {
    const words = String(label).split(" ");
    const lines = [];
    let line = "";
    words.forEach((word) => {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : label;
  }

  function draw(canvas, spec) {
    const doughnut = Boolean(spec.doughnut);
    const datasets = spec.datasets.map((dataset, i) => ({
      ...dataset,
      backgroundColor: doughnut ? ["#3182bd", "#e6a100"] : PALETTE[i % PALETTE.length],
      borderWidth: doughnut ? 1 : 0,
    }));
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { title: { display: true, text: spec.title }, legend: { position: "bottom", rtl: document.documentElement.dir === "rtl" } },
      locale: document.documentElement.lang || "en",
    };
    if (!doughnut) {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = {
        x: { stacked: Boolean(spec.stacked), beginAtZero: true },
        y: { stacked: Boolean(spec.stacked), beginAtZero: true },
      };
    }
    return new window.Chart(canvas, {
      type: doughnut ? "doughnut" : "bar",
      data: { labels: doughnut ? spec.labels : spec.labels.map((label) => wrap(label, spec.horizontal ? 22 : 14)), datasets },
      options,
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
    const source = document.getElementById("dashboard-charts");
    if (!source || !window.Chart) return;
    const charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = charts[canvas.dataset.chart];
      if (spec && spec.labels.length && spec.datasets.some((d) => d.data.some((v) => v))) draw(canvas, spec);
      else canvas.closest("figure").classList.add("d-none");
    });
    document.body.dataset.chartsReady = "true";
  });
})();
