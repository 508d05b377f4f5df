// The task page on a phone: the floating "办理" button that leads down to the decision form steps
// aside while the form is in sight. Without this file the button simply stays.
(function () {
  "use strict";

  var form = document.getElementById("decide");
  var button = document.querySelector("[data-decide-sticky]");
  if (!form || !button || !("IntersectionObserver" in window)) { return; }
  new IntersectionObserver(function (entries) {
    button.classList.toggle("is-hidden", entries[entries.length - 1].isIntersecting);
  }).observe(form);
})();
