// Who will receive the tasks of the version being edited, as the server's staffing check answers
// validate and deploy: `staffing: {rows: [...], gap_lanes: [...], gaps: n}`. Lanes whose level has
// a region with nobody to act are marked on the diagram ("无人办理"); the rows are a table under the
// editor. Without a `staffing` key in the answer nothing is drawn.
(function () {
  "use strict";
  var i18n = window.brandcertEditorI18n;
  var text = i18n ? i18n.text : function (s) { return s; };
  var MARK = "bc-gap";

  var english = Boolean(i18n && i18n.english);

  // A row as webapp/designer/staffing.py sends it: process, lane, level_name(_en), role(_name),
  // region_code, region_name, people, waiting (tasks there now), cases (running cases passing), gap.
  var COLUMNS = [
    ["Level", function (row) { return (english ? row.level_name_en : row.level_name) || row.lane; }],
    ["Role", function (row) { return row.role_name || row.role; }],
    ["Region", function (row) { return row.region_name || row.region_code || ""; }],
    ["People who may act", function (row) { return row.people; }],
    ["Cases waiting or on their way", function (row) { return (row.waiting || 0) + " / " + (row.cases || 0); }]
  ];

  function clear(modeler, container) {
    if (container) { container.textContent = ""; }
    if (!modeler || !modeler.get) { return; }
    var canvas = modeler.get("canvas");
    modeler.get("elementRegistry").forEach(function (element) { canvas.removeMarker(element.id, MARK); });
    modeler.get("overlays").remove({ type: "bc-staffing" });
  }

  function draw(modeler, staffing) {
    var gaps = (staffing && staffing.gap_lanes) || [];
    var canvas = modeler.get("canvas");
    var overlays = modeler.get("overlays");
    var marked = [];
    modeler.get("elementRegistry").filter(function (element) {
      return element.type === "bpmn:Lane" && gaps.indexOf(element.businessObject.name) >= 0;
    }).forEach(function (lane) {
      canvas.addMarker(lane.id, MARK);
      var badge = document.createElement("div");
      badge.className = "bc-gap-label";
      badge.textContent = text("Nobody to act");
      overlays.add(lane.id, "bc-staffing", { position: { top: 4, left: 36 }, html: badge, scale: false });
      marked.push(lane.id);
    });
    return marked;
  }

  function grid(rows) {
    var scroller = document.createElement("div");
    scroller.className = "table-scroll";
    var table = document.createElement("table");
    table.className = "list";
    var head = table.createTHead().insertRow();
    COLUMNS.forEach(function (column) {
      var th = document.createElement("th");
      th.textContent = text(column[0]);
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      if (row.gap) { tr.className = "staffing-gap"; }
      tr.setAttribute("data-lane", row.lane || "");
      if (row.tasks && row.tasks.length) { tr.title = row.tasks.join("\n"); }
      COLUMNS.forEach(function (column) {
        var td = tr.insertCell();
        td.setAttribute("data-label", text(column[0]));
        td.textContent = String(column[1](row));
      });
    });
    scroller.appendChild(table);
    return scroller;
  }

  // The gaps first, in plain view; the places where someone may act (a country's villages: many)
  // folded under them.
  function table(staffing) {
    var rows = ((staffing && staffing.rows) || []).map(function (row) {
      return Object.assign({}, row, { gap: row.gap === undefined ? Number(row.people) === 0 : row.gap });
    });
    var gaps = rows.filter(function (row) { return row.gap; });
    var staffed = rows.filter(function (row) { return !row.gap; });
    var wrap = document.createElement("section");
    wrap.className = "editor-staffing";
    var heading = document.createElement("h2");
    heading.textContent = text("Staffing of the new version");
    wrap.appendChild(heading);
    var note = document.createElement("p");
    note.className = "help";
    note.textContent = text(gaps.length ? "Lanes marked red reach regions where nobody may act on their tasks." :
      "Every lane has someone who may act in every region it reaches.");
    wrap.appendChild(note);
    if (gaps.length) { wrap.appendChild(grid(gaps)); }
    if (staffed.length) {
      var fold = document.createElement("details");
      fold.className = "staffing-staffed";
      var summary = document.createElement("summary");
      summary.textContent = text("Places where someone may act ({count})", { count: staffed.length });
      fold.appendChild(summary);
      fold.appendChild(grid(staffed));
      wrap.appendChild(fold);
    }
    return wrap;
  }

  // Shows the staffing of an answer: marks on the diagram, the table into `container`.
  function show(modeler, container, staffing) {
    clear(modeler, container);
    if (!staffing) { return; }
    if (modeler && modeler.get) { draw(modeler, staffing); }
    container.appendChild(table(staffing));
  }

  window.brandcertStaffing = { show: show, clear: clear };
})();
