// The process editors in the administrator's language, showing only what brandcert reads.
// - translate: bpmn-js, its properties panel and dmn-js call the `translate` service for every text;
//   ours looks the text up in brandcert's dictionaries (bpmn-zh.js, dmn-zh.js), English pages keep
//   the originals.
// - properties: a provider registered after the Camunda one keeps only the groups and fields that
//   deployment reads (listeners, mappings, async, external tasks... are refused or ignored), and
//   the panel's description hook puts help (bpmn-help.js) under each field; the replace menu drops
//   the task kinds deployment refuses.
// - lanes: a lane's name stays the level key the engine reads (`township`); the diagram draws the
//   level's name instead (lane-labels.js), from the levels the server lists in #editor-vocabulary.
(function () {
  "use strict";
  var dictionaries = window.brandcertTranslations || {};
  var english = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var missing = {};  // texts the libraries asked for that the dictionary lacks: to find its gaps
  var own = Object.prototype.hasOwnProperty;

  function translator(dictionary) {
    return function translate(template, replacements) {
      var text = template === undefined || template === null ? "" : String(template);
      if (dictionary && own.call(dictionary, text)) {
        text = dictionary[text];
      } else if (dictionary && text) {
        missing[text] = true;
      }
      replacements = replacements || {};
      return text.replace(/{([^}]+)}/g, function (whole, key) {
        return own.call(replacements, key) ? String(replacements[key]) : whole;
      });
    };
  }

  var bpmnText = translator(english ? null : dictionaries.bpmn);

  function translateModule(dictionary) {
    return { translate: ["value", translator(english ? null : dictionary)] };
  }

  // {levels: {key: name}, roles: {key: name}} from the server's ordered [key, name] pairs.
  function vocabulary() {
    var node = document.getElementById("editor-vocabulary");
    var names = { levels: {}, roles: {} };
    var sent = {};
    try {
      sent = node ? JSON.parse(node.textContent) : {};
    } catch (error) {
      return names;
    }
    Object.keys(names).forEach(function (kind) {
      (sent[kind] || []).forEach(function (pair) { names[kind][pair[0]] = pair[1]; });
    });
    return names;
  }

  // Which groups and fields of the panel stay: null keeps every field of the group.
  var KEEP = {
    general: ["name", "id", "processId", "processName", "isExecutable"],
    documentation: ["documentation", "processDocumentation"],
    multiInstance: ["loopCardinality", "completionCondition", "collection", "elementVariable"],
    timer: null,
    CamundaPlatform__Tasklist: ["isStartableInTasklist"],
    CamundaPlatform__UserAssignment: ["assignee", "candidateGroups", "dueDate"],
    CamundaPlatform__Form: ["formType", "formKey"],
    CamundaPlatform__Condition: ["conditionType", "conditionExpression"],
    CamundaPlatform__CallActivity: ["calledElementType", "calledElement"],
    CamundaPlatform__Implementation: ["implementationType", "decisionRef"],
    CamundaPlatform__ExtensionProperties: null
  };

  function semantic(element) {
    return element && element.businessObject ? element.businessObject : element;
  }

  function isA(element, type) {
    var bo = semantic(element);
    return Boolean(bo && bo.$instanceOf && bo.$instanceOf(type));
  }

  function keeps(group, element) {
    if (!own.call(KEEP, group.id)) { return false; }
    return group.id !== "CamundaPlatform__Implementation" || isA(element, "bpmn:BusinessRuleTask");
  }

  // Help under a field. The panel's description hook (`description` in its config, below) cannot
  // replace a description the field brings itself (Camunda's "Specify more than one group as a
  // comma separated list" is wrong here: brandcert takes one), nor name an extension property's
  // fields, whose ids carry the element id; so the help also goes into the Description the entry
  // draws, or into the props of the entry component it returns.
  function withDescription(entry, describe) {
    var original = entry.component;
    entry.component = function (props) {
      var drawn = original(props);
      var text = describe(props);
      if (!text || !drawn || !drawn.props) { return drawn; }
      if (typeof drawn.type === "function") {
        drawn.props.description = text;
        return drawn;
      }
      [].concat(drawn.props.children).forEach(function (child) {
        if (child && child.props && child.props.forId === entry.id && "value" in child.props) {
          child.props.value = text;
        }
      });
      return drawn;
    };
  }

  function PropertiesFilter(propertiesPanel, config, translate) {
    var describe = config.describe;
    this.getGroups = function (element) {
      return function (groups) {
        return groups.filter(function (group) { return keeps(group, element); }).map(function (group) {
          var allowed = KEEP[group.id];
          if (allowed && group.entries) {
            group.entries = group.entries.filter(function (entry) { return allowed.indexOf(entry.id) >= 0; });
          }
          (group.entries || []).forEach(function (entry) {
            withDescription(entry, function (props) { return describe(entry.id, props.element || element); });
          });
          group.translate = translate;  // the panel's own titles ("Toggle section") fall back to English
          (group.items || []).forEach(function (item) {
            (item.entries || []).forEach(function (entry) {
              withDescription(entry, function (props) {
                var name = props.property && props.property.name;
                return describe(/-name$/.test(entry.id) ? "property.name" : "property." + (name || "other"));
              });
            });
          });
          return group;
        }).filter(function (group) { return !group.entries || group.entries.length; });
      };
    };
    propertiesPanel.registerProvider(100, this);
  }
  PropertiesFilter.$inject = ["propertiesPanel", "config.brandcert", "translate"];

  function listing(names) {
    return Object.keys(names).map(function (key) {
      return key + (english ? " = " : "＝") + names[key];
    }).join(english ? ", " : "，");
  }

  // The help of every field by entry id: "name" depends on the element's kind, "property.*" on the
  // extension property's name; {roles} and {levels} are the server's lists.
  function descriptions(help, names) {
    var filled = {};
    Object.keys(help).forEach(function (key) {
      filled[key] = help[key].replace("{roles}", listing(names.roles || {}))
        .replace("{levels}", listing(names.levels || {}));
    });
    var config = {};
    Object.keys(filled).forEach(function (key) {
      if (key.indexOf(".") < 0) { config[key] = function () { return filled[key]; }; }
    });
    config.documentation = function (element) {
      return filled[isA(element, "bpmn:UserTask") ? "documentation.task" : "documentation.other"];
    };
    config.processDocumentation = function () { return filled["documentation.other"]; };
    config.name = function (element) {
      if (isA(element, "bpmn:Lane")) { return filled["name.lane"]; }
      if (isA(element, "bpmn:UserTask")) { return filled["name.task"]; }
      if (isA(element, "bpmn:Process") || isA(element, "bpmn:Participant")) { return filled["name.process"]; }
      return filled["name.other"];
    };
    var describe = function (id, element) {
      if (own.call(config, id)) { return config[id](element); }
      if (id.indexOf("property.") === 0) { return filled[id] || filled["property.other"] || ""; }
      return "";
    };
    return { config: config, describe: describe };
  }

  // The replace menu without the task kinds deployment refuses (service, script and send tasks).
  function RefusedKinds(popupMenu) {
    this.getPopupMenuEntries = function () {
      return function (entries) {
        Object.keys(entries).forEach(function (id) {
          if (/(service|script|send)-task$/.test(id)) { delete entries[id]; }
        });
        return entries;
      };
    };
    popupMenu.registerProvider("bpmn-replace", 100, this);
  }
  RefusedKinds.$inject = ["popupMenu"];

  // The properties panel draws its header buttons' tooltips without translate(): retitle them.
  function translateTitles(root, dictionary) {
    if (english || !root || !dictionary) { return; }
    var retitle = function () {
      root.querySelectorAll("[title]").forEach(function (element) {
        var text = dictionary[element.getAttribute("title")];
        if (text) { element.setAttribute("title", text); }
      });
    };
    new MutationObserver(retitle).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["title"] });
    retitle();
  }

  window.brandcertEditorI18n = {
    english: english,
    missing: missing,
    text: bpmnText,
    bpmn: function () {
      var names = vocabulary();
      var help = descriptions((dictionaries.bpmnHelp || {})[english ? "en" : "zh"] || {}, names);
      translateTitles(document.getElementById("editor-panel"), dictionaries.bpmn);
      return {
        modules: [translateModule(dictionaries.bpmn), {
          __init__: ["brandcertPropertiesFilter", "brandcertRefusedKinds"],
          brandcertPropertiesFilter: ["type", PropertiesFilter],
          brandcertRefusedKinds: ["type", RefusedKinds]
        }, window.brandcertLaneLabels(names.levels || {})],
        config: { describe: help.describe },
        description: help.config
      };
    },
    dmn: function () {
      return [translateModule(dictionaries.dmn)];
    }
  };
})();
