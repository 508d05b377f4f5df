// "Try this version" (designer/_rehearsal.html): posts the diagram in the editor with a base region
// and the chosen decisions to designer.rehearse, lists the steps (level, task, form, due date) and
// marks the path on the diagram through the modeler editor.js exposes (window.brandcertEditor).
// Saved scenarios are listed, tried again and deleted here; after a deploy, editor.js hands the
// scenarios' new paths to window.brandcertRehearsal.showChecks.
(function () {
  "use strict";

  var root = document.getElementById("rehearsal");
  var textNode = document.getElementById("rehearsal-text");
  if (!root || !textNode) { return; }
  var text = JSON.parse(textNode.textContent || "{}");
  var data = root.dataset;
  var form = document.getElementById("rehearsal-form");
  var regionsBox = document.getElementById("rehearsal-regions");
  var decisionsBox = document.getElementById("rehearsal-decisions");
  var result = document.getElementById("rehearsal-result");
  var scenarioList = document.getElementById("rehearsal-scenarios");
  var nameInput = document.getElementById("rehearsal-name");
  var MARK = "bc-rehearsed", WAIT_MARK = "bc-rehearsal-waiting";
  var chosen = {};  // task key -> the decision chosen in its select
  var overlayIds = [];
  var dates = new Intl.DateTimeFormat(document.documentElement.lang || "zh-CN",
    { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function modeler() { return window.brandcertEditor ? window.brandcertEditor.modeler : null; }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf },
      body: JSON.stringify(body)
    }).then(answered);
  }

  function answered(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") < 0) {
      throw new Error(text.failed.replace("STATUS", String(response.status)));
    }
    return response.json();
  }

  // --- the base region: one select per level, each listing the regions below the one chosen above
  function regionSelect(regions, depth) {
    var select = el("select");
    select.dataset.depth = String(depth);
    select.setAttribute("aria-label", text.whole_level);
    select.appendChild(new Option(text.whole_level, ""));
    regions.forEach(function (region) { select.appendChild(new Option(region.name, region.code)); });
    return select;
  }

  function loadLevel(within, depth) {
    var url = data.regions + (within ? "?within=" + encodeURIComponent(within) : "");
    return fetch(url, { credentials: "same-origin" }).then(answered).then(function (answer) {
      Array.prototype.slice.call(regionsBox.querySelectorAll("select")).forEach(function (select) {
        if (Number(select.dataset.depth) >= depth) { select.remove(); }
      });
      if (answer.regions.length) { regionsBox.appendChild(regionSelect(answer.regions, depth)); }
    });
  }

  function baseRegion() {
    var codes = Array.prototype.slice.call(regionsBox.querySelectorAll("select"))
      .map(function (select) { return select.value; }).filter(Boolean);
    return codes.length ? codes[codes.length - 1] : "";
  }

  function setRegionPath(codes) {  // choose a saved scenario's region, level by level
    return codes.reduce(function (done, code, depth) {
      return done.then(function () {
        var select = regionsBox.querySelector('select[data-depth="' + depth + '"]');
        if (!select) { return null; }
        select.value = code;
        return loadLevel(code, depth + 1);
      });
    }, loadLevel("", 0));
  }

  regionsBox.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement)) { return; }
    var depth = Number(select.dataset.depth);
    if (select.value) { loadLevel(select.value, depth + 1).catch(failed); return; }
    Array.prototype.slice.call(regionsBox.querySelectorAll("select")).forEach(function (other) {
      if (Number(other.dataset.depth) > depth) { other.remove(); }
    });
  });

  // --- the decisions: a select for every task where something is to be chosen
  function showDecisions(decisions, waitingKey) {
    decisionsBox.textContent = "";
    var open = decisions.filter(function (point) { return point.options.length > 1; });
    if (!open.length) { decisionsBox.appendChild(el("p", "help", text.no_decisions)); return; }
    open.forEach(function (point) {
      var label = el("label", "rehearsal-decision" + (point.key === waitingKey ? " waiting" : ""));
      label.appendChild(el("span", "rehearsal-decision-name",
        (point.level ? point.level + " · " : "") + point.name));
      var select = el("select");
      select.name = point.key;
      select.appendChild(new Option(text.choose, ""));
      point.options.forEach(function (option) { select.appendChild(new Option(option.label, option.value)); });
      select.value = chosen[point.key] || (point.chosen.length ? point.chosen[0] : "");
      label.appendChild(select);
      decisionsBox.appendChild(label);
      if (point.key === waitingKey) { window.setTimeout(function () { select.focus(); }, 0); }
    });
  }

  decisionsBox.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement) { chosen[select.name] = select.value; }
  });

  function choices() {
    var picked = {};
    Object.keys(chosen).forEach(function (key) { if (chosen[key]) { picked[key] = chosen[key]; } });
    return picked;
  }

  // --- the path: the step list, and marks on the diagram
  function stepRow(step, number) {
    var row = el("tr", step.unreachable ? "unreachable" : "");
    var cells = [
      [text.step, String(number)],
      [text.level, step.level + (step.region ? " · " + step.region : "")],
      [text.task, step.name + (step.count > 1 ? " " + text.times.replace("COUNT", step.count) : "")],
      [text.form, step.form || ""],
      [text.decision, step.kind === "timer" ? text.timer : (step.decision_label || "")],
      [text.due, step.due ? dates.format(new Date(step.due)) +
        (step.working_days !== null ? " (" + text.working_days.replace("DAYS", step.working_days) + ")" : "") : ""]
    ];
    cells.forEach(function (cell) {
      var td = el("td", null, cell[1]);
      td.setAttribute("data-label", cell[0]);
      row.appendChild(td);
    });
    if (step.unreachable) { row.cells[1].appendChild(el("span", "rehearsal-unreachable", " " + text.unreachable)); }
    return row;
  }

  function showPath(answer) {
    result.textContent = "";
    var notice = el("p", "notice " + (answer.stopped === "finished" ? "notice-success" : "notice-error"), answer.message);
    result.appendChild(notice);
    if (answer.recognized_at.length) {
      result.appendChild(el("p", null, text.recognized_at + " " + answer.recognized_at.join("、")));
    }
    if (answer.warnings.length) {
      var warnings = el("ul", "editor-warnings");
      answer.warnings.forEach(function (warning) { warnings.appendChild(el("li", null, warning)); });
      result.appendChild(warnings);
    }
    var table = el("table", "list rehearsal-steps");
    var head = el("tr");
    [text.step, text.level, text.task, text.form, text.decision, text.due].forEach(function (title) {
      head.appendChild(el("th", null, title));
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    answer.steps.forEach(function (step, index) { body.appendChild(stepRow(step, index + 1)); });
    result.appendChild(table);
    draw(answer);
  }

  function clearMarks(canvas, registry, overlays) {
    registry.forEach(function (element) {
      canvas.removeMarker(element.id, MARK);
      canvas.removeMarker(element.id, WAIT_MARK);
    });
    overlayIds.forEach(function (id) { overlays.remove(id); });
    overlayIds = [];
  }

  function draw(answer) {
    var bpmn = modeler();
    if (!bpmn) { return; }
    var canvas = bpmn.get("canvas"), registry = bpmn.get("elementRegistry"), overlays = bpmn.get("overlays");
    clearMarks(canvas, registry, overlays);
    answer.elements.concat(answer.flows).forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, MARK); } });
    answer.steps.forEach(function (step, index) {
      if (!registry.get(step.bpmn_id)) { return; }
      overlayIds.push(overlays.add(step.bpmn_id, "bc-rehearsal", {
        position: { top: -12, left: -12 }, html: el("span", "bc-rehearsal-number", String(index + 1))
      }));
    });
    if (answer.waiting_element && registry.get(answer.waiting_element)) {
      canvas.addMarker(answer.waiting_element, WAIT_MARK);
      overlayIds.push(overlays.add(answer.waiting_element, "bc-rehearsal", {
        position: { bottom: -4, left: 0 }, html: el("span", "bc-rehearsal-wait", text.waiting)
      }));
    }
  }

  function refused(answer) {
    result.textContent = "";
    result.appendChild(el("p", "notice notice-error", text.refused));
    var list = el("ul");
    (answer.problems || []).forEach(function (problem) { list.appendChild(el("li", null, problem)); });
    result.appendChild(list);
  }

  function failed(error) {
    result.textContent = "";
    result.appendChild(el("p", "notice notice-error", String(error && error.message || error)));
  }

  function withXml(build) {
    var bpmn = modeler();
    if (!bpmn) { return Promise.resolve(null); }
    return bpmn.saveXML({ format: true }).then(function (saved) { return build(saved.xml); });
  }

  function tryIt() {
    if (!baseRegion()) { failed(text.pick_region); return Promise.resolve(); }
    return withXml(function (xml) {
      return post(data.rehearse, { xml: xml, region: baseRegion(), choices: choices() });
    }).then(function (answer) {
      if (!answer) { return; }
      if (!answer.ok) { refused(answer); return; }
      Object.keys(answer.choices).forEach(function (key) { chosen[key] = answer.choices[key][0]; });
      showDecisions(answer.decisions, answer.waiting_at);
      showPath(answer);
      showScenarios(answer.scenarios);
    });
  }

  // --- scenarios
  function showScenarios(scenarios) {
    scenarioList.textContent = "";
    if (!scenarios.length) { scenarioList.appendChild(el("li", "help", text.no_scenarios)); return; }
    scenarios.forEach(function (scenario) {
      var item = el("li");
      item.appendChild(el("strong", null, scenario.name));
      item.appendChild(el("span", "rehearsal-scenario-region", " · " + scenario.region_name));
      item.appendChild(el("div", "rehearsal-scenario-path", scenario.path.join(" → ")));
      var again = el("button", "secondary", text.load);
      again.type = "button";
      again.addEventListener("click", function () {
        chosen = {};
        Object.keys(scenario.choices).forEach(function (key) { chosen[key] = scenario.choices[key][0]; });
        nameInput.value = scenario.name;
        setRegionPath(scenario.region_path).then(tryIt).catch(failed);
      });
      var remove = el("button", "secondary", text.delete);
      remove.type = "button";
      remove.addEventListener("click", function () {
        if (!window.confirm(text.confirm_delete)) { return; }
        post(scenario.delete, {}).then(function () { return loadScenarios(); }).catch(failed);
      });
      item.appendChild(again);
      item.appendChild(remove);
      scenarioList.appendChild(item);
    });
  }

  function loadScenarios() {
    return fetch(data.scenarios, { credentials: "same-origin" }).then(answered).then(function (answer) {
      showScenarios(answer.scenarios);
    });
  }

  function save() {
    if (!baseRegion()) { failed(text.pick_region); return Promise.resolve(); }
    return withXml(function (xml) {
      return post(data.save, { xml: xml, name: nameInput.value, region: baseRegion(), choices: choices() });
    }).then(function (answer) {
      if (!answer) { return; }
      if (!answer.ok) { refused(answer); return; }
      showScenarios(answer.scenarios);
      return tryIt();
    });
  }

  // After a deploy (editor.js): which saved scenarios now take another path.
  function showChecks(checks) {
    if (!checks || !checks.length) { return; }
    var box = el("div", "notice rehearsal-checks");
    box.appendChild(el("p", null, text.checks));
    var list = el("ul");
    checks.forEach(function (check) {
      var item = el("li", check.changed ? "changed" : "", check.name + ": " + (check.changed ? text.changed : text.same));
      if (check.changed) {
        item.appendChild(el("div", null, text.before + ": " + check.before.join(" → ")));
        item.appendChild(el("div", null, text.after + ": " + check.after.join(" → ")));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var editorResult = document.getElementById("editor-result");
    (editorResult || result).appendChild(box);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    tryIt().catch(failed);
  });
  document.getElementById("rehearsal-save").addEventListener("click", function () { save().catch(failed); });

  var bar = document.getElementById("editor-bar");
  var validate = bar ? bar.querySelector('[data-action="validate"]') : null;
  if (validate) {  // "Try this version" next to Validate: brings the form into view
    var button = el("button", "secondary", text.try_button);
    button.type = "button";
    button.addEventListener("click", function () {
      root.scrollIntoView({ behavior: "smooth", block: "start" });
      var first = regionsBox.querySelector("select");
      if (first) { first.focus({ preventScroll: true }); }
    });
    validate.insertAdjacentElement("afterend", button);
  }

  window.brandcertRehearsal = { showChecks: showChecks, tryIt: tryIt };
  loadLevel("", 0).then(loadScenarios).catch(failed);
  showDecisions([], null);
})();
