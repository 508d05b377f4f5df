// The process editors: bpmn-js (modeler, properties panel with the Camunda extensions) or dmn-js,
// with Validate and Deploy asking the server, which checks the file together with every deployed
// one. Problems are listed; those naming an element of the diagram mark it and select it on click.
// The answer's warnings and staffing (who will receive the tasks) are shown with it; a deploy the
// staffing check refuses may be confirmed with a reason. Language and the panel's fields: editor-i18n.js.
(function () {
  "use strict";

  var root = document.getElementById("editor");
  var bar = document.getElementById("editor-bar");
  var result = document.getElementById("editor-result");
  if (!root || !bar || !result) { return; }
  var kind = root.dataset.kind;
  var text = bar.dataset;
  var modeler = null;

  var NEW_BPMN = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ' +
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_new" targetNamespace="https://brandcert">\n' +
    '  <bpmn:process id="Process_new" isExecutable="true"><bpmn:startEvent id="StartEvent_new" /></bpmn:process>\n' +
    '  <bpmndi:BPMNDiagram id="Diagram_new"><bpmndi:BPMNPlane id="Plane_new" bpmnElement="Process_new">' +
    '<bpmndi:BPMNShape id="StartEvent_new_di" bpmnElement="StartEvent_new"><dc:Bounds x="180" y="160" width="36" ' +
    'height="36" /></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n';
  var NEW_DMN = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_new" name="DRD" ' +
    'namespace="https://brandcert">\n  <decision id="Decision_new" name="Decision">\n' +
    '    <decisionTable id="Table_new"><input id="Input_1"><inputExpression id="Expr_1" typeRef="number">' +
    '<text>score</text></inputExpression></input><output id="Output_1" name="result" typeRef="string" />' +
    '</decisionTable>\n  </decision>\n</definitions>\n';

  function create() {
    var i18n = window.brandcertEditorI18n;  // editor-i18n.js: the administrator's language
    if (kind === "dmn") {
      var views = { container: "#editor-canvas" };  // dmn-js takes modules per view, not in `common`
      ["drd", "decisionTable", "literalExpression", "boxedExpression"].forEach(function (view) {
        views[view] = { additionalModules: i18n ? i18n.dmn() : [] };
      });
      return Promise.resolve(new window.DmnJS(views));
    }
    return fetch(root.dataset.moddle).then(function (response) { return response.json(); }).then(function (camunda) {
      var panel = window.BpmnJSPropertiesPanel;
      var local = i18n ? i18n.bpmn() : { modules: [], config: {}, description: {} };
      return new window.BpmnJS({
        container: "#editor-canvas",
        propertiesPanel: { parent: "#editor-panel", description: local.description },
        additionalModules: [panel.BpmnPropertiesPanelModule, panel.BpmnPropertiesProviderModule,
          panel.CamundaPlatformPropertiesProviderModule].concat(local.modules),
        moddleExtensions: { camunda: camunda },
        brandcert: local.config
      });
    });
  }

  // The whole diagram, right of the palette: the lanes' level names are at their left edge.
  function fit() {
    var canvas = modeler.get("canvas");
    canvas.zoom("fit-viewport");
    var box = canvas.viewbox();
    var palette = root.querySelector(".djs-palette");
    var room = palette ? (palette.offsetWidth + 12) / box.scale : 0;
    canvas.viewbox({ x: box.x - room, y: box.y, width: box.width + room, height: box.height });
  }

  function load(xml) {
    return modeler.importXML(xml).then(function (outcome) {
      if (kind === "bpmn") { fit(); }
      if (kind === "dmn") {
        var table = modeler.getViews().filter(function (view) { return view.type === "decisionTable"; })[0];
        if (table) { modeler.open(table); }
      }
      root.dataset.loaded = "true";
      result.textContent = "";
      return outcome;
    });
  }

  function show(className, heading, items) {
    result.className = "editor-result notice " + className;
    result.textContent = "";
    var title = document.createElement("p");
    title.textContent = heading;
    result.appendChild(title);
    if (items && items.length) {
      var list = document.createElement("ul");
      items.forEach(function (item) { list.appendChild(item); });
      result.appendChild(list);
    }
  }

  function item(textContent, href, linkText) {
    var li = document.createElement("li");
    li.textContent = textContent;
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = linkText;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
    }
    return li;
  }

  function markProblems(problems) {
    if (kind !== "bpmn") {
      return problems.map(function (problem) { return item(problem); });
    }
    var registry = modeler.get("elementRegistry");
    var canvas = modeler.get("canvas");
    registry.forEach(function (element) { canvas.removeMarker(element.id, "bc-problem"); });
    return problems.map(function (problem) {
      var li = item(problem);
      var named = registry.filter(function (element) {
        return element.type !== "label" && (problem.indexOf(": " + element.id + ":") >= 0 ||
          problem.indexOf("(" + element.id + ")") >= 0);
      })[0];
      if (named) {
        canvas.addMarker(named.id, "bc-problem");
        li.className = "problem-link";
        li.setAttribute("data-element", named.id);
        li.tabIndex = 0;
        li.addEventListener("click", function () {
          modeler.get("selection").select(named);
          canvas.scrollToElement(named);
        });
      }
      return li;
    });
  }

  function send(url, extra) {
    return modeler.saveXML({ format: true }).then(function (saved) {
      var body = { xml: saved.xml };
      Object.keys(extra || {}).forEach(function (key) { body[key] = extra[key]; });
      return fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": text.csrf },
        body: JSON.stringify(body)
      });
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") < 0) {
        throw new Error(text.textFailed.replace("STATUS", String(response.status)));
      }
      return response.json();
    });
  }

  // What an answer adds to its verdict: the flow checks' warnings under it, and who will receive
  // the tasks (editor-staffing.js: gap lanes marked on the diagram, the table under the editor).
  function showExtras(answer) {
    var say = window.brandcertEditorI18n ? window.brandcertEditorI18n.text : String;
    if (answer.warnings && answer.warnings.length) {
      var heading = document.createElement("p");
      heading.className = "editor-warnings-title";
      heading.textContent = say("Warnings:");
      var list = document.createElement("ul");
      list.className = "editor-warnings";
      answer.warnings.forEach(function (warning) { list.appendChild(item(String(warning))); });
      result.appendChild(heading);
      result.appendChild(list);
    }
    var box = document.getElementById("editor-staffing");
    if (box && window.brandcertStaffing && kind === "bpmn") {
      window.brandcertStaffing.show(modeler, box, answer.staffing);
    }
    if (window.brandcertRehearsal && answer.scenarios) { window.brandcertRehearsal.showChecks(answer.scenarios); }
  }

  function validate() {
    return send(text.validate).then(function (answer) {
      if (!answer.ok) {
        show("notice-error", text.textRefused, markProblems(answer.problems || []));
        showExtras(answer);
        return;
      }
      markProblems([]);
      var items = Object.keys(answer.processes).map(function (key) {
        var state = answer.processes[key];
        return item(key + ": " + (state === "unchanged" ? text.textUnchanged : state));
      });
      show("notice-success", text.textValid, items);
      showExtras(answer);
    });
  }

  // A deploy the staffing check refused: the gaps, and a reason to deploy anyway (recorded).
  function confirmGaps(answer) {
    var say = window.brandcertEditorI18n ? window.brandcertEditorI18n.text : String;
    markProblems([]);
    show("notice-error", (answer.problems && answer.problems[0]) || say("Deploying would leave tasks with " +
      "nobody to act on them. Create the officials first, or deploy anyway and say why:"));
    var form = document.createElement("form");
    form.className = "gap-confirm";
    var label = document.createElement("label");
    label.textContent = say("Reason (recorded in the administration trail)");
    var reason = document.createElement("textarea");
    reason.name = "reason";
    reason.required = true;
    reason.minLength = 2;
    reason.maxLength = 500;
    reason.rows = 2;
    label.appendChild(reason);
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "primary danger";
    button.textContent = say("Deploy anyway");
    form.appendChild(label);
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var why = reason.value.trim();
      if (why.length < 2 || why.length > 500) {
        reason.setCustomValidity(say("Give a reason of 2 to 500 characters."));
        reason.reportValidity();
        return;
      }
      deploy({ confirm_gaps: true, reason: why }).catch(failed);
    });
    reason.addEventListener("input", function () { reason.setCustomValidity(""); });
    result.appendChild(form);
    showExtras(answer);
  }

  function deploy(confirmed) {
    if (!confirmed && !window.confirm(text.textConfirm)) { return Promise.resolve(); }
    return send(text.deploy, confirmed).then(function (answer) {
      if (answer.error === "staffing_gaps") { confirmGaps(answer); return; }
      if (!answer.ok) {
        show("notice-error", text.textRefused, markProblems(answer.problems || []));
        showExtras(answer);
        return;
      }
      markProblems([]);
      if (!answer.deployed.length) { show("notice-info", text.textNothing); showExtras(answer); return; }
      show("notice-success", text.textDeployed, answer.deployed.map(function (d) {
        return item(d.key + " v" + d.version, d.migrate, text.textMove);
      }));
      showExtras(answer);
    });
  }

  function download() {
    return modeler.saveXML({ format: true }).then(function (saved) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([saved.xml], { type: "application/xml" }));
      link.download = document.title.split(" · ")[0];
      link.click();
    });
  }

  function failed(error) { show("notice-error", String(error && error.message || error)); }

  bar.addEventListener("click", function (event) {
    var action = event.target instanceof HTMLElement ? event.target.dataset.action : null;
    var run = { validate: validate, deploy: function () { return deploy(); }, download: download }[action];
    if (run && modeler) { run().catch(failed); }
  });
  bar.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.files || !input.files[0]) { return; }
    input.files[0].text().then(load).catch(failed);
  });

  create().then(function (created) {
    modeler = created;
    window.brandcertEditor = { modeler: modeler, load: load, validate: validate };
    if (!text.file) { return load(kind === "dmn" ? NEW_DMN : NEW_BPMN); }
    return fetch(text.file, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (file) { return load(file.xml); });
  }).catch(failed);
})();
