"""HTML pages: home, query editor, canned-query gallery, timelines, and one page per entity.

Pages read the server's own copy of the store with fixed queries (user input is only ever bound
as an RDF term); anything a user writes as SPARQL runs in the worker pool instead.
"""

from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from .. import __version__
from ..canned import catalog
from ..namespaces import ARKG, ARKR, ONTOLOGY_IRI, PREFIXES, shorten
from ..store import open_store
from ..text import search_key
from . import formats, ontology_doc, timeline

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
LANGUAGES = {"en": "English", "sq": "Albanian", "ru": "Russian"}
NAV = [("/", "Home"), ("/query", "Query"), ("/queries", "Canned queries"), ("/timeline", "Timeline"),
       ("/ontology", "Ontology"), ("/sparql", "Endpoint")]
RUSSIAN_STATES = ("russian-empire", "soviet-union", "russian-federation")

DEFAULT_QUERY = """PREFIX arkg: <https://w3id.org/arkg/ontology/>
PREFIX arkr: <https://w3id.org/arkg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Events in which both Albania and the Soviet Union took part
SELECT ?date ?event ?label WHERE {
  ?event a arkg:Event ;
         arkg:participant arkr:albania, arkr:soviet-union ;
         rdfs:label ?label ;
         arkg:timeSpan/arkg:stated ?date .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?date
LIMIT 100
"""


def local_path(iri: str) -> str | None:
    """Where an ARKG IRI dereferences on this server (None for other IRIs)."""
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    for prefix, ns in (("/id/", str(ARKR)), ("/ontology/", str(ARKG))):
        if iri.startswith(ns) and len(iri) > len(ns):
            return prefix + quote(iri[len(ns):], safe="-._~!$&'()*+,;=:@/")
    return None


def href(iri: str) -> str:
    return local_path(iri) or iri


def layout(title: str, body: str, *, active: str = "", scripts: bool = True) -> str:
    nav = "".join(f'<a href="{p}"{" class=active" if p == active else ""}>{escape(n)}</a>' for p, n in NAV)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · ARKG</title>"
        '<link rel="stylesheet" href="/static/style.css">'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        "</head><body>"
        f'<header class="top"><a class="brand" href="/">ARKG <span>Albania–Russia Knowledge Graph</span></a>'
        f"<nav>{nav}</nav></header>"
        f'<main>{body}</main>'
        f'<footer>ARKG {escape(__version__)} · every fact cites its source · '
        f'<a href="/sparql">SPARQL endpoint</a> · data CC BY 4.0</footer>'
        + ('<script src="/static/app.js"></script>' if scripts else "")
        + "</body></html>"
    )


class Site:
    """Page rendering over the server's store."""

    mapping = [("/id/", str(ARKR)), ("/ontology/", str(ARKG))]
    ontology_iri = ONTOLOGY_IRI

    def __init__(self, info):
        self.info = info
        self.store = open_store(True, info)
        self.queries = catalog()
        title, body = ontology_doc.render_body()
        self._ontology_html = layout(title, body, active="/ontology")
        self.triples = len(self.store)

    # --- store helpers ----------------------------------------------------------------------

    def select(self, query: str, **bind) -> list[dict]:
        # Bound terms are written in N-Triples syntax (pyoxigraph escapes them), never raw text.
        for name, term in bind.items():
            query = re.sub(r"\?%s\b" % name, lambda m, t=str(term): t, query)
        solutions = self.store.query(query)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names} for s in solutions]

    def label(self, iri: str) -> str:
        rows = self.select(f"SELECT ?l WHERE {{ ?e <{RDFS}label> ?l }}", e=ox.NamedNode(iri))
        by_lang = {r["l"].language or "": r["l"].value for r in rows if r["l"] is not None}
        return by_lang.get("en") or by_lang.get("") or next(iter(by_lang.values()), None) or shorten(iri)

    def term_html(self, term, labels: bool = True) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            text = self.label(term.value) if labels and local_path(term.value) else shorten(term.value)
            external = "" if local_path(term.value) else ' class="ext" rel="noopener"'
            return f'<a href="{escape(href(term.value))}"{external}>{escape(text)}</a>'
        if isinstance(term, ox.BlankNode):
            return f"<span class=bnode>_:{escape(term.value)}</span>"
        lang = f' <span class="lang">@{escape(term.language)}</span>' if term.language else ""
        return f"{escape(term.value)}{lang}"

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return any(True for _ in self.store.quads_for_pattern(node, None, None)) or \
            any(True for _ in self.store.quads_for_pattern(None, None, node))

    # --- JSON ---------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 12) -> list[dict]:
        key = search_key(text or "")
        if len(key) < 1:
            return []
        rows = self.select(
            f"""SELECT ?e ?k WHERE {{ ?e <{ARKG}searchKey> ?k FILTER(isIRI(?e) && CONTAINS(?k, ?t)) }}""",
            t=ox.Literal(key))
        best: dict[str, tuple] = {}
        for r in rows:  # rank each entity by its best-matching name: prefix matches first, then shorter
            iri, k = r["e"].value, r["k"].value
            rank = (0 if k.startswith(key) else 1, len(k), iri)
            if iri not in best or rank < best[iri]:
                best[iri] = rank
        found = list(best.values())
        found.sort()
        out = []
        for _, _, iri in found[:limit]:
            types = [t for t in self.direct_types(iri)]
            out.append({"iri": iri, "id": shorten(iri), "label": self.label(iri), "path": href(iri),
                        "type": shorten(types[0]).replace("arkg:", "") if types else ""})
        return out

    def direct_types(self, iri: str) -> list[str]:
        rows = self.select(
            f"""SELECT DISTINCT ?t WHERE {{ ?e a ?t FILTER(STRSTARTS(STR(?t), STR(<{ARKG}>)))
                FILTER NOT EXISTS {{ ?e a ?s . ?s <{RDFS}subClassOf> ?t FILTER(?s != ?t) }} }} ORDER BY ?t""",
            e=ox.NamedNode(iri))
        return [r["t"].value for r in rows]

    # --- RDF for machines ---------------------------------------------------------------------

    def describe(self, iri: str, fmt: str, whole_ontology: bool = False) -> bytes | None:
        if whole_ontology:
            store = ontology_doc.load_store()
            return formats.graph([q.triple for q in store], fmt)
        node = ox.NamedNode(iri)
        triples = [q.triple for q in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph())]
        triples += [q.triple for q in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph())]
        if not triples:
            return None
        return formats.graph(triples, fmt)

    def service_description(self, endpoint: str, fmt: str, graph_iri: str, config) -> bytes:
        results = "".join(f"    sd:resultFormat <http://www.w3.org/ns/formats/{f}> ;\n" for f in
                          ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                           "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML"))
        text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{endpoint}> a sd:Service ;
    dcterms:title "ARKG, the Albania–Russia Knowledge Graph (read-only SPARQL 1.1 endpoint)" ;
    dcterms:description "The OWL 2 RL reasoned graph; updates, SERVICE and remote data are refused. Queries stop after {config.timeout:g} s and return at most {config.max_rows} rows; requests are at most {config.max_request_bytes} bytes." ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{results}    sd:feature sd:EmptyGraphs ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:triples {self.triples} ] ;
        sd:namedGraph [ a sd:NamedGraph ; sd:name <{graph_iri}> ;
                        sd:graph [ a sd:Graph ; void:triples {self.triples} ] ]
    ] .
"""
        if fmt == "turtle":
            return text.encode("utf-8")
        store = ox.Store()
        store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return formats.graph([q.triple for q in store], fmt)

    # --- pages ---------------------------------------------------------------------------------

    def home(self) -> str:
        counts = self.select(f"""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            VALUES ?c {{ <{ARKG}Event> <{ARKG}Person> <{ARKG}Organization> <{ARKG}SovereignState>
                         <{ARKG}Agreement> <{ARKG}SourceDocument> <{ARKG}Claim> }} ?e a ?c }} GROUP BY ?c""")
        stats = "".join(f'<li><strong>{r["n"].value}</strong> {escape(self.label(r["c"].value))}s</li>'
                        for r in counts if r["n"] is not None)
        cards = "".join(
            f'<li><a href="/queries#{escape(q.name)}">{escape(q.title)}</a></li>'
            for q in self.queries.values() if not q.name.endswith("-violation"))
        body = f"""
<section class="hero">
  <h1>Albania and Russia, 1912–2022</h1>
  <p>States, people, offices, organisations, agreements and events, each fact with the source that states it.
     Explore by name, run a canned question, write SPARQL, or follow the relations over time.</p>
  <form class="search" action="/api/search" onsubmit="return false">
    <label for="home-search">Find an entity</label>
    <input id="home-search" class="entity-search" data-navigate="1" placeholder="Hoxha, Тирана, Warsaw Pact…" autocomplete="off">
  </form>
</section>
<div class="columns">
  <section><h2>The graph</h2><ul class="stats">{stats}<li><strong>{self.triples}</strong> triples after reasoning</li></ul>
    <p><a href="/id/albania">Albania</a> · <a href="/id/soviet-union">Soviet Union</a> ·
       <a href="/id/russian-federation">Russian Federation</a> · <a href="/id/enver-hoxha">Enver Hoxha</a></p></section>
  <section><h2>Questions</h2><ul>{cards}</ul><p><a href="/queries">All canned queries with their forms →</a></p></section>
  <section><h2>Over time</h2><p><a href="/timeline">Albania–Soviet/Russian relations</a>: alliance, split,
     isolation, restoration, post-2014.</p>
     <h2>For machines</h2><p>SPARQL 1.1 endpoint at <code>/sparql</code>; every ARKG IRI
     (<code>https://w3id.org/arkg/id/…</code>, <code>…/ontology/…</code>) dereferences here under
     <code>/id/…</code> and <code>/ontology/…</code> as HTML, Turtle, JSON-LD, N-Triples or RDF/XML.</p></section>
</div>"""
        return layout("Home", body, active="/")

    def endpoint_page(self, endpoint: str) -> str:
        body = f"""<h1>SPARQL endpoint</h1>
<p><code>{escape(endpoint)}</code> answers SPARQL 1.1 queries (GET, POST form, POST direct) over the reasoned graph.
SELECT and ASK in JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML,
by <code>Accept</code> or a <code>format</code> parameter. Read-only: updates and SERVICE are refused.
Machines asking for Turtle here get the <a href="/sparql?format=turtle">service description</a>.</p>
<p><a href="/query">Open the query editor →</a></p>"""
        return layout("SPARQL endpoint", body, active="/sparql")

    def query_page(self, params: dict) -> str:
        text = params.get("query") or DEFAULT_QUERY
        canned = params.get("canned")
        if canned in self.queries:
            text = self.queries[canned].text
        prefixes = json.dumps(PREFIXES)
        body = f"""<h1>Query</h1>
<div class="editor-bar">
  <label>Add prefix <select id="prefix-menu"><option value="">…</option>{"".join(f'<option>{escape(p)}</option>' for p in PREFIXES)}</select></label>
  <span class="hint">Ctrl+Enter runs the query</span>
</div>
<div class="editor" id="editor"><pre aria-hidden="true"><code id="highlight"></code></pre>
<textarea id="query" spellcheck="false" aria-label="SPARQL query">{escape(text)}</textarea></div>
<div class="actions"><button id="run" class="primary">Run</button>
  <span id="status" role="status"></span></div>
<div id="downloads" class="downloads"></div>
<div id="results" class="results"></div>
<script type="application/json" id="prefixes">{escape(prefixes, quote=False)}</script>"""
        return layout("Query", body, active="/query")

    def gallery(self) -> str:
        cards = []
        for q in self.queries.values():
            fields = []
            for p in q.params:
                kind = {"entity": "entity", "from-date": "date (1961, 1961-12 or 1961-12-03)",
                        "to-date": "date (1961, 1961-12 or 1961-12-03)", "search": "text", "text": "text",
                        "date": "date (1961, 1961-12 or 1961-12-03)", "flag": "true or false",
                        "class": "kind (a class name or label)"}.get(p.kind, "text")
                cls = ' class="entity-search"' if p.kind == "entity" else ""
                fields.append(
                    f'<label><span>{escape(p.name)}{" *" if p.required else ""}</span>'
                    f'<input name="{escape(p.name)}"{cls} autocomplete="off" placeholder="{escape(kind)}"'
                    f'{" required" if p.required else ""} title="{escape(p.help)}"></label>')
            example = escape(q.examples[0]) if q.examples else ""
            cards.append(f"""<article class="card" id="{escape(q.name)}">
<h2>{escape(q.title)}</h2><p>{escape(q.description)}</p>
<form class="canned" data-name="{escape(q.name)}" action="/canned/{escape(q.name)}" method="get">
{"".join(fields) or '<p class="note">No parameters.</p>'}
<div class="actions"><button class="primary" type="submit">Run</button>
<a href="/query?canned={escape(q.name)}">open in editor</a>
{f'<span class="note">e.g. <code>{example}</code></span>' if example else ""}</div>
</form><div class="downloads"></div><div class="results"></div></article>""")
        body = "<h1>Canned queries</h1><p>Entity fields accept a name in English, Albanian or Russian (suggestions appear as you type), a prefixed name such as <code>arkr:albania</code>, or a Wikidata ID.</p>" + "".join(cards)
        return layout("Canned queries", body, active="/queries")

    # --- timeline --------------------------------------------------------------------------

    def relations_items(self) -> list[timeline.Item]:
        rows = self.select(f"""
SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) (MAX(?l0) AS ?latest) WHERE {{
  VALUES ?r {{ {" ".join(f"<{ARKR}{s}>" for s in RUSSIAN_STATES)} }}
  ?event a <{ARKG}Event> ; <{ARKG}participant> <{ARKR}albania>, ?r ;
         <{RDFS}label> ?l ; <{ARKG}timeSpan> ?span .
  FILTER(LANG(?l) = "en")
  ?span <{ARKG}stated> ?d .
  OPTIONAL {{ ?span <{ARKG}earliest> ?e0 }} OPTIONAL {{ ?span <{ARKG}latest> ?l0 }}
}} GROUP BY ?event ORDER BY ?earliest""")
        items = []
        for r in rows:
            when = timeline.span_of(r["date"].value) if r["date"] is not None else None
            if when is None:
                continue
            items.append(timeline.Item(when[0], when[1], r["label"].value, r["date"].value, href(r["event"].value)))
        return items

    def timeline_page(self, params: dict, run_job) -> str:
        title = "Albania–Soviet/Russian relations"
        intro = ("Events in which Albania and the Russian Empire, the Soviet Union or the Russian "
                 "Federation took part, over the periods of their relations (an editorial periodisation; "
                 "hover a band for its summary). Click an event for its page, a period to zoom in.")
        source_link = ""
        if params.get("query") or params.get("canned"):
            if params.get("query"):
                job = {"op": "sparql", "query": params["query"], "default_graphs": [], "named_graphs": [],
                       "results_fmt": "json", "graph_fmt": None, "base_iri": None}
                title = "Timeline of a query"
                source_link = f'<a href="/query?{urlencode({"query": params["query"]})}">back to the query</a>'
            else:
                name = params["canned"]
                values = {k: v for k, v in params.items() if k not in ("canned", "from", "to") and v.strip()}
                job = {"op": "canned", "name": name, "params": values, "results_fmt": "json"}
                title = f"Timeline: {self.queries[name].title}" if name in self.queries else "Timeline"
                source_link = f'<a href="/queries#{escape(name)}">the canned query</a>'
            result = run_job(job)
            if result["status"] != 200:
                from .protocol import HttpError
                raise HttpError(result["status"], result.get("message", "the query failed"))
            data = json.loads(result["body"])
            if "results" not in data:
                from .protocol import HttpError
                raise HttpError(400, "a timeline needs a SELECT query with a date column")
            columns = data["head"]["vars"]
            items, date_col = timeline.items_from_rows(columns, data["results"]["bindings"], href)
            intro = (f"{len(items)} dated rows (dates from <code>?{escape(date_col)}</code>). " if date_col
                     else "No column of this query holds dates. ") + source_link
            use_periods = True
        else:
            items = self.relations_items()
            use_periods = True
        lo = hi = None
        try:
            lo = float(params["from"]) if params.get("from") else None
            hi = float(params["to"]) + 1 if params.get("to") else None
        except ValueError:
            lo = hi = None
        shown = [i for i in items if (lo is None or i.end >= lo) and (hi is None or i.start <= hi)]
        svg = timeline.render(shown, periods=use_periods, lo=lo, hi=hi, title=title) if shown else \
            '<p class="empty">No dated events to show.</p>'
        base = {k: v for k, v in params.items() if k not in ("from", "to")}
        zoom = " · ".join(
            f'<a href="/timeline?{urlencode({**base, "from": int(p.start), "to": int(min(p.end, timeline._now()))})}" '
            f'class="period-link" style="border-color:{p.color}">{escape(p.name)}</a>'
            for p in timeline.PERIODS) + f' · <a href="/timeline?{urlencode(base)}">all</a>'
        table = "".join(
            f'<tr><td>{escape(i.date_text)}</td><td>{period_of(i.start)}</td><td>'
            + (f'<a href="{escape(i.href)}">{escape(i.label)}</a>' if i.href else escape(i.label)) + "</td></tr>"
            for i in sorted(shown, key=lambda i: i.start))
        body = (f"<h1>{escape(title)}</h1><p>{intro}</p><p class=zoom>Periods: {zoom}</p>"
                f'<div class="timeline-wrap">{svg}</div>'
                + (f'<table class="sortable results-table"><thead><tr><th>date</th><th>period</th><th>event</th></tr></thead>'
                   f"<tbody>{table}</tbody></table>" if shown else ""))
        return layout(title, body, active="/timeline")

    # --- entity pages ------------------------------------------------------------------------

    def ontology_page(self) -> str:
        return self._ontology_html

    def entity_page(self, iri: str) -> str | None:
        if not self.exists(iri):
            return None
        node = ox.NamedNode(iri)
        name = self.label(iri)
        types = self.direct_types(iri)
        sections = []

        descr = [r for r in self.select(
            f"""SELECT ?d WHERE {{ VALUES ?p {{ <{DCT}description> <{SKOS}definition> <{RDFS}comment> }}
                ?e ?p ?d FILTER(LANG(?d) IN ("en", "")) }}""", e=node)]
        lead = "".join(f'<p class="lead">{escape(r["d"].value)}</p>' for r in descr[:2])

        labels = self.select(f"""SELECT ?p ?l WHERE {{ VALUES ?p {{ <{RDFS}label> <{SKOS}prefLabel> <{SKOS}altLabel> }}
                                 ?e ?p ?l }} ORDER BY ?p ?l""", e=node)
        by_lang: dict[str, list[str]] = {}
        for r in labels:
            lit = r["l"]
            alt = r["p"].value.endswith("altLabel")
            text = f'<span class="{"alt" if alt else "pref"}">{escape(lit.value)}</span>'
            by_lang.setdefault(lit.language or "", [])
            if text not in by_lang[lit.language or ""]:
                by_lang[lit.language or ""].append(text)
        if by_lang:
            order = sorted(by_lang, key=lambda l: (list(LANGUAGES).index(l) if l in LANGUAGES else 9, l))
            rows = "".join(f'<tr><th>{escape(LANGUAGES.get(l, l or "no language"))} <code>{escape(l)}</code></th>'
                           f'<td lang="{escape(l)}">{", ".join(by_lang[l])}</td></tr>' for l in order)
            sections.append(f'<section><h2>Names</h2><table class="facts labels">{rows}</table>'
                            f'<p class="note">Alternative names in grey.</p></section>')

        wikidata = self.select(f"SELECT ?w WHERE {{ ?e <{ARKG}wikidata> ?w }}", e=node)
        wd = "".join(f'<a class="ext wikidata" href="{escape(r["w"].value)}" rel="noopener">Wikidata '
                     f'{escape(r["w"].value.rsplit("/", 1)[-1])}</a>' for r in wikidata)

        events = self.select(f"""
SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) (MAX(?l1) AS ?latest)
       (GROUP_CONCAT(DISTINCT ?roleName; separator=", ") AS ?roles) WHERE {{
  ?event a <{ARKG}Event> ; ?role ?e ; <{ARKG}timeSpan> ?span .
  FILTER(?role != <{ARKG}participant>)
  OPTIONAL {{ ?role <{RDFS}label> ?rl FILTER(LANG(?rl) = "en") }}
  FILTER NOT EXISTS {{ ?event ?narrower ?e . ?narrower <{RDFS}subPropertyOf> ?role FILTER(?narrower != ?role) }}
  BIND(COALESCE(?rl, STR(?role)) AS ?roleName)
  OPTIONAL {{ ?event <{RDFS}label> ?l FILTER(LANG(?l) = "en") }}
  ?span <{ARKG}stated> ?d .
  OPTIONAL {{ ?span <{ARKG}earliest> ?e0 }} OPTIONAL {{ ?span <{ARKG}latest> ?l1 }}
}} GROUP BY ?event ORDER BY ?earliest ?event LIMIT 2000""", e=node)
        if events:
            items = []
            rows = []
            for r in events:
                label = r["label"].value if r["label"] is not None else shorten(r["event"].value)
                date = r["date"].value if r["date"] is not None else ""
                when = timeline.span_of(date)
                if when:
                    items.append(timeline.Item(when[0], when[1], label, date, href(r["event"].value)))
                rows.append(f'<tr><td>{escape(date)}</td><td><a href="{escape(href(r["event"].value))}">{escape(label)}</a></td>'
                            f'<td>{escape(r["roles"].value if r["roles"] is not None else "")}</td></tr>')
            svg = timeline.render(items, title=f"events of {name}") if items else ""
            sections.append(
                f'<section><h2>Events ({len(events)})</h2><div class="timeline-wrap">{svg}</div>'
                f'<table class="sortable results-table"><thead><tr><th>date</th><th>event</th><th>role</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></section>')

        tenures = self.select(f"""
SELECT ?tenure ?holder ?position ?stated WHERE {{
  ?tenure a <{ARKG}Tenure> ; <{ARKG}holder> ?holder ; <{ARKG}position> ?position .
  FILTER(?holder = ?e || ?position = ?e)
  OPTIONAL {{ ?tenure <{ARKG}timeSpan> ?span . ?span <{ARKG}stated> ?stated OPTIONAL {{ ?span <{ARKG}earliest> ?earliest }} }}
}} ORDER BY ?earliest ?tenure""", e=node)
        if tenures:
            holder_view = any(r["holder"] == node for r in tenures)
            rows = "".join(
                f'<tr><td>{self.term_html(r["position"] if holder_view else r["holder"])}</td>'
                f'<td>{escape(r["stated"].value if r["stated"] is not None else "")}</td>'
                f'<td>{self.sources_inline(r["tenure"])}</td></tr>' for r in tenures)
            sections.append(f'<section><h2>{"Offices held" if holder_view else "Holders"}</h2>'
                            f'<table class="sortable results-table"><thead><tr><th>{"office" if holder_view else "holder"}</th>'
                            f'<th>when</th><th>sources</th></tr></thead><tbody>{rows}</tbody></table></section>')

        memberships = self.select(f"""
SELECT ?m ?member ?org ?stated ?status WHERE {{
  ?m a <{ARKG}Membership> ; <{ARKG}member> ?member ; <{ARKG}organization> ?org .
  FILTER(?member = ?e || ?org = ?e)
  OPTIONAL {{ ?m <{ARKG}membershipStatus>/<{RDFS}label> ?status FILTER(LANG(?status) = "en") }}
  OPTIONAL {{ ?m <{ARKG}timeSpan> ?span . ?span <{ARKG}stated> ?stated OPTIONAL {{ ?span <{ARKG}earliest> ?earliest }} }}
}} ORDER BY ?earliest ?m""", e=node)
        if memberships:
            rows = "".join(
                f'<tr><td>{self.term_html(r["member"])}</td><td>{self.term_html(r["org"])}</td>'
                f'<td>{escape(r["stated"].value if r["stated"] is not None else "")}</td>'
                f'<td>{escape(r["status"].value if r["status"] is not None else "")}</td>'
                f'<td>{self.sources_inline(r["m"])}</td></tr>' for r in memberships)
            sections.append('<section><h2>Memberships</h2><table class="sortable results-table"><thead><tr>'
                            '<th>member</th><th>organisation</th><th>when</th><th>status</th><th>sources</th></tr></thead>'
                            f"<tbody>{rows}</tbody></table></section>")

        cites = self.citations(node)
        if cites:
            sections.append(f'<section><h2>Sources</h2><ul class="sources">{cites}</ul></section>')

        stated = self.select(f"""SELECT ?s WHERE {{ ?s <{ARKG}statedIn> ?e }} LIMIT 501""", e=node)
        if stated:
            more = " (first 500)" if len(stated) > 500 else ""
            links = ", ".join(self.term_html(r["s"]) for r in stated[:500])
            sections.append(f"<section><h2>Facts this document states{more}</h2><p>{links}</p></section>")

        out_rows = self.select("SELECT ?p ?o WHERE { ?e ?p ?o } ORDER BY ?p ?o", e=node)
        grouped: dict[str, list] = {}
        for r in out_rows:
            grouped.setdefault(r["p"].value, []).append(r["o"])
        facts = "".join(
            f'<tr><th>{self.term_html(ox.NamedNode(p))}</th><td>{"<br>".join(self.term_html(o) for o in objs[:200])}</td></tr>'
            for p, objs in grouped.items())
        sections.append(f'<section><h2>All statements</h2><p class="note">Asserted and inferred by OWL 2 RL reasoning.</p>'
                        f'<table class="facts">{facts}</table></section>')
        incoming = self.select("SELECT ?s ?p WHERE { ?s ?p ?e FILTER(isIRI(?s)) } ORDER BY ?p ?s LIMIT 301", e=node)
        if incoming:
            rows = "".join(f"<tr><td>{self.term_html(r['s'])}</td><td>{self.term_html(r['p'])}</td></tr>"
                           for r in incoming[:300])
            sections.append(f'<section><h2>Referenced by{" (first 300)" if len(incoming) > 300 else ""}</h2>'
                            f'<table class="sortable results-table"><thead><tr><th>subject</th><th>property</th></tr></thead>'
                            f"<tbody>{rows}</tbody></table></section>")

        type_html = " ".join(f'<a class="type" href="{escape(href(t))}">{escape(self.label(t))}</a>' for t in types)
        path = local_path(iri) or ""
        machine = " · ".join(f'<a href="{escape(path)}?format={f}">{n}</a>' for f, n in
                             (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdfxml", "RDF/XML")))
        head = (f'<h1>{escape(name)}</h1><p class="iri"><code>{escape(iri)}</code> {type_html} {wd}</p>{lead}'
                f'<p class="formats">Also as {machine}</p>')
        return layout(name, head + "".join(sections))

    def sources_inline(self, node) -> str:
        rows = self.select(f"""SELECT ?src ?loc WHERE {{ ?f <{PROV}qualifiedDerivation> ?c .
            ?c <{PROV}entity> ?src OPTIONAL {{ ?c <{ARKG}locator> ?loc }} }} ORDER BY ?src ?loc""", f=node)
        return "; ".join(f'{self.term_html(r["src"])}{", " + escape(r["loc"].value) if r["loc"] is not None else ""}'
                         for r in rows)

    def citations(self, node) -> str:
        rows = self.select(f"""SELECT ?src ?loc ?text ?primary WHERE {{ ?e <{PROV}qualifiedDerivation> ?c .
            ?c <{PROV}entity> ?src OPTIONAL {{ ?c <{ARKG}locator> ?loc }} OPTIONAL {{ ?c <{ARKG}citationText> ?text }}
            OPTIONAL {{ ?c <{PROV}hadPrimarySource> ?primary }} }} ORDER BY ?src ?loc""", e=node)
        out = []
        for r in rows:
            loc = f' — <span class="locator">{escape(r["loc"].value)}</span>' if r["loc"] is not None else ""
            primary = f' · citing {self.term_html(r["primary"])}' if r["primary"] is not None else ""
            out.append(f"<li>{self.term_html(r['src'])}{loc}{primary}</li>")
        return "".join(out)


def period_of(year: float) -> str:
    for p in timeline.PERIODS:
        if p.start <= year < p.end:
            return escape(p.name)
    return ""
