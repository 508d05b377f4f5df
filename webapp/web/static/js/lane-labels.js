// Lanes drawn with their level's name (村级, Village): in a diagram a lane's name is the key of its
// level (`village`), because the engine reads it. The default renderer draws a copy of the lane whose
// name is the level's name, so the label is laid out as usual; the diagram itself keeps the key.
// The process editor (editor-i18n.js) and the case diagram (diagram.js) both use it, each with the
// key -> name map the server sends in the reader's language.
(function () {
  "use strict";
  var own = Object.prototype.hasOwnProperty;

  window.brandcertLaneLabels = function (names) {
    function LaneLabels(eventBus, bpmnRenderer) {
      eventBus.on("render.shape", 1500, function (event, context) {
        var element = context.element;
        var bo = element && element.businessObject;
        if (element.type !== "bpmn:Lane" || !bo || !own.call(names, bo.name)) { return; }
        var shown = Object.create(element, {
          businessObject: { value: Object.create(bo, { name: { value: names[bo.name] } }) }
        });
        return bpmnRenderer.drawShape(context.gfx, shown, context.attrs);
      });
    }
    LaneLabels.$inject = ["eventBus", "bpmnRenderer"];
    return { __init__: ["brandcertLaneLabels"], brandcertLaneLabels: ["type", LaneLabels] };
  };
})();
