/* ARKG web UI: our own small script, no framework, nothing fetched from elsewhere.
   Query editor with highlighting, results tables (sortable, with entity links and downloads),
   canned-query forms, and entity autocomplete. */
(function () {
  "use strict";
  /* The namespaces and download formats come from the page (layout.html renders them from
     arkg.namespaces and arkg.serialisers): never typed here. */
  var NS = {};
  try { NS = JSON.parse((document.getElementById("arkg-namespaces") || {}).textContent || "{}"); } catch (e) { NS = {}; }
  var RESULT_FORMATS = NS.result_formats || [];
  var GRAPH_FORMATS = NS.graph_formats || [];
  var PREFIXES = NS.prefixes || {};
  var LOCAL = NS.local || [];  /* [namespace, local path] */
  var SHORT = NS.short || [];  /* [namespace, "prefix:"], tried in order */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function localPath(iri) {
    if (NS.ontology && iri === NS.ontology) return "/ontology";
    for (var i = 0; i < LOCAL.length; i++) {
      if (iri.indexOf(LOCAL[i][0]) === 0 && iri.length > LOCAL[i][0].length) return LOCAL[i][1] + iri.slice(LOCAL[i][0].length);
    }
    return null;
  }
  function shorten(iri) {
    for (var i = 0; i < SHORT.length; i++) {
      var ns = SHORT[i][0];
      if (iri.indexOf(ns) === 0 && iri.slice(ns.length).indexOf("/") < 0) return SHORT[i][1] + iri.slice(ns.length);
    }
    return iri;
  }

  /* ---- dates in the stated notation: recognised and read (bounds, words) by the server ----
     The notation lives in one place, arkg.dates: every short literal of a results table goes to
     /api/labels, which answers for the stated dates among them and ignores the rest. */
  var LONGEST_SENT = 60;  /* longer text is never a date: not sent, to keep the request small */
  /* ---- results -------------------------------------------------------------------------- */
  function cell(term) {
    var td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      var local = localPath(term.value);
      var a = el("a", { href: local || term.value, title: term.value, "data-iri": term.value, "data-short": shorten(term.value) }, shorten(term.value));
      if (!local) { a.className = "ext"; a.rel = "noopener"; }
      td.appendChild(a);
      td.setAttribute("data-sort", shorten(term.value));
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
      td.setAttribute("data-sort", term.value);
    } else {
      if (term["xml:lang"]) td.setAttribute("lang", term["xml:lang"]);
      td.textContent = term.value;
      td.setAttribute("data-sort", term.value);
      if (term.value.length <= LONGEST_SENT) td.setAttribute("data-literal", term.value);
    }
    return td;
  }
  function addLabels(box) {
    var links = box.querySelectorAll("a[data-iri]"), iris = [];
    var literals = box.querySelectorAll("td[data-literal]"), seen = Object.create(null);
    function ask(value) { if (!seen[value]) { seen[value] = true; iris.push(value); } }
    Array.prototype.forEach.call(links, function (a) { if (localPath(a.getAttribute("data-iri"))) ask(a.getAttribute("data-iri")); });
    Array.prototype.forEach.call(literals, function (td) { ask(td.getAttribute("data-literal")); });
    if (!iris.length) return Promise.resolve();
    return fetch("/api/labels", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(iris) })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (labels) {
        Array.prototype.forEach.call(links, function (a) {
          var found = labels[a.getAttribute("data-iri")];
          if (!found) return;
          a.setAttribute("data-label", found.label);
          a.textContent = box.classList.contains("show-iris") ? a.getAttribute("data-short") : found.label;
          a.parentNode.setAttribute("data-sort", found.label);
          if (found.type) a.title = found.type + " · " + a.getAttribute("data-iri");
        });
        Array.prototype.forEach.call(literals, function (td) {
          var stated = td.getAttribute("data-literal"), found = labels[stated];
          if (!found || found.words === undefined) return;  /* not a stated date */
          var title = stated + (found.earliest ? " · from " + found.earliest : "") + (found.latest ? " · to " + found.latest : "");
          td.textContent = "";
          td.appendChild(el("span", { "class": "date", title: title, "data-stated": stated }, found.words));
          /* sorted by the earliest bound; by the latest when the start is open */
          td.setAttribute("data-sort", found.earliest || found.latest);
        });
        box.setAttribute("data-labelled", "1");
      }).catch(function () {});
  }
  function showIris(box, on) {
    box.classList.toggle("show-iris", on);
    Array.prototype.forEach.call(box.querySelectorAll("a[data-iri]"), function (a) {
      a.textContent = on || !a.getAttribute("data-label") ? a.getAttribute("data-short") : a.getAttribute("data-label");
    });
  }
  var toggles = 0;
  function renderResults(box, data) {
    box.innerHTML = "";
    if (typeof data.boolean === "boolean") {
      box.appendChild(el("p", { "class": "boolean" }, data.boolean ? "true" : "false"));
      return;
    }
    var vars = data.head.vars, rows = data.results.bindings;
    var bar = el("div", { "class": "results-bar" });
    bar.appendChild(el("p", { "class": "count" }, rows.length + (rows.length === 1 ? " row" : " rows")));
    var id = "show-iris-" + (++toggles);
    var label = el("label", { "for": id, "class": "iri-toggle" });
    var box2 = el("input", { type: "checkbox", id: id, "class": "show-iris" });
    label.appendChild(box2); label.appendChild(document.createTextNode(" show IRIs"));
    bar.appendChild(label);
    box.appendChild(bar);
    var wrap = el("div", { "class": "table-wrap" });
    var table = el("table", { "class": "sortable results-table" });
    var thead = el("thead"), tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", { scope: "col" }, v)); });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (row) {
      var r = el("tr");
      vars.forEach(function (v) { r.appendChild(cell(row[v])); });
      tbody.appendChild(r);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    box.appendChild(wrap);
    makeSortable(table);
    box2.addEventListener("change", function () { showIris(box, box2.checked); });
    return addLabels(box);
  }
  function renderDownloads(box, base, kind, timelineUrl) {
    box.innerHTML = "";
    var formats = kind === "graph" ? GRAPH_FORMATS : RESULT_FORMATS;
    box.appendChild(document.createTextNode("Download: "));
    formats.forEach(function (f, i) {
      if (i) box.appendChild(document.createTextNode(" · "));
      box.appendChild(el("a", { href: base + (base.indexOf("?") < 0 ? "?" : "&") + "format=" + f[0], download: "", "class": "dl-" + f[0], "aria-label": "download as " + f[1] }, f[1]));
    });
    if (timelineUrl && kind !== "graph") {
      box.appendChild(document.createTextNode(" · "));
      box.appendChild(el("a", { href: timelineUrl, "class": "to-timeline" }, "show on a timeline"));
    }
  }
  function cleanError(text) { return String(text).replace(/^error \d+: /, "").trim(); }
  function fail(box, status, text) {
    box.innerHTML = "";
    box.appendChild(el("pre", { "class": "error", role: "alert" }, cleanError(text)));
  }
  function copyLink(button, url) {
    var done = function () { button.textContent = "Link copied"; button.setAttribute("data-copied", url); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("Link to this query", url); done(); });
    } else { window.prompt("Link to this query", url); done(); }
  }

  /* ---- sortable tables ------------------------------------------------------------------ */
  function key(td) { return td ? (td.getAttribute("data-sort") || td.textContent || "") : ""; }
  function makeSortable(table) {
    if (table.getAttribute("data-sortable")) return;
    table.setAttribute("data-sortable", "1");
    var ths = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(ths, function (th, index) {
      th.title = "sort by " + th.textContent; th.tabIndex = 0;
      function sort() {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          var nx = parseFloat(x), ny = parseFloat(y);
          if (!isNaN(nx) && !isNaN(ny) && /^-?[\d.]+$/.test(x) && /^-?[\d.]+$/.test(y)) return dir * (nx - ny);
          if (!x !== !y) return x ? -1 : 1;  // empty cells last
          if (/^\d{4}-\d\d-\d\d$/.test(x) && /^\d{4}-\d\d-\d\d$/.test(y)) return dir * (x < y ? -1 : x > y ? 1 : 0);
          return dir * x.localeCompare(y);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);

  /* The relations timeline: zoom and pan by mouse. The server draws every window (from/to in the
     URL, as the zoom and move links do); the mouse only chooses the next window. */
  function zoomable(svg) {
    var lo = parseFloat(svg.getAttribute("data-lo")), hi = parseFloat(svg.getAttribute("data-hi"));
    var left = parseFloat(svg.getAttribute("data-left")), right = parseFloat(svg.getAttribute("data-right"));
    var from = parseFloat(svg.getAttribute("data-from")), to = parseFloat(svg.getAttribute("data-to"));
    var viewWidth = svg.viewBox.baseVal.width;
    function yearAt(clientX) {
      var box = svg.getBoundingClientRect();
      var x = (clientX - box.left) * viewWidth / box.width;
      return lo + (x - left) * (hi - lo) / (right - left);
    }
    function yearsPerPixel() {
      return (hi - lo) / (right - left) * viewWidth / svg.getBoundingClientRect().width;
    }
    function go(start, end) {  /* a window in years: start inclusive, end exclusive */
      var a = Math.floor(start), b = Math.ceil(end) - 1;
      if (b <= a) b = a + 1;
      var params = new URLSearchParams(window.location.search);
      params.set("from", String(a)); params.set("to", String(b));
      svg.setAttribute("data-going", params.toString());
      window.location.assign(window.location.pathname + "?" + params.toString());
    }
    function zoom(factor, around) {
      around = Math.min(Math.max(around, from), to);
      go(around - (around - from) * factor, around + (to - around) * factor);
    }
    var wheelTimer = null, pending = 1, pendingAt = null;
    svg.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) return;  /* plain scrolling keeps scrolling the page */
      e.preventDefault();
      pending *= e.deltaY < 0 ? 0.8 : 1.25;
      pendingAt = yearAt(e.clientX);
      clearTimeout(wheelTimer);
      wheelTimer = setTimeout(function () { zoom(pending, pendingAt); }, 150);
    }, { passive: false });
    svg.addEventListener("dblclick", function (e) {
      if (e.target.closest && e.target.closest("a")) return;
      e.preventDefault();
      zoom(0.5, yearAt(e.clientX));
    });
    var drag = null;
    svg.addEventListener("mousedown", function (e) {
      if (e.button !== 0 || (e.target.closest && e.target.closest("a"))) return;
      e.preventDefault();
      drag = { x: e.clientX };
      svg.classList.add("dragging");
    });
    window.addEventListener("mousemove", function (e) {
      if (drag) svg.style.transform = "translateX(" + (e.clientX - drag.x) + "px)";
    });
    window.addEventListener("mouseup", function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x;
      drag = null;
      svg.classList.remove("dragging");
      svg.style.transform = "";
      if (Math.abs(dx) < 4) return;  /* a click, not a drag */
      var shift = Math.round(-dx * yearsPerPixel());  /* whole years, so the window keeps its width */
      if (!shift) return;
      go(from + shift, to + shift);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("svg.timeline[data-zoomable]"), zoomable);

  /* ---- editor ------------------------------------------------------------------------- */
  var KEYWORDS = "SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|FROM|NAMED|PREFIX|BASE|DISTINCT|REDUCED|OPTIONAL|UNION|MINUS|GRAPH|FILTER|BIND|VALUES|AS|ORDER|BY|ASC|DESC|GROUP|HAVING|LIMIT|OFFSET|NOT|EXISTS|IN|a|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|STR|LANG|LANGMATCHES|DATATYPE|BOUND|IRI|URI|BNODE|COALESCE|IF|CONTAINS|STRSTARTS|STRENDS|STRBEFORE|STRAFTER|REGEX|REPLACE|LCASE|UCASE|CONCAT|YEAR|MONTH|DAY|NOW|isIRI|isURI|isLiteral|isBlank|true|false";
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                   // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                    // 3 IRI
    "([?$][A-Za-z_0-9\\u00C0-\\uFFFF]+)",           // 4 variable
    "([A-Za-z][\\w.-]*:[\\w.-]*|:[\\w.-]+)",        // 5 prefixed name
    "\\b(" + KEYWORDS + ")\\b",                      // 6 keyword
    "(\\b\\d+(?:\\.\\d+)?\\b)"                       // 7 number
  ].join("|"), "gi");
  var CLASSES = [null, "c", "s", "i", "v", "p", "k", "n"];
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function highlight(text) {
    var out = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m[0] === "") { TOKEN.lastIndex++; continue; }
      out += esc(text.slice(last, m.index));
      for (var g = 1; g < CLASSES.length; g++) {
        if (m[g] !== undefined) { out += '<span class="t' + CLASSES[g] + '">' + esc(m[0]) + "</span>"; break; }
      }
      last = m.index + m[0].length;
    }
    return out + esc(text.slice(last)) + "\n";
  }
  var area = document.getElementById("query");
  if (area) {
    var hl = document.getElementById("highlight");
    var pre = hl.parentNode;
    var gutter = document.getElementById("gutter");
    var errorLine = 0;
    var numbers = function () {
      var n = area.value.split("\n").length, html = "";
      for (var i = 1; i <= n; i++) {
        html += '<span class="ln' + (i === errorLine ? " err" : "") + '"' + (i === errorLine ? ' title="syntax error on this line"' : "") + ">" + i + "</span>";
      }
      gutter.innerHTML = html;
      gutter.scrollTop = area.scrollTop;
    };
    var sync = function () { hl.innerHTML = highlight(area.value); pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; numbers(); };
    /* completion of arkg: terms and arkr: entities: a listbox under the editor */
    var acList = el("ul", { id: "editor-complete", role: "listbox", "aria-label": "completions", "class": "ac-list editor-ac" });
    acList.hidden = true;
    gutter.parentNode.parentNode.insertBefore(acList, gutter.parentNode.nextSibling);
    area.setAttribute("aria-controls", "editor-complete");
    var acItems = [], acActive = -1, acTimer = null, acSeq = 0;
    var wordAtCaret = function () { return /(arkg|arkr):([\w\-.]*)$/.exec(area.value.slice(0, area.selectionStart)); };
    var acClose = function () { acList.hidden = true; acItems = []; acActive = -1; area.removeAttribute("aria-activedescendant"); };
    var acAccept = function (i) {
      var m = wordAtCaret();
      if (!m || !acItems[i]) return acClose();
      var start = area.selectionStart - m[0].length, text = acItems[i].insert;
      area.value = area.value.slice(0, start) + text + area.value.slice(area.selectionStart);
      area.setSelectionRange(start + text.length, start + text.length);
      acClose(); sync();
    };
    var acMark = function () {
      Array.prototype.forEach.call(acList.children, function (li, i) {
        li.classList.toggle("active", i === acActive); li.setAttribute("aria-selected", i === acActive ? "true" : "false");
      });
      if (acActive >= 0) area.setAttribute("aria-activedescendant", "editor-complete-" + acActive);
    };
    var acFetch = function () {
      var m = wordAtCaret();
      clearTimeout(acTimer);
      if (!m || (m[1] === "arkr" && !m[2])) { acClose(); return; }
      acTimer = setTimeout(function () {
        var mine = ++acSeq;
        fetch("/api/complete?prefix=" + m[1] + "&q=" + encodeURIComponent(m[2])).then(function (r) { return r.json(); })
          .then(function (found) {
            if (mine !== acSeq) return;
            acItems = found; acActive = found.length ? 0 : -1; acList.innerHTML = "";
            found.forEach(function (item, i) {
              var li = el("li", { role: "option", id: "editor-complete-" + i, "aria-selected": "false" });
              li.appendChild(el("span", { "class": "ac-label" }, item.insert));
              li.appendChild(el("span", { "class": "ac-type" }, item.label + (item.type ? " · " + item.type : "")));
              li.addEventListener("mousedown", function (e) { e.preventDefault(); acAccept(i); });
              acList.appendChild(li);
            });
            acList.hidden = !found.length; acMark();
          }).catch(acClose);
      }, 120);
    };
    area.addEventListener("keydown", function (e) {
      if (e.key === " " && e.ctrlKey) { e.preventDefault(); acFetch(); return; }
      if (acList.hidden) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault(); e.stopImmediatePropagation();
        acActive = (acActive + (e.key === "ArrowDown" ? 1 : -1) + acItems.length) % acItems.length; acMark();
      } else if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey) || e.key === "Tab") {
        if (acActive >= 0) { e.preventDefault(); e.stopImmediatePropagation(); acAccept(acActive); }
      } else if (e.key === "Escape") { e.preventDefault(); e.stopImmediatePropagation(); acClose(); }
    });
    area.addEventListener("blur", function () { setTimeout(acClose, 150); });
    area.addEventListener("input", function () { errorLine = 0; sync(); acFetch(); });
    area.addEventListener("scroll", function () { pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; gutter.scrollTop = area.scrollTop; });
    area.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
      else if (e.key === "Escape") { e.preventDefault(); document.getElementById("run").focus(); }
      else if (e.key === "Tab" && !e.shiftKey) {
        e.preventDefault();
        var s = area.selectionStart;
        area.value = area.value.slice(0, s) + "  " + area.value.slice(area.selectionEnd);
        area.selectionStart = area.selectionEnd = s + 2; sync();
      }
    });
    sync();
    var menu = document.getElementById("prefix-menu");
    menu.addEventListener("change", function () {
      var p = menu.value;
      if (p && PREFIXES[p]) {
        var line = "PREFIX " + p + ": <" + PREFIXES[p] + ">\n";
        if (area.value.indexOf(line) < 0) area.value = line + area.value;
        sync();
      }
      menu.value = "";
    });
    var status = document.getElementById("status");
    var results = document.getElementById("results");
    var downloads = document.getElementById("downloads");
    var markError = function (message) {
      var m = /at line (\d+), column (\d+)/.exec(message) || /error at (\d+):(\d+)/.exec(message);
      errorLine = m ? parseInt(m[1], 10) : 0;
      numbers();
      if (m) {  // put the caret where the error is
        var lines = area.value.split("\n"), offset = 0;
        for (var i = 0; i < errorLine - 1 && i < lines.length; i++) offset += lines[i].length + 1;
        area.setSelectionRange(offset + parseInt(m[2], 10) - 1, offset + parseInt(m[2], 10) - 1);
      }
    };
    var run = function () {
      var q = area.value;
      status.textContent = "running…";
      var started = Date.now();
      if (window.history && history.replaceState) history.replaceState(null, "", "/query?query=" + encodeURIComponent(q));
      fetch("/sparql", { method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: "query=" + encodeURIComponent(q) })
        .then(function (resp) {
          return resp.text().then(function (body) {
            var took = ((Date.now() - started) / 1000).toFixed(2) + " s";
            if (!resp.ok) {
              status.textContent = "failed (" + took + ")"; downloads.innerHTML = "";
              markError(body);
              return fail(results, resp.status, body);
            }
            errorLine = 0; numbers();
            var type = resp.headers.get("Content-Type") || "";
            var base = "/sparql?query=" + encodeURIComponent(q);
            if (type.indexOf("json") >= 0) {
              renderResults(results, JSON.parse(body));
              renderDownloads(downloads, base, "results", "/timeline?query=" + encodeURIComponent(q));
            } else {
              results.innerHTML = ""; results.appendChild(el("pre", { "class": "graph" }, body));
              renderDownloads(downloads, base, "graph");
            }
            status.textContent = "done in " + took;
          });
        })
        .catch(function (err) { status.textContent = "failed"; fail(results, 0, String(err)); });
    };
    document.getElementById("run").addEventListener("click", run);
    document.getElementById("copy-link").addEventListener("click", function (e) {
      copyLink(e.target, window.location.origin + "/query?query=" + encodeURIComponent(area.value));
    });
    if (area.getAttribute("data-autorun")) run();
  }

  /* ---- canned-query forms ---------------------------------------------------------------- */
  Array.prototype.forEach.call(document.querySelectorAll("form.canned"), function (form) {
    var card = form.parentNode;
    var submit = function () {
      var params = [];
      Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (input) {
        var value = input.value.trim();
        if (input.dataset.iri && input.dataset.label === value) value = input.dataset.iri;
        if (value) params.push(encodeURIComponent(input.name) + "=" + encodeURIComponent(value));
      });
      var name = form.getAttribute("data-name");
      var url = "/canned/" + encodeURIComponent(name) + (params.length ? "?" + params.join("&") : "");
      var box = card.querySelector(".results"), dl = card.querySelector(".downloads");
      if (form.getAttribute("data-autorun") && window.history && history.replaceState) history.replaceState(null, "", url);
      box.textContent = "running…";
      fetch(url, { headers: { "Accept": "application/sparql-results+json" } }).then(function (resp) {
        return resp.text().then(function (body) {
          if (!resp.ok) { dl.innerHTML = ""; return fail(box, resp.status, body); }
          renderResults(box, JSON.parse(body));
          renderDownloads(dl, url, "results", "/timeline?canned=" + encodeURIComponent(name) + (params.length ? "&" + params.join("&") : ""));
          dl.appendChild(document.createTextNode(" · "));
          dl.appendChild(el("a", { href: url, "class": "permalink" }, "link to these results"));
          var copy = el("button", { type: "button", "class": "copy-link" }, "Copy link");
          copy.addEventListener("click", function () { copyLink(copy, window.location.origin + url); });
          dl.appendChild(document.createTextNode(" ")); dl.appendChild(copy);
        });
      }).catch(function (err) { fail(box, 0, String(err)); });
    };
    form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    if (form.getAttribute("data-autorun")) submit();
  });

  /* ---- autocomplete (an ARIA 1.2 combobox with a listbox popup) ---------------------------- */
  var comboboxes = 0;
  Array.prototype.forEach.call(document.querySelectorAll("input.entity-search"), function (input) {
    var listId = "ac-list-" + (++comboboxes);
    var list = el("ul", { "class": "ac-list", role: "listbox", id: listId, "aria-label": "suggestions" });
    list.hidden = true;
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var timer = null, items = [], active = -1, seq = 0;
    function setOpen(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) input.removeAttribute("aria-activedescendant");
    }
    function choose(item) {
      if (input.dataset.navigate) { window.location.href = item.path; return; }
      input.value = item.label; input.dataset.label = item.label; input.dataset.iri = item.iri;
      setOpen(false);
    }
    function show(found) {
      items = found; active = -1; list.innerHTML = "";
      found.forEach(function (item, i) {
        var li = el("li", { role: "option", id: listId + "-" + i, "data-iri": item.iri, "aria-selected": "false" });
        li.appendChild(el("span", { "class": "ac-label" }, item.label));
        li.appendChild(el("span", { "class": "ac-type" }, (item.type ? item.type + " · " : "") + item.id));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      setOpen(found.length > 0);
    }
    input.addEventListener("input", function () {
      delete input.dataset.iri;
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { show([]); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/search?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
          .then(function (found) { if (mine === seq) show(found); }).catch(function () { show([]); });
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) {
          li.classList.toggle("active", i === active);
          li.setAttribute("aria-selected", i === active ? "true" : "false");
        });
        input.setAttribute("aria-activedescendant", listId + "-" + active);
      } else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
      else if (e.key === "Escape") { setOpen(false); }
    });
    input.addEventListener("blur", function () { setTimeout(function () { setOpen(false); }, 100); });
  });
})();
