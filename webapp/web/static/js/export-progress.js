// The export page asks for its job's progress every second until the file is ready or the export failed.
(function () {
  "use strict";
  var card = document.getElementById("export-job");
  if (!card) { return; }
  var message = document.getElementById("export-message");
  var bar = document.getElementById("export-progress");
  var count = document.getElementById("export-count");
  var link = document.getElementById("export-file");
  var ready = document.getElementById("export-ready");

  function show(job) {
    card.dataset.status = job.status;
    message.textContent = message.dataset[job.status] || message.textContent;
    if (job.total !== null) {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
      count.textContent = job.done + " / " + job.total;
    }
    if (job.file) {
      bar.value = bar.max;
      link.href = job.file;
      ready.hidden = false;
    }
  }

  function poll() {
    fetch(card.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.status === "pending" || job.status === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (card.dataset.status === "pending" || card.dataset.status === "running") { poll(); }
}());
