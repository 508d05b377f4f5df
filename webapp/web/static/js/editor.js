// The process editors: bpmn-js (modeler, properties panel with the Camunda extensions) or dmn-js,
// with Validate and Deploy asking the server, which checks the file together with every deployed
// one. Problems are listed; those naming an element of the diagram mark it and select it on click.
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
    if (kind === "dmn") {
      return Promise.resolve(new window.DmnJS({ container: "#editor-canvas" }));
    }
    return fetch(root.dataset.moddle).then(function (response) { return response.json(); }).then(function (camunda) {
      var panel = window.BpmnJSPropertiesPanel;
      return new window.BpmnJS({
        container: "#editor-canvas",
        propertiesPanel: { parent: "#editor-panel" },
        additionalModules: [panel.BpmnPropertiesPanelModule, panel.BpmnPropertiesProviderModule,
          panel.CamundaPlatformPropertiesProviderModule],
        moddleExtensions: { camunda: camunda }
      });
    });
  }

  function load(xml) {
    return modeler.importXML(xml).then(function (outcome) {
      if (kind === "bpmn") { modeler.get("canvas").zoom("fit-viewport"); }
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
        return element.type !== "label" && problem.indexOf(": " + element.id + ":") >= 0;
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

  function send(url) {
    return modeler.saveXML({ format: true }).then(function (saved) {
      return fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": text.csrf },
        body: JSON.stringify({ xml: saved.xml })
      });
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") < 0) {
        throw new Error(text.textFailed.replace("STATUS", String(response.status)));
      }
      return response.json();
    });
  }

  function validate() {
    return send(text.validate).then(function (answer) {
      if (!answer.ok) { show("notice-error", text.textRefused, markProblems(answer.problems)); return; }
      markProblems([]);
      var items = Object.keys(answer.processes).map(function (key) {
        var state = answer.processes[key];
        return item(key + ": " + (state === "unchanged" ? text.textUnchanged : state));
      });
      show("notice-success", text.textValid, items);
    });
  }

  function deploy() {
    if (!window.confirm(text.textConfirm)) { return Promise.resolve(); }
    return send(text.deploy).then(function (answer) {
      if (!answer.ok) { show("notice-error", text.textRefused, markProblems(answer.problems)); return; }
      markProblems([]);
      if (!answer.deployed.length) { show("notice-info", text.textNothing); return; }
      show("notice-success", text.textDeployed, answer.deployed.map(function (d) {
        return item(d.key + " v" + d.version, d.migrate, text.textMove);
      }));
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
    var run = { validate: validate, deploy: deploy, download: download }[action];
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
