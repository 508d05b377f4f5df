// The dashboard's charts: the numbers come from the page's JSON block (the CSP forbids inline
// scripts); the tables under each chart hold the same numbers.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("dashboard-charts");
    if (!block || typeof Chart === "undefined") { return; }
    var charts = JSON.parse(block.textContent);
    var english = document.documentElement.lang === "en";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = charts[canvas.dataset.chart];
      if (!data) { return; }
      var datasets = [{ label: english ? "Now" : "现有", data: data.values, backgroundColor: "#9e1b1b", maxBarThickness: 56 }];
      if (data.targets) {
        datasets.push({ label: english ? "Target" : "目标", data: data.targets, backgroundColor: "#f6d27a", maxBarThickness: 56 });
      }
      var doughnut = canvas.dataset.chart === "coverage";
      new Chart(canvas, {
        type: doughnut ? "doughnut" : "bar",
        data: { labels: data.labels, datasets: doughnut ? [{ data: data.values, backgroundColor: ["#3b7a3b", "#cccccc"] }] : datasets },
        options: {
          animation: false, aspectRatio: doughnut ? 2.5 : 5,
          plugins: { legend: { display: doughnut || datasets.length > 1 } },
          scales: doughnut ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
}());
