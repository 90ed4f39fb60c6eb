"""HTML pages: home, query editor, canned-query gallery, timelines, and one page per entity,
rendered by Jinja2 templates (``templates/``, autoescaped) from data gathered here.

Pages read the server's own copy of the store with fixed queries (user input is only ever bound
as an RDF term); anything a user writes as SPARQL runs in the worker pool instead.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader

from .. import __version__, query_policy, visibility
from ..canned import catalog
from ..dates import DateError
from ..dates import parse as parse_date
from ..names import index_for
from ..namespaces import (ARKG, ARKGI, ARKR, DCTERMS as DCT, FORMATS, ONTOLOGY_IRI, OWL, PREFIXES, PROV, RDF, RDFS, SD, SKOS,
                          VOID, LABEL_PROPERTIES, expand, shorten, sparql_prefixes)
from ..results import label_of
from ..serialisers import GRAPH_FORMATS, RESULTS_FORMATS, format_names, serialize
from ..stores import mentions, open_store
from . import date_words, ontology_doc, timeline

# Statements an entity page does not list in its table: shown elsewhere on the page (names, type,
# date, sources, Wikidata link), or a maintainer's note (why no Wikidata link was made). Internal
# helpers and trivial closure statements are not shown anywhere (arkg.visibility decides).
HIDDEN = {f"{ARKG}wikidataUnlinkedReason", f"{PROV}qualifiedDerivation", f"{ARKG}hasTimeSpan",
          *map(str, LABEL_PROPERTIES), f"{DCT}description", f"{ARKG}wikidata"}
LANGUAGES = {"en": "English", "sq": "Albanian", "ru": "Russian"}
NAV = [("/", "Home"), ("/query", "Query"), ("/queries", "Canned queries"), ("/timeline", "Timeline"),
       ("/ontology", "Ontology"), ("/sparql", "Endpoint")]
KINDS = {"entity": "entity", "from-date": "date (1961, 1961-12 or 1961-12-03)",
         "to-date": "date (1961, 1961-12 or 1961-12-03)", "date": "date (1961, 1961-12 or 1961-12-03)",
         "search": "text", "text": "text", "flag": "true or false", "class": "kind (a class name or label)"}

DEFAULT_QUERY = sparql_prefixes("arkg", "arkr", "rdfs") + """
# Events in which both Albania and the Soviet Union took part
SELECT ?date ?event ?label WHERE {
  ?event a arkg:Event ;
         arkg:hasParticipant arkr:albania, arkr:soviet-union ;
         rdfs:label ?label ;
         arkg:hasTimeSpan/arkg:stated ?date .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?date
LIMIT 100
"""


# Where our namespaces dereference on this server.
LOCAL_PATHS = (("/id/", str(ARKR)), ("/ontology/", str(ARKG)))
# The prefixes the page script shortens IRIs with in result tables, in the order it tries them.
SCRIPT_SHORTENS = ("arkr", "arkg", "arkgi", "rdfs", "rdf", "xsd", "prov", "owl", "skos", "dcterms", "wd")
# What static/app.js knows of the namespaces: rendered into every page (layout.html) from
# arkg.namespaces, so that no namespace IRI is written in the script.
SCRIPT_NAMESPACES = {"prefixes": PREFIXES, "ontology": ONTOLOGY_IRI,
                     "local": [[ns, path] for path, ns in LOCAL_PATHS],
                     "short": [[PREFIXES[p], p + ":"] for p in SCRIPT_SHORTENS],
                     # the download formats, from the serialisers' tables (arkg.serialisers)
                     "graph_formats": format_names(GRAPH_FORMATS),
                     "result_formats": [[key, key.upper()] for key in RESULTS_FORMATS]}


def local_path(iri: str) -> str | None:
    """Where an ARKG IRI dereferences on this server (None for other IRIs)."""
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    for prefix, ns in LOCAL_PATHS:
        if iri.startswith(ns) and len(iri) > len(ns):
            return prefix + quote(iri[len(ns):], safe="-._~!$&'()*+,;=:@/")
    return None


def href(iri: str) -> str:
    return local_path(iri) or iri


class Site:
    """Page rendering over the server's store."""

    mapping = list(LOCAL_PATHS)
    ontology_iri = ONTOLOGY_IRI

    def __init__(self, info):
        self.info = info
        self.store = open_store(True, info=info)
        self.queries = catalog()
        self.triples = info.total
        self.env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                               autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(nav=NAV, version=__version__, namespaces=SCRIPT_NAMESPACES,
                                graph_formats=SCRIPT_NAMESPACES["graph_formats"])
        self._ontology_html = self.render("ontology.html", active="/ontology", **ontology_doc.context())
        self._terms = sorted(((t.local, t.label, sorted(t.kinds)[0] if t.kinds else "")
                              for t in ontology_doc.terms(ontology_doc.load_store()).values()), key=lambda t: t[0].lower())

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def iri_of(self, path: str) -> str:
        for local_prefix, iri_prefix in self.mapping:
            if path.startswith(local_prefix):
                return iri_prefix + path[len(local_prefix):]
        return path

    # --- store helpers ----------------------------------------------------------------------

    def select(self, query: str, **bind) -> list[dict]:
        """The rows of a SELECT, with ``bind`` (variable name -> RDF term) bound as RDF terms by the
        query policy's VALUES block (as for remote endpoints: pyoxigraph's substitutions only bind
        projected variables)."""
        solutions = self.store.query(query_policy.bind_values(query, {ox.Variable(n): t for n, t in bind.items()}))
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names} for s in solutions]

    def label(self, iri: str) -> str:
        return label_of(self.store, iri)

    def term(self, term, labels: bool = True) -> dict | None:
        """What the ``term`` macro shows of an RDF term: a link (labelled if it is ours), a blank node, a literal."""
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            ours = local_path(term.value)
            return {"kind": "iri", "href": href(term.value), "external": not ours,
                    "text": self.label(term.value) if labels and ours else shorten(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"kind": "bnode", "text": term.value}
        return {"kind": "literal", "text": term.value, "lang": getattr(term, "language", None)}

    def exists(self, iri: str) -> bool:
        return mentions(self.store, ox.NamedNode(iri))

    # --- JSON ---------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 12) -> list[dict]:
        """Entities by name, best first, as the build's name index ranks them (the one search
        engine, :meth:`arkg.names.NameIndex.search`): exact names, then a word starting with the
        text, then the text inside a word, then near spellings; within each, people, states and
        organizations before places before events. Used by the autocomplete and the search page."""
        out = []
        for hit in index_for(self.store).search(text or "", limit):
            types = self.direct_types(hit.entity)
            out.append({"iri": hit.entity, "id": shorten(hit.entity), "label": self.label(hit.entity),
                        "path": href(hit.entity), "type": self.label(types[0]) if types else ""})
        return out

    def complete(self, prefix: str, text: str, limit: int = 12) -> list[dict]:
        """Completions in the editor: ``arkg:`` terms by local name or label (starts-with first),
        ``arkr:`` entities by name through :meth:`search`."""
        if prefix == "arkg":
            low = text.lower()
            hits = [t for t in self._terms if low in t[0].lower() or low in t[1].lower()]
            hits.sort(key=lambda t: (not t[0].lower().startswith(low), not t[1].lower().startswith(low), t[0].lower()))
            return [{"insert": f"arkg:{local}", "label": label, "type": kind} for local, label, kind in hits[:limit]]
        if prefix == "arkr":
            return [{"insert": f.get("id") or shorten(f["iri"]), "label": f["label"], "type": f["type"]}
                    for f in self.search(text.replace("-", " "), limit) if (f.get("id") or "").startswith("arkr:")]
        return []

    def labels(self, values: list[str]) -> dict:
        """For results tables: the label and most specific type of each ARKG IRI among ``values``,
        and the bounds and words of each stated date (by :func:`arkg.dates.parse`)."""
        out: dict[str, dict] = {}
        for text in list(dict.fromkeys(v for v in values if not local_path(v)))[:5000]:
            try:
                span = parse_date(text)
            except (DateError, ValueError):
                continue
            out[text] = {"earliest": span.earliest.isoformat() if span.earliest else None,
                         "latest": span.latest.isoformat() if span.latest else None,
                         "words": date_words.in_words(text)}
        ours = [i for i in dict.fromkeys(values) if local_path(i)][:2000]
        if not ours:
            return out
        values = " ".join(str(ox.NamedNode(i)) for i in ours)
        for r in self.select(f"""SELECT ?e (SAMPLE(?en) AS ?l) (SAMPLE(?any) AS ?l2) (SAMPLE(?tl) AS ?t) WHERE {{
            VALUES ?e {{ {values} }}
            OPTIONAL {{ ?e <{RDFS}label> ?en FILTER(LANG(?en) = "en") }} OPTIONAL {{ ?e <{RDFS}label> ?any }}
            OPTIONAL {{ ?e <{ARKGI}mostSpecificType>/<{RDFS}label> ?tl FILTER(LANG(?tl) = "en") }} }} GROUP BY ?e"""):
            label = r["l"] or r["l2"]
            out[r["e"].value] = {"label": label.value if label is not None else shorten(r["e"].value),
                                 "type": r["t"].value if r["t"] is not None else ""}
        return out

    def direct_types(self, iri: str) -> list[str]:
        """The most specific ARKG types of an entity, as the build stored them (arkgi:mostSpecificType)."""
        rows = self.select(f"SELECT ?t WHERE {{ ?e <{ARKGI}mostSpecificType> ?t }} ORDER BY ?t", e=ox.NamedNode(iri))
        return [r["t"].value for r in rows]

    # --- RDF for machines ---------------------------------------------------------------------

    def describe(self, iri: str, fmt: str, whole_ontology: bool = False) -> bytes | None:
        """The RDF of a page: what users see (arkg.visibility) of the statements about ``iri``
        and those that point to it; None when the graph has no statement about it."""
        if whole_ontology:
            return serialize(list(visibility.shown(q.triple for q in ontology_doc.load_store())), fmt)
        node = ox.NamedNode(iri)
        about = [q.triple for q in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph())]
        about += [q.triple for q in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph())]
        triples = list(visibility.shown(about))
        return serialize(triples, fmt) if about else None

    def service_description(self, endpoint: str, fmt: str, graph_iri: str, config) -> bytes:
        """The SPARQL 1.1 service description: query language only, no update feature."""
        results = "".join(f"    sd:resultFormat <{FORMATS}{f}> ;\n" for f in
                          ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                           "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML"))
        text = f"""@prefix sd: <{SD}> .
@prefix void: <{VOID}> .
@prefix dcterms: <{DCT}> .

<{endpoint}> a sd:Service ;
    dcterms:title "ARKG, the Albania–Russia Knowledge Graph (read-only SPARQL 1.1 endpoint)" ;
    dcterms:description "The OWL 2 RL reasoned graph; updates, SERVICE and remote data are refused. Queries stop after {config.timeout:g} s; a result of more than {config.max_rows} rows is refused (HTTP 422) rather than cut; requests are at most {config.max_request_bytes} bytes." ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{results}    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:triples {self.triples} ] ;
        sd:namedGraph [ a sd:NamedGraph ; sd:name <{graph_iri}> ;
                        sd:graph [ a sd:Graph ; void:triples {self.triples} ] ]
    ] .
"""
        return serialize(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE), fmt)

    # --- pages ---------------------------------------------------------------------------------

    def home(self) -> str:
        counts = self.select(f"""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            VALUES ?c {{ <{ARKG}Event> <{ARKG}Person> <{ARKG}Organization> <{ARKG}SovereignState>
                         <{ARKG}Agreement> <{ARKG}SourceDocument> <{ARKG}Claim> }} ?e a ?c }} GROUP BY ?c""")
        stats = [(self.label(r["c"].value), r["n"].value) for r in counts if r["n"] is not None]
        queries = [q for q in self.queries.values() if not q.name.endswith("-violation")]
        return self.render("home.html", title="Home", active="/", stats=stats, triples=self.triples, queries=queries)

    def endpoint_page(self, endpoint: str, config) -> str:
        return self.render("endpoint.html", title="SPARQL endpoint", active="/sparql", endpoint=endpoint,
                           timeout=f"{config.timeout:g}", max_rows=config.max_rows)

    def query_page(self, params: dict) -> str:
        canned = params.get("canned")
        text = self.queries[canned].text if canned in self.queries else params.get("query") or DEFAULT_QUERY
        return self.render("query.html", title="Query", active="/query", text=text, prefixes=PREFIXES,
                           autorun=bool(params.get("query")), legend=date_words.LEGEND)

    def gallery(self) -> str:
        queries = list(self.queries.values())
        return self.render("gallery.html", title="Canned queries", active="/queries", kinds=KINDS,
                           queries=[q for q in queries if not q.name.endswith("-violation")],
                           checks=[q for q in queries if q.name.endswith("-violation")])

    def canned_page(self, name: str, params: dict) -> str | None:
        """A canned query's form, filled in from ``params``; the browser runs it and shows the table."""
        query = self.queries.get(name)
        if query is None:
            return None
        return self.render("canned.html", title=query.title, active="/queries", q=query, kinds=KINDS,
                           values=params, legend=date_words.LEGEND)

    def search_page(self, text: str) -> str:
        found = self.search(text, limit=100) if text.strip() else []
        return self.render("search.html", title=f"Search: {text}" if text else "Search", active="",
                           text=text, found=found)

    def not_found(self, path: str, message: str) -> str:
        return self.render("404.html", title="Not found", active="", path=path, message=message)

    # --- timeline --------------------------------------------------------------------------

    def relations_items(self) -> list[timeline.Item]:
        rows = self.select(f"""
SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) (MAX(?l0) AS ?latest)
       (SAMPLE(?k) AS ?kind) WHERE {{
  <{ARKR}soviet-union> <{ARKG}sameStateLineageAs> ?r .
  ?event a <{ARKG}Event> ; <{ARKG}hasParticipant> <{ARKR}albania>, ?r ;
         <{RDFS}label> ?l ; <{ARKG}hasTimeSpan> ?span .
  FILTER(LANG(?l) = "en")
  ?span <{ARKG}stated> ?d .
  OPTIONAL {{ ?event <{ARKGI}mostSpecificType> ?k }}
  OPTIONAL {{ ?span <{ARKG}earliest> ?e0 }} OPTIONAL {{ ?span <{ARKG}latest> ?l0 }}
}} GROUP BY ?event ORDER BY ?earliest""")
        items = []
        for r in rows:
            when = timeline.span_of(r["date"].value) if r["date"] is not None else None
            if when is not None:
                items.append(timeline.Item(when[0], when[1], r["label"].value, r["date"].value, href(r["event"].value),
                                           kind=r["kind"].value if r["kind"] is not None else "",
                                           iri=r["event"].value))
        return items

    def timeline_facets(self, items: list[timeline.Item]) -> dict:
        """For the timeline's filters: each event's participants and sources, and the choices."""
        if not items:
            return {"participants": {}, "sources": {}, "kinds": {}, "choices": {"kind": [], "participant": [], "source": []}}
        values = " ".join(str(ox.NamedNode(i.iri)) for i in items if i.iri)
        participants: dict[str, set] = {}
        sources: dict[str, set] = {}
        kinds: dict[str, set] = {}
        for r in self.select(f"""SELECT ?e ?t WHERE {{ VALUES ?e {{ {values} }} ?e a ?t
                FILTER(STRSTARTS(STR(?t), "{ARKG}") && ?t != <{ARKG}Event>) }}"""):
            kinds.setdefault(r["e"].value, set()).add(r["t"].value)
        for r in self.select(f"""SELECT ?e ?p WHERE {{ VALUES ?e {{ {values} }} ?e <{ARKG}hasParticipant> ?p }}"""):
            participants.setdefault(r["e"].value, set()).add(r["p"].value)
        for r in self.select(f"""SELECT ?e ?s WHERE {{ VALUES ?e {{ {values} }} ?e <{ARKG}statedIn> ?s }}"""):
            sources.setdefault(r["e"].value, set()).add(r["s"].value)

        def choices(iris) -> list[tuple[str, str]]:
            return sorted(((shorten(i), self.label(i)) for i in set(iris) if i), key=lambda c: c[1].lower())

        return {"participants": participants, "sources": sources, "kinds": kinds, "choices": {
            "kind": choices(k for ks in kinds.values() for k in ks),
            "participant": choices(p for ps in participants.values() for p in ps),
            "source": choices(s for ss in sources.values() for s in ss)}}

    def timeline_page(self, params: dict, data: dict | None) -> str:
        """The relations timeline (filtered by kind, participant or source; zoomed and panned by
        ``from``/``to``), or (``data``: SPARQL JSON results) the timeline of a query's rows."""
        context = {"title": "Albania–Soviet/Russian relations", "rows": None, "date_col": None, "back": None,
                   "intro": "Events in which Albania and the Russian Empire, the Soviet Union or the Russian "
                            "Federation took part, over the periods of their relations (an editorial periodisation; "
                            "hover a band for its summary). Every event carries its label; click one for its page."}
        filters, facets = {}, None
        if data is None:
            items = self.relations_items()
            facets = self.timeline_facets(items)
            for key in ("kind", "participant", "source"):
                if params.get(key):
                    filters[key] = params[key]
                    want = expand(params[key]) or params[key]
                    table = facets[{"kind": "kinds", "participant": "participants", "source": "sources"}[key]]
                    items = [i for i in items if want in table.get(i.iri, ())]
        else:
            items, context["date_col"] = timeline.items_from_rows(data["head"]["vars"], data["results"]["bindings"], href)
            context["rows"] = data["results"]["bindings"]
            if params.get("query"):
                context.update(title="Timeline of a query", back=(f"/query?{urlencode({'query': params['query']})}",
                                                                  "back to the query"))
            else:
                name = params["canned"]
                context.update(title=f"Timeline: {self.queries[name].title}" if name in self.queries else "Timeline",
                               back=(f"/canned/{name}", "the canned query"))
        try:
            lo = float(params["from"]) if params.get("from") else None
            hi = float(params["to"]) + 1 if params.get("to") else None
        except ValueError:
            lo = hi = None
        shown = [i for i in items if (lo is None or i.end >= lo) and (hi is None or i.start <= hi)]
        base = {k: v for k, v in params.items() if k not in ("from", "to")}
        zoom = [(p.name, f"/timeline?{urlencode({**base, 'from': int(p.start), 'to': int(min(p.end, timeline._now()))})}",
                 p.color) for p in timeline.PERIODS]
        moves = []
        if items:
            a = int(lo) if lo is not None else int(min(i.start for i in items))
            b = int(hi) - 1 if hi is not None else int(max(i.end for i in items))
            width = max(1, b - a)
            step = max(1, width // 2)
            window = lambda x, y: f"/timeline?{urlencode({**base, 'from': x, 'to': y})}"  # noqa: E731
            moves = [("← earlier", window(a - step, b - step)), ("zoom in", window(a + width // 4, b - width // 4)),
                     ("zoom out", window(a - step, b + step)), ("later →", window(a + step, b + step))]
        rows = [{"date_text": i.date_text, "words": date_words.in_words(i.date_text), "period": period_of(i.start),
                 "href": i.href, "label": i.label, "kind": self.label(i.kind) if i.kind else ""}
                for i in sorted(shown, key=lambda i: i.start)]
        window_text = f"{int(lo)}–{int(hi) - 1}" if lo is not None and hi is not None else None
        return self.render("timeline.html", active="/timeline", shown_count=len(items), zoom=zoom, moves=moves,
                           all_url=f"/timeline?{urlencode(base)}", items=rows, filters=filters,
                           choices=facets["choices"] if facets else None, window=window_text,
                           params=params, legend=date_words.LEGEND,
                           tl=timeline.render(shown, lo=lo, hi=hi, title=context["title"]), **context)

    # --- entity pages ------------------------------------------------------------------------

    def ontology_page(self) -> str:
        return self._ontology_html

    def entity_page(self, iri: str) -> str | None:
        if not self.exists(iri):
            return None
        node = ox.NamedNode(iri)
        name = self.label(iri)
        lead = [r["d"].value for r in self.select(
            f"""SELECT ?d WHERE {{ VALUES ?p {{ <{DCT}description> <{SKOS}definition> <{RDFS}comment> }}
                ?e ?p ?d FILTER(LANG(?d) IN ("en", "")) }}""", e=node)][:2]
        labels = self.select(f"""SELECT ?p ?l WHERE {{ VALUES ?p {{ {" ".join(f"<{p}>" for p in LABEL_PROPERTIES)} }}
                                 ?e ?p ?l }} ORDER BY ?p ?l""", e=node)
        by_lang: dict[str, list] = {}
        for r in labels:
            entry = (r["p"].value.endswith("altLabel"), r["l"].value)
            values = by_lang.setdefault(r["l"].language or "", [])
            if entry not in values:
                values.append(entry)
        order = sorted(by_lang, key=lambda l: (list(LANGUAGES).index(l) if l in LANGUAGES else 9, l))
        names = [(l, LANGUAGES.get(l, l or "no language"), by_lang[l]) for l in order]
        wikidata = [r["w"].value for r in self.select(f"SELECT ?w WHERE {{ ?e <{ARKG}wikidata> ?w }}", e=node)]
        is_class = iri.startswith(str(ARKG)) and bool(self.select(f"SELECT ?c WHERE {{ ?e a ?c FILTER(?c = <{OWL}Class>) }} LIMIT 1", e=node))
        if is_class:  # a class's title: its label as a title
            name = name[:1].upper() + name[1:]

        events, items = [], []
        for r in [] if is_class else self.select(f"""
SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) (MAX(?l1) AS ?latest)
       (GROUP_CONCAT(DISTINCT ?roleName; separator=", ") AS ?roles) WHERE {{
  ?event a <{ARKG}Event> ; ?role ?e ; <{ARKG}hasTimeSpan> ?span .
  FILTER(?role != <{ARKG}hasParticipant> && ?event != ?e && STRSTARTS(STR(?role), "{ARKG}"))
  OPTIONAL {{ ?role <{RDFS}label> ?rl FILTER(LANG(?rl) = "en") }}
  FILTER NOT EXISTS {{ ?event ?narrower ?e . ?narrower <{RDFS}subPropertyOf> ?role FILTER(?narrower != ?role) }}
  BIND(COALESCE(?rl, STR(?role)) AS ?roleName)
  OPTIONAL {{ ?event <{RDFS}label> ?l FILTER(LANG(?l) = "en") }}
  ?span <{ARKG}stated> ?d .
  OPTIONAL {{ ?span <{ARKG}earliest> ?e0 }} OPTIONAL {{ ?span <{ARKG}latest> ?l1 }}
}} GROUP BY ?event ORDER BY ?earliest ?event LIMIT 2000""", e=node):
            event = {"label": r["label"].value if r["label"] is not None else shorten(r["event"].value),
                     "date": r["date"].value if r["date"] is not None else "", "href": href(r["event"].value),
                     "iri": r["event"].value, "roles": r["roles"].value if r["roles"] is not None else "",
                     "earliest": r["earliest"].value if r["earliest"] is not None else ""}
            event["words"] = date_words.in_words(event["date"])
            events.append(event)
            when = timeline.span_of(event["date"])
            if when:
                items.append(timeline.Item(when[0], when[1], event["label"], event["date"], event["href"]))

        tenures = self.select(f"""
SELECT ?tenure ?holder ?position ?stated WHERE {{
  ?tenure a <{ARKG}Tenure> ; <{ARKG}hasHolder> ?holder ; <{ARKG}hasPosition> ?position .
  FILTER(?holder = ?e || ?position = ?e)
  OPTIONAL {{ ?tenure <{ARKG}hasTimeSpan> ?span . ?span <{ARKG}stated> ?stated OPTIONAL {{ ?span <{ARKG}earliest> ?earliest }} }}
}} ORDER BY ?earliest ?tenure""", e=node)
        holder_view = any(r["holder"] == node for r in tenures)
        memberships = self.select(f"""
SELECT ?m ?member ?org ?stated ?status WHERE {{
  ?m a <{ARKG}Membership> ; <{ARKG}hasMember> ?member ; <{ARKG}hasOrganization> ?org .
  FILTER(?member = ?e || ?org = ?e)
  OPTIONAL {{ ?m <{ARKG}hasMembershipStatus>/<{RDFS}label> ?status FILTER(LANG(?status) = "en") }}
  OPTIONAL {{ ?m <{ARKG}hasTimeSpan> ?span . ?span <{ARKG}stated> ?stated OPTIONAL {{ ?span <{ARKG}earliest> ?earliest }} }}
}} ORDER BY ?earliest ?m""", e=node)
        # Statements: the narrowest property only, nothing internal, nothing a table above shows
        # already, other vocabularies folded away.
        listed_above = set()
        if events:
            listed_above |= {f"{ARKG}isParticipantOf", f"{ARKG}isPlaceOf"}
        if tenures:
            listed_above |= {f"{ARKG}isHolderOf", f"{ARKG}isHolderOfPosition"}
        if memberships:
            listed_above |= {f"{ARKG}isMemberOf"}
        ours, others = {}, {}
        for r in self.select(f"""SELECT ?p ?o WHERE {{ ?e ?p ?o
            FILTER NOT EXISTS {{ ?e ?q ?o . ?q <{RDFS}subPropertyOf> ?p FILTER(?q != ?p)
                                 FILTER NOT EXISTS {{ ?p <{RDFS}subPropertyOf> ?q }} }} }} ORDER BY ?p ?o""", e=node):
            p, o = r["p"].value, r["o"]
            if p in HIDDEN or p in listed_above or visibility.hidden(node, r["p"], o) or isinstance(o, ox.BlankNode) \
                    or (p == f"{RDF}type" and not is_class):
                continue
            target = ours if p.startswith((str(ARKG), RDFS, SKOS, DCT, OWL, RDF)) else others
            target.setdefault(p, []).append(self.term(o))
        listed = {e["iri"] for e in events} | {r["tenure"].value for r in tenures} | {r["m"].value for r in memberships}
        incoming = []
        if not is_class:
            for r in self.select(f"""SELECT ?s (GROUP_CONCAT(DISTINCT ?pl; separator=", ") AS ?props) WHERE {{
                ?s ?p ?e FILTER(isIRI(?s) && ?s != ?e && STRSTARTS(STR(?p), "{ARKG}"))
                FILTER NOT EXISTS {{ ?s ?q ?e . ?q <{RDFS}subPropertyOf> ?p FILTER(?q != ?p) }}
                OPTIONAL {{ ?p <{RDFS}label> ?plx FILTER(LANG(?plx) = "en") }} BIND(COALESCE(?plx, STR(?p)) AS ?pl)
            }} GROUP BY ?s ORDER BY ?props ?s LIMIT 501""", e=node):
                if r["s"].value not in listed:
                    incoming.append((r["props"].value, self.term(r["s"])))
        incoming_groups: dict[str, list] = {}
        for props, term in incoming:
            incoming_groups.setdefault(props, []).append(term)
        value = lambda t: t.value if t is not None else ""  # noqa: E731
        types = self.direct_types(iri)
        return self.render(
            "entity.html", title=name, name=name, iri=iri, path=local_path(iri) or "", lead=lead, names=names,
            types=[{"href": href(t), "text": self.label(t)} for t in types], wikidata=wikidata,
            summary=self.event_summary(node) if f"{ARKG}Event" in self.all_types(node) else None,
            instances=self.instances(node) if is_class else None,
            relations=self.relations(node) if f"{ARKG}SovereignState" in self.all_types(node) else [],
            events=events, tl=timeline.render(items, title=f"events of {name}") if items else None,
            holder_view=holder_view, legend=date_words.LEGEND,
            tenures=[{"other": self.term(r["position"] if holder_view else r["holder"]), "stated": value(r["stated"]),
                      "words": date_words.in_words(value(r["stated"])), "sources": self.sources(r["tenure"])}
                     for r in tenures],
            memberships=[{"member": self.term(r["member"]), "org": self.term(r["org"]), "stated": value(r["stated"]),
                          "words": date_words.in_words(value(r["stated"])),
                          "status": value(r["status"]), "sources": self.sources(r["m"])} for r in memberships],
            citations=self.sources(node, full=True),
            stated=[self.term(r["s"]) for r in self.select(f"SELECT ?s WHERE {{ ?s <{ARKG}statedIn> ?e }} LIMIT 501", e=node)],
            facts=[(self.term(ox.NamedNode(p)), objs) for p, objs in ours.items()],
            other_facts=[(self.term(ox.NamedNode(p)), objs) for p, objs in others.items()],
            incoming=incoming_groups, incoming_count=len(incoming))

    def all_types(self, node) -> set[str]:
        return {r["t"].value for r in self.select("SELECT ?t WHERE { ?e a ?t }", e=node)}

    def event_summary(self, node) -> dict:
        """What a reader asks first about an event: when, what kind, who in which role, where, part
        of what, what came before and after."""
        span = self.select(f"""SELECT ?stated ?prec ?earliest ?latest WHERE {{ ?e <{ARKG}hasTimeSpan> ?s .
            OPTIONAL {{ ?s <{ARKG}stated> ?stated }} OPTIONAL {{ ?s <{ARKG}precision>/<{RDFS}label> ?prec FILTER(LANG(?prec) = "en") }}
            OPTIONAL {{ ?s <{ARKG}earliest> ?earliest }} OPTIONAL {{ ?s <{ARKG}latest> ?latest }} }} LIMIT 1""", e=node)
        when = None
        if span:
            r = span[0]
            stated = r["stated"].value if r["stated"] is not None else ""
            when = {"words": date_words.in_words(stated), "stated": stated,
                    "precision": r["prec"].value if r["prec"] is not None else "",
                    "earliest": r["earliest"].value if r["earliest"] is not None else "",
                    "latest": r["latest"].value if r["latest"] is not None else ""}
        roles: dict[str, dict] = {}
        for r in self.select(f"""SELECT ?who ?role WHERE {{ ?e ?role ?who .
            FILTER(?role = <{ARKG}hasParticipant> || EXISTS {{ ?role <{RDFS}subPropertyOf> <{ARKG}hasParticipant> }})
            FILTER(STRSTARTS(STR(?role), "{ARKG}"))
            FILTER NOT EXISTS {{ ?e ?narrower ?who . ?narrower <{RDFS}subPropertyOf> ?role FILTER(?narrower != ?role) }}
        }} ORDER BY ?who ?role""", e=node):
            entry = roles.setdefault(r["who"].value, {"who": self.term(r["who"]), "roles": []})
            role = self.label(r["role"].value)
            if role not in entry["roles"]:
                entry["roles"].append(role)

        def linked(query: str) -> list:
            return [self.term(r["x"]) for r in self.select(query, e=node)]

        return {"when": when, "participants": list(roles.values()),
                "place": linked(f"SELECT DISTINCT ?x WHERE {{ ?e <{ARKG}hasPlace> ?x }} ORDER BY ?x"),
                "part_of": linked(f"""SELECT DISTINCT ?x WHERE {{ ?e <{ARKG}isPartOf> ?x FILTER(?x != ?e)
                    FILTER NOT EXISTS {{ ?e <{ARKG}isPartOf> ?y . ?y <{ARKG}isPartOf> ?x FILTER(?y != ?x && ?y != ?e) }} }}"""),
                "parts": linked(f"SELECT DISTINCT ?x WHERE {{ ?x <{ARKG}isPartOf> ?e FILTER(?x != ?e) }} ORDER BY ?x"),
                "before": linked(f"SELECT DISTINCT ?x WHERE {{ ?e <{ARKG}follows> ?x }} ORDER BY ?x"),
                "after": linked(f"SELECT DISTINCT ?x WHERE {{ ?x <{ARKG}follows> ?e }} ORDER BY ?x"),
                "concerns": linked(f"SELECT DISTINCT ?x WHERE {{ ?e <{ARKG}concerns> ?x }} ORDER BY ?x")}

    def relations(self, node) -> list[dict]:
        """A state's diplomatic relations: each establishment, break or restoration, with the other state."""
        rows = self.select(f"""SELECT ?ev ?k ?other (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) WHERE {{
            VALUES ?side {{ <{ARKG}RelationsOpening> <{ARKG}RelationsClosing> }}
            ?ev <{ARKGI}mostSpecificType> ?k ; <{ARKG}hasParticipant> ?e, ?other . ?k <{RDFS}subClassOf> ?side . ?other a <{ARKG}SovereignState> FILTER(?other != ?e)
            OPTIONAL {{ ?ev <{ARKG}hasTimeSpan> ?s . ?s <{ARKG}stated> ?d OPTIONAL {{ ?s <{ARKG}earliest> ?e0 }} }}
        }} GROUP BY ?ev ?k ?other ORDER BY ?earliest ?ev""", e=node)
        return [{"event": self.term(r["ev"]), "kind": self.label(r["k"].value), "other": self.term(r["other"]),
                 "date": r["date"].value if r["date"] is not None else "",
                 "words": date_words.in_words(r["date"].value) if r["date"] is not None else "",
                 "earliest": r["earliest"].value if r["earliest"] is not None else ""} for r in rows]

    def instances(self, node) -> list[dict]:
        rows = self.select(f"""SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (MIN(?e0) AS ?earliest) WHERE {{
            ?x a ?e FILTER(isIRI(?x))
            OPTIONAL {{ ?x <{RDFS}label> ?l FILTER(LANG(?l) = "en") }}
            OPTIONAL {{ ?x <{ARKG}hasTimeSpan> ?s . ?s <{ARKG}stated> ?d OPTIONAL {{ ?s <{ARKG}earliest> ?e0 }} }}
        }} GROUP BY ?x ORDER BY ?earliest ?label LIMIT 2000""", e=node)
        return [{"href": href(r["x"].value), "iri": r["x"].value,
                 "label": r["label"].value if r["label"] is not None else shorten(r["x"].value),
                 "date": r["date"].value if r["date"] is not None else "",
                 "words": date_words.in_words(r["date"].value) if r["date"] is not None else "",
                 "earliest": r["earliest"].value if r["earliest"] is not None else ""} for r in rows]

    def sources(self, node, full: bool = False) -> list[dict]:
        rows = self.select(f"""SELECT ?src ?loc ?primary WHERE {{ ?f <{PROV}qualifiedDerivation> ?c .
            ?c <{PROV}entity> ?src OPTIONAL {{ ?c <{ARKGI}locator> ?loc }}
            {f"OPTIONAL {{ ?c <{ARKG}citesPrimarySource> ?primary }}" if full else ""} }} ORDER BY ?src ?loc""", f=node)
        return [{"src": self.term(r["src"]), "loc": r["loc"].value if r["loc"] is not None else None,
                 "primary": self.term(r.get("primary"))} for r in rows]


def period_of(year: float) -> str:
    return next((p.name for p in timeline.PERIODS if p.start <= year < p.end), "")
