// The diagram of a case's path: bpmn-js (navigated viewer) draws each process of the case as its
// definition version deployed it; finished elements and followed flows are marked, waiting ones
// too, and an element that ran more than once (a revision loop) carries a counter.
(function () {
  "use strict";

  var container = document.getElementById("diagram");
  var tabs = document.getElementById("diagram-tabs");
  if (!container || !tabs || typeof window.BpmnJS !== "function") { return; }

  var viewer = new window.BpmnJS({ container: container });

  function mark(path) {
    var canvas = viewer.get("canvas");
    var overlays = viewer.get("overlays");
    var taken = {};
    path.transitions.forEach(function (pair) { taken[pair[0] + ">" + pair[1]] = true; });
    viewer.get("elementRegistry").forEach(function (element) {
      var business = element.businessObject;
      if (!business || element.type === "label") { return; }
      if (element.type === "bpmn:SequenceFlow") {
        if (business.sourceRef && business.targetRef && taken[business.sourceRef.id + ">" + business.targetRef.id]) {
          canvas.addMarker(element.id, "bc-taken");
        }
        return;
      }
      var done = path.completed[business.id] || 0;
      var waiting = path.active.indexOf(business.id) >= 0;
      var count = done + (waiting ? 1 : 0);
      if (done > 0) { canvas.addMarker(element.id, "bc-done"); }
      if (waiting) { canvas.addMarker(element.id, "bc-active"); }
      if (count > 1) {
        var badge = document.createElement("span");
        badge.className = "loop-count";
        badge.setAttribute("data-element", business.id);
        badge.textContent = "\u00d7" + count;
        overlays.add(element.id, "loop", { position: { top: -10, right: 12 }, html: badge });
      }
    });
  }

  function show(path, button) {
    Array.prototype.forEach.call(tabs.children, function (other) { other.setAttribute("aria-selected", "false"); });
    button.setAttribute("aria-selected", "true");
    viewer.importXML(path.xml).then(function () {
      viewer.get("canvas").zoom("fit-viewport", "auto");
      mark(path);
      container.setAttribute("data-shown", path.process_id + ":" + (path.lane || ""));
    }).catch(function () {
      container.textContent = container.dataset.error;
    });
  }

  fetch(container.dataset.src, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var runs = {};
      data.paths.forEach(function (path, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "tab");
        var label = path.lane ? path.lane_name + " · " + path.name : container.dataset.mainLabel + " · " + path.name;
        runs[label] = (runs[label] || 0) + 1;
        button.textContent = runs[label] > 1 ? label + " (" + runs[label] + ")" : label;
        button.addEventListener("click", function () { show(path, button); });
        tabs.appendChild(button);
        if (index === 0) { show(path, button); }
      });
    })
    .catch(function () { container.textContent = container.dataset.error; });
})();
