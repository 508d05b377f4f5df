// Progressive enhancement of the region picker (web/region_picker.html): a long list of regions becomes
// one short list per level (province, then its cities, then their counties...). The original list stays
// in the form, hidden, and carries the choice: the server receives the same field as without this file.
(function () {
  "use strict";
  var CASCADE_ABOVE = 15;  // a shorter list is easier to read whole, with each region's parents

  function enhance(select) {
    if (select.dataset.cascade || select.options.length <= CASCADE_ABOVE) { return; }
    // a saved region outside the choices (kept so that saving does not drop it) is shown as the one list
    if (select.value && select.selectedOptions[0].dataset.parent === undefined) { return; }
    select.dataset.cascade = "true";
    var children = {};
    var parentOf = {};
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value || option.dataset.parent === undefined) { return; }
      parentOf[option.value] = option.dataset.parent;
      (children[option.dataset.parent] = children[option.dataset.parent] || []).push(option);
    });
    var box = document.createElement("div");
    box.className = "region-cascade";
    select.insertAdjacentElement("afterend", box);
    var id = select.id;
    select.id = id + "-value";
    select.hidden = true;

    function chain(code) {
      var path = [];
      while (code && parentOf[code] !== undefined) { path.unshift(code); code = parentOf[code]; }
      return path;
    }

    function list(options, chosen, blank, depth) {
      var level = document.createElement("select");
      level.dataset.depth = String(depth);
      level.add(new Option(blank, ""));
      options.forEach(function (option) {
        level.add(new Option(option.dataset.name || option.text, option.value, false, option.value === chosen));
      });
      return level;
    }

    function draw() {
      var path = chain(select.value);
      box.textContent = "";
      var top = list(children[""] || [], path[0] || "", select.options[0].text, 0);
      top.id = id;
      box.appendChild(top);
      path.forEach(function (code, depth) {
        if (!children[code]) { return; }
        var below = list(children[code], path[depth + 1] || "", select.dataset.noFurther, depth + 1);
        below.setAttribute("aria-label", select.querySelector('option[value="' + code + '"]').dataset.name);
        box.appendChild(below);
      });
    }

    box.addEventListener("change", function (event) {
      var depth = parseInt(event.target.dataset.depth, 10);
      var path = chain(select.value);
      select.value = event.target.value || (depth > 0 ? path[depth - 1] : "");
      select.dispatchEvent(new Event("change", { bubbles: true }));
      draw();
    });
    draw();
  }

  function enhanceWithin(root) {
    if (root.matches && root.matches("select[data-region-picker]")) { enhance(root); }
    if (root.querySelectorAll) { Array.prototype.forEach.call(root.querySelectorAll("select[data-region-picker]"), enhance); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceWithin(document);
    // rows added later (another role, another representative) bring their own pickers
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { Array.prototype.forEach.call(change.addedNodes, enhanceWithin); });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
