// The code editor of the form editor: CodeMirror 6 for JSON, with line numbers, bracket matching,
// automatic indentation and the server's problems shown at their lines. CodeMirror ships ES modules
// only, so .ci/setup bundles this file with esbuild into static/vendor/code-editor/code-editor.js
// (not committed); the page's own script (js/form-editor.js) drives it through window.BrandcertCode.
import { EditorState, RangeSet, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration, EditorView, GutterMarker, WidgetType, drawSelection, gutterLineClass, highlightActiveLine,
  highlightActiveLineGutter, keymap, lineNumbers
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, syntaxTree
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";

const setProblems = StateEffect.define();

class MessageWidget extends WidgetType {
  constructor(text) { super(); this.text = text; }
  eq(other) { return other.text === this.text; }
  toDOM() {
    const box = document.createElement("div");
    box.className = "cm-problem-message";
    box.setAttribute("role", "note");
    box.textContent = this.text;
    return box;
  }
  ignoreEvent() { return false; }
}

const problemLine = Decoration.line({ class: "cm-problem-line" });
const problemMark = Decoration.mark({ class: "cm-problem-mark" });
const gutterMark = new (class extends GutterMarker { get elementClass() { return "cm-problem-gutter"; } })();

function position(doc, problem) {
  const line = doc.line(Math.min(Math.max(problem.line || 1, 1), doc.lines));
  return { line, pos: Math.min(line.from + Math.max((problem.column || 1) - 1, 0), line.to) };
}

function decorate(doc, problems) {
  const ranges = [];
  const lines = [];
  for (const problem of problems) {
    if (!problem.line) { continue; }
    const { line, pos } = position(doc, problem);
    const rest = doc.sliceString(pos, line.to);
    const token = /^("(?:[^"\\]|\\.)*"?|[^\s,:{}[\]]+|.)/.exec(rest);
    const end = Math.min(pos + (token ? token[0].length : 0), line.to);
    if (!lines.includes(line.from)) { lines.push(line.from); ranges.push(problemLine.range(line.from)); }
    if (end > pos) { ranges.push(problemMark.range(pos, end)); }
    ranges.push(Decoration.widget({ widget: new MessageWidget(problem.message), block: true, side: 1 })
      .range(line.to));
  }
  return { decorations: Decoration.set(ranges, true), gutter: RangeSet.of(lines.map((from) => gutterMark.range(from)), true) };
}

const problemField = StateField.define({
  create() { return { decorations: Decoration.none, gutter: RangeSet.empty }; },
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setProblems)) { return decorate(tr.state.doc, effect.value); }
    }
    return tr.docChanged ? { decorations: value.decorations.map(tr.changes), gutter: value.gutter.map(tr.changes) }
      : value;
  },
  provide: (field) => [EditorView.decorations.from(field, (value) => value.decorations),
    gutterLineClass.from(field, (value) => value.gutter)]
});

// Where a new field goes: after the property the cursor is in (or the last one) of the top-level
// "properties" object, so the document stays valid JSON.
function fieldInsertion(state) {
  const tree = syntaxTree(state);
  const top = tree.topNode.getChild("Object");
  if (!top) { return null; }
  const named = (node) => {
    const name = node.getChild("PropertyName");
    return name ? state.doc.sliceString(name.from, name.to) : "";
  };
  const properties = top.getChildren("Property").find((node) => named(node) === "\"properties\"");
  const object = properties && properties.lastChild && properties.lastChild.name === "Object" ? properties.lastChild : null;
  if (!object) { return null; }
  const fields = object.getChildren("Property");
  const head = state.selection.main.head;
  const after = fields.filter((node) => node.from <= head).pop() || fields[fields.length - 1];
  const indent = fields.length ? " ".repeat(fields[0].from - state.doc.lineAt(fields[0].from).from)
    : " ".repeat(object.from - state.doc.lineAt(object.from).from + 2);
  if (after) { return { at: after.to, before: ",\n" + indent, after: "", indent }; }
  const close = " ".repeat(Math.max(indent.length - 2, 0));
  return { at: object.from + 1, before: "\n" + indent, after: "\n" + close, indent };
}

function create(textarea, options) {
  const settings = options || {};
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), foldGutter(), highlightActiveLineGutter(), highlightActiveLine(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), closeBrackets(), json(), EditorView.lineWrapping,
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }), EditorState.tabSize.of(2),
        EditorState.phrases.of(settings.phrases || {}), EditorView.cspNonce.of(settings.nonce || ""), problemField,
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...foldKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": settings.label || "", "aria-describedby": settings.describedBy || "" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) { return; }
          textarea.value = update.state.doc.toString();  // the page's form posts the textarea
          if (settings.onChange) { settings.onChange(); }
        })
      ]
    })
  });
  textarea.parentNode.insertBefore(view.dom, textarea.nextSibling);
  textarea.hidden = true;
  view.dom.dataset.editorFor = textarea.id;

  return {
    view,
    getValue: () => view.state.doc.toString(),
    setProblems: (problems) => view.dispatch({ effects: setProblems.of(problems) }),
    reveal(line, column) {
      const { pos } = position(view.state.doc, { line, column });
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
    // Adds `"name": {…}` to the schema's properties; returns false when there is no properties
    // object to add to (the text is not valid JSON there yet).
    addField(name, body, selectText) {
      const place = fieldInsertion(view.state);
      if (!place) { return false; }
      const text = place.before + JSON.stringify(name) + ": " + body.split("\n").join("\n" + place.indent) +
        place.after;
      const start = place.at + place.before.length;
      const offset = selectText ? text.indexOf(selectText) : -1;
      const anchor = offset >= 0 ? place.at + offset : start;
      view.dispatch({
        changes: { from: place.at, insert: text },
        selection: { anchor, head: offset >= 0 ? anchor + selectText.length : anchor },
        scrollIntoView: true
      });
      view.focus();
      return true;
    }
  };
}

window.BrandcertCode = { create };
