// What the tour reads from one rendered page (tests/browser/tour_pages.py): the text a person sees,
// the links and GET forms to follow, the paged lists, counts stated in words, and the page's width.
// With listsOnly (a later page of a list) only the paged lists.
({ counts: countPattern, listsOnly }) => {
  // bpmn.io's watermark ("Powered by bpmn.io") must stay as its licence says, in its own words
  const exempt = (el) => { const t = el.closest("[translate]"); return (!!t && t.getAttribute("translate") === "no") || !!el.closest(".bjs-powered-by"); };
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  // the inside of a closed <details> counts as shown when its summary is: one click opens it
  const shown = (el) => visible(el) || [el.closest("details:not([open])")?.querySelector(":scope > summary")]
    .some((summary) => summary && visible(summary));
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : (e.classList[0] ? "." + e.classList[0] : "")));
      if (e.id) break;
    }
    return parts.join(" > ");
  };
  const lists = [];  // each paged list with the pager that follows it
  for (const el of document.querySelectorAll("[data-list-total], [data-pager]")) {
    if (el.hasAttribute("data-list-total")) {
      lists.push({ where: where(el), total: Number(el.dataset.listTotal),
                   rows: el.querySelectorAll("[data-list-row]").length, next: null, pager: false });
    } else if (lists.length && !lists[lists.length - 1].pager) {
      const last = lists[lists.length - 1];
      last.pager = true;
      last.next = el.querySelector("a[rel=next]")?.href || null;
    }
  }

  if (listsOnly) return { lists };

  const texts = [];
  const add = (text, el, source) => { if (text && text.trim()) texts.push({ text: text.trim(), where: where(el), source }); };

  add(document.title, document.body, "page title");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, template, select, textarea") || exempt(el) || !shown(el)) continue;
    add(node.textContent, el, "text");
  }
  const textual = ["text", "search", "number", "email", "url", "tel", "date", "datetime-local", "month", "submit", "button", "reset"];
  for (const el of document.querySelectorAll("input, textarea")) {
    if (exempt(el) || !shown(el)) continue;
    if (el.tagName === "TEXTAREA" || textual.includes(el.type)) add(el.value, el, "field value");
    add(el.placeholder, el, "placeholder");
  }
  for (const el of document.querySelectorAll("select")) {
    if (exempt(el) || !shown(el)) continue;
    for (const option of el.querySelectorAll("option, optgroup")) {
      if (!exempt(option)) add(option.tagName === "OPTGROUP" ? option.label : option.text, el, "choice");
    }
  }
  for (const el of document.querySelectorAll("[title]")) {
    if (!exempt(el) && shown(el)) add(el.title, el, "tooltip");
  }
  for (const el of document.querySelectorAll("a[aria-label], button[aria-label], input[aria-label], nav[aria-label]")) {
    if (!exempt(el) && shown(el)) add(el.getAttribute("aria-label"), el, "screen reader label");
  }
  if (window.Chart) {  // a chart's labels are drawn on a canvas, out of the DOM's reach
    for (const canvas of document.querySelectorAll("canvas")) {
      const chart = Chart.getChart(canvas);
      if (!chart || exempt(canvas)) continue;
      for (const label of chart.data.labels || []) add(String(label), canvas, "chart label");
      for (const set of chart.data.datasets || []) add(set.label || "", canvas, "chart label");
    }
  }

  const links = [...document.querySelectorAll("a[href]")].map((a) => ({
    href: a.href, menu: !!a.closest("header, nav:not([data-pager])"), download: a.hasAttribute("download") }));
  const forms = [];
  for (const form of document.querySelectorAll("form")) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") continue;
    const data = new FormData(form);
    for (const input of form.querySelectorAll("input[type=search], input[name=q]")) {
      if (input.name && !data.get(input.name)) data.set(input.name, "西岐");  // a search that finds something
    }
    // a required field left empty: a browser would not send the form as it stands
    if ([...form.elements].some((el) => el.required && el.name && !data.get(el.name))) continue;
    const url = new URL(form.getAttribute("action") || "", location.href);  // form.action may be a field named "action"
    url.search = new URLSearchParams(data).toString();
    forms.push(url.href);
  }

  const counts = [];  // "共 56 项" over a list that shows fewer rows and has no pager
  const phrase = new RegExp(countPattern, "i");
  for (const el of document.querySelectorAll("h1, h2, h3, h4, p, span, caption, small, div, li")) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("");
    const match = own.match(phrase);
    if (!match || el.closest("[data-pager], [data-list-total]") || !shown(el)) continue;
    const box = el.closest("section, article, main") || document.body;
    if (box.querySelector("[data-pager], [data-list-total], a[rel=next]")) continue;
    const list = [...box.querySelectorAll("table, ul, ol")].find(
      (l) => el.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING && !l.closest("nav"));
    if (!list) continue;
    const rows = list.tagName === "TABLE" ? list.querySelectorAll("tbody tr").length : list.querySelectorAll(":scope > li").length;
    const stated = Number(match[1] || match[2]);
    if (rows < stated) counts.push({ where: where(el), text: own.trim(), stated, rows });
  }

  const root = document.scrollingElement;
  const limit = root.clientWidth + 1;
  const wide = [];
  if (root.scrollWidth > limit) {  // the outermost elements that stick out on the right
    for (const el of document.body.querySelectorAll("*")) {
      const right = el.getBoundingClientRect().right + window.scrollX;
      const parent = el.parentElement;
      if (right > limit && parent && parent.getBoundingClientRect().right + window.scrollX <= limit) {
        wide.push(`${where(el)} (${Math.round(right)} px)`);
        if (wide.length === 4) break;
      }
    }
  }
  return { texts, links, forms, lists, counts,
           scroll: { width: root.scrollWidth, client: root.clientWidth, wide } };
}
