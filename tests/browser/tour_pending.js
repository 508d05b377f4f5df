// Counts the page's own requests for data, so that the tour reads a page once its data has arrived
// (tests/browser/tour_pages.py adds it to every page before the page's scripts run).
(() => {
  window.__tourPending = 0;
  const fetch0 = window.fetch;
  window.fetch = function (...args) {
    window.__tourPending++;
    return fetch0.apply(this, args).finally(() => window.__tourPending--);
  };
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    window.__tourPending++;
    this.addEventListener("loadend", () => window.__tourPending--);
    return send0.apply(this, args);
  };
})();
