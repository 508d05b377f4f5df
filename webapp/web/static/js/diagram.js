// The diagram of a case's path: bpmn-js (navigated viewer) draws each process of the case as its
// definition version deployed it; finished elements and followed flows are marked, waiting ones
// too, and an element that ran more than once (a revision loop) carries a counter. Lanes show the
// names of their levels, not the keys the diagram holds (lane-labels.js).
// A whole recommendation fitted into the page would shrink its labels to a few pixels: the diagram
// opens at a readable size with its lanes' names and the step the case waits at in view, and the
// zoom buttons (labelled by the template) zoom in, out or show it whole. A finger pans it inside its
// own box, as the mouse does.
(function () {
  "use strict";

  var READABLE = 0.8;  // the smallest label (13 px) at least 10 px high on the screen
  var MARGIN = 20;
  var container = document.getElementById("diagram");
  var tabs = document.getElementById("diagram-tabs");
  var zoom = document.querySelector(".diagram-zoom");
  if (!container || !tabs || typeof window.BpmnJS !== "function") { return; }

  var lanes = {};  // level key -> name (lane-labels.js), filled from the server's answer before anything is drawn
  var viewer = new window.BpmnJS({
    container: container,
    additionalModules: [window.brandcertLaneLabels(lanes)],
    textRenderer: { defaultStyle: { fontSize: 14, lineHeight: 1.25 }, externalStyle: { fontSize: 13 } }
  });
  var canvas = viewer.get("canvas");

  // The opening view: the whole diagram when it reads well fitted in; otherwise the full width when
  // that keeps the labels readable, else a readable size from the diagram's left edge, where the
  // lanes are named (scrolled right only as far as the waiting step needs); up and down, the
  // waiting step in the middle.
  function openingView(path) {
    canvas.zoom("fit-viewport", "auto");
    var box = canvas.viewbox();
    if (box.scale >= READABLE) { return; }
    var inner = box.inner;
    var scale = Math.max(READABLE, Math.min(1, box.outer.width / (inner.width + 2 * MARGIN)));
    var width = box.outer.width / scale;
    var height = box.outer.height / scale;
    var waiting = path.active.map(function (id) { return viewer.get("elementRegistry").get(id); })
      .filter(function (element) { return element && element.width; })[0];
    var x = inner.x - MARGIN;
    if (waiting && waiting.x + waiting.width + 3 * MARGIN > x + width) {
      x = waiting.x + waiting.width + 3 * MARGIN - width;
    }
    var y = waiting ? waiting.y + waiting.height / 2 - height / 2 : inner.y;
    canvas.viewbox({ x: within(x, inner.x, inner.width, width),
                     y: within(y, inner.y, inner.height, height), width: width, height: height });
  }

  // Keeps a view of `size` from showing empty space beyond the diagram (start..start+extent).
  function within(value, start, extent, size) {
    return Math.max(start - MARGIN, Math.min(value, start + extent + MARGIN - size));
  }

  // The diagrams place their labels for bpmn-js's small default font; at a readable size the label
  // of a flow ("不予推荐") can fall on the label of the event it leads to ("县级不予推荐"). A flow's
  // label moves to the nearest place (a line up or down, half its width aside) where it covers no
  // label, no shape and no line; failing that, no label and no shape. The other labels stay put.
  function separateLabels() {
    var registry = viewer.get("elementRegistry");
    var graphics = viewer.get("graphicsFactory");
    function area(element) {
      var drawn = registry.getGraphics(element).getBBox();
      return { x: element.x + drawn.x, y: element.y + drawn.y, width: drawn.width, height: drawn.height };
    }
    function meets(a, b) {
      return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    }
    function ofFlow(element) {
      return element.type === "label" && element.labelTarget && element.labelTarget.type === "bpmn:SequenceFlow";
    }
    var taken = registry.filter(function (element) {
      return !element.waypoints && !ofFlow(element) && element.parent && ["bpmn:Participant", "bpmn:Lane",
        "bpmn:Process"].indexOf(element.type) < 0;
    }).map(area);
    var lines = [];
    registry.filter(function (element) { return element.waypoints; }).forEach(function (flow) {
      flow.waypoints.slice(1).forEach(function (end, index) {
        var start = flow.waypoints[index];
        lines.push({ x: Math.min(start.x, end.x) - 1, y: Math.min(start.y, end.y) - 1,
                     width: Math.abs(end.x - start.x) + 2, height: Math.abs(end.y - start.y) + 2 });
      });
    });
    function free(box, obstacles) {
      return !obstacles.some(function (other) { return meets(box, other); });
    }
    registry.filter(function (element) { return ofFlow(element) && element.businessObject.name; })
      .forEach(function (label) {
        var own = area(label);
        var places = [];
        [0, -1, 1, -2, 2, -3, 3].forEach(function (down) {
          [0, -1, 1].forEach(function (aside) {
            places.push({ dx: aside * (own.width / 2 + 4), dy: down * (own.height + 2) });
          });
        });
        places.sort(function (a, b) { return Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy); });
        function moved(place) {
          return { x: own.x + place.dx, y: own.y + place.dy, width: own.width, height: own.height };
        }
        var place = places.filter(function (p) { return free(moved(p), taken.concat(lines)); })[0] ||
          places.filter(function (p) { return free(moved(p), taken); })[0] || { dx: 0, dy: 0 };
        if (place.dx || place.dy) {
          label.x += place.dx;
          label.y += place.dy;
          graphics.update("shape", label, registry.getGraphics(label));
        }
        taken.push(moved(place));
      });
  }

  viewer.on("canvas.viewbox.changed", function (event) {
    container.setAttribute("data-scale", event.viewbox.scale.toFixed(3));
  });

  if (zoom) {
    zoom.hidden = false;
    zoom.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("[data-zoom]") : null;
      if (!button) { return; }
      var how = button.getAttribute("data-zoom");
      if (how === "fit") {
        canvas.zoom("fit-viewport", "auto");
      } else {
        viewer.get("zoomScroll").stepZoom(how === "in" ? 1 : -1);
      }
    });
  }

  var finger = null;
  container.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "touch" && event.isPrimary) {
      finger = { id: event.pointerId, x: event.clientX, y: event.clientY };
    }
  });
  container.addEventListener("pointermove", function (event) {
    if (!finger || event.pointerId !== finger.id) { return; }
    canvas.scroll({ dx: event.clientX - finger.x, dy: event.clientY - finger.y });
    finger = { id: event.pointerId, x: event.clientX, y: event.clientY };
  });
  ["pointerup", "pointercancel"].forEach(function (type) {
    container.addEventListener(type, function () { finger = null; });
  });

  function mark(path) {
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
      separateLabels();
      mark(path);
      openingView(path);
      container.setAttribute("data-shown", path.process_id + ":" + (path.lane || ""));
    }).catch(function () {
      container.textContent = container.dataset.error;
    });
  }

  fetch(container.dataset.src, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      Object.assign(lanes, data.lanes || {});
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
