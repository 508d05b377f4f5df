// Live preview of a form being edited: the server draws it with the same renderer as the task
// pages, half a second after the typing stops.
(function () {
  "use strict";

  var form = document.getElementById("form-documents");
  var preview = document.getElementById("form-preview");
  if (!form || !preview) { return; }
  var timer = null;

  function refresh() {
    fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { preview.innerHTML = html; preview.dataset.fresh = String(Date.now()); });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  });
  refresh();
})();
