// The form editor: the schema and the layout file in code editors (window.BrandcertCode, bundled
// from CodeMirror; plain text areas when it is missing), checked by the server half a second after
// the typing stops. The server answers the problems (document, line, column, path, message in the
// reader's language), shown in a list and at their lines, and the form drawn as officials will see
// it; while there are problems the preview keeps the last form that had none.
(function () {
  "use strict";

  var form = document.getElementById("form-documents");
  var preview = document.getElementById("form-preview");
  var list = document.getElementById("form-problems");
  var status = document.getElementById("form-status");
  if (!form || !preview || !list || !status) { return; }
  var text = form.dataset;
  var phrases = JSON.parse(text.phrases || "{}");
  var editors = {};
  var timer = null;
  var sent = 0;

  // A plain text area with the same interface, for a page without the bundled editor.
  function plain(area) {
    area.addEventListener("input", schedule);
    return {
      getValue: function () { return area.value; },
      setProblems: function (problems) { area.classList.toggle("has-problems", problems.length > 0); },
      reveal: function (line, column) {
        var lines = area.value.split("\n");
        var offset = 0;
        for (var i = 0; i < Math.min(line - 1, lines.length); i += 1) { offset += lines[i].length + 1; }
        offset += Math.max((column || 1) - 1, 0);
        area.focus();
        area.setSelectionRange(offset, offset);
      },
      addField: null
    };
  }

  ["schema", "ui"].forEach(function (name) {
    var area = document.getElementById(name);
    var label = document.querySelector("label[for='" + name + "']");
    editors[name] = window.BrandcertCode ? window.BrandcertCode.create(area, {
      onChange: schedule, phrases: phrases, label: label ? label.textContent : name, describedBy: name + "-help",
      nonce: text.styleNonce
    }) : plain(area);
  });
  form.dataset.editor = window.BrandcertCode ? "code" : "plain";

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  }

  function say(message, kind) {
    status.textContent = message;
    status.className = "form-status " + (kind || "");
  }

  function showProblems(problems) {
    list.textContent = "";
    ["schema", "ui"].forEach(function (name) {
      editors[name].setProblems(problems.filter(function (p) { return p.document === name && p.line; }));
    });
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "problem-link";
      var where = document.createElement("span");
      where.className = "problem-document";
      where.textContent = text["document" + problem.document.charAt(0).toUpperCase() + problem.document.slice(1)] ||
        problem.document;
      button.appendChild(where);
      button.appendChild(document.createTextNode(" " + problem.text));
      Object.keys(problem).forEach(function (key) {
        if (problem[key] !== null && typeof problem[key] !== "object") { item.dataset[key] = problem[key]; }
      });
      if (problem.line && editors[problem.document]) {
        button.addEventListener("click", function () { editors[problem.document].reveal(problem.line, problem.column); });
      } else {
        button.disabled = true;
      }
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function check() {
    var data = new FormData();
    data.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    data.append("schema", editors.schema.getValue());
    data.append("ui", editors.ui.getValue());
    var number = sent += 1;
    say(text.textChecking, "busy");
    fetch(text.preview, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (answer) {
        if (number !== sent) { return; }  // an older answer arriving after a newer request
        showProblems(answer.problems || []);
        if (answer.ok) {
          preview.innerHTML = answer.preview;  // drawn and escaped by the server's templates
          preview.classList.remove("stale");
          say(text.textOk, "ok");
        } else {
          preview.classList.add("stale");
          say(text.textProblems.replace("COUNT", String(answer.problems.length)) + " " + text.textStale, "bad");
        }
        preview.dataset.fresh = String(Date.now());
      })
      .catch(function (error) {
        if (number === sent) { say(text.textFailed.replace("STATUS", error.message), "bad"); }
      });
  }

  // "Add a field": a skeleton with a Chinese title to type over, added to the schema's properties.
  var bar = document.getElementById("add-field");
  var skeletons = {
    text: { type: "string", title: "新文字字段", maxLength: 200 },
    longtext: { type: "string", title: "新说明字段", maxLength: 2000 },
    number: { type: "integer", title: "新数字字段", minimum: 0 },
    choice: { type: "string", title: "新选择字段", "enum": ["option_1", "option_2"],
      "x-enum-labels": { option_1: "选项一", option_2: "选项二" } },
    checkbox: { type: "boolean", title: "新勾选字段" },
    date: { type: "string", format: "date", title: "新日期字段" }
  };
  if (bar && editors.schema.addField) {
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var kind = event.target.dataset && event.target.dataset.field;
      if (!kind || !skeletons[kind]) { return; }
      var current = editors.schema.getValue();
      var number = 1;
      while (current.indexOf("\"field_" + number + "\"") >= 0) { number += 1; }
      var body = JSON.stringify(skeletons[kind], null, 2);
      if (!editors.schema.addField("field_" + number, body, skeletons[kind].title)) {
        say(text.textNoProperties, "bad");
      }
    });
  }

  check();
})();
