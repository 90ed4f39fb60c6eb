"""The web pages as a historian uses them, in headless Debian Chromium (Playwright): the editor
(prefix-less queries, syntax errors marked, Esc, shareable URLs), entity, class, search and canned
result pages, readable results tables, the timeline, 404s, and accessibility (axe-core, vendored
under tests/vendor/axe-core, on every page type, plus a 390 px phone). One browser and one server
for the module. Screenshots go to tests/artifacts/ (``copy_screenshots.py`` puts the README's
ones in docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit


import arkg
from arkg.dates import parse
from server_fixtures import arkg_server, browser, offline_context, page  # noqa: F401  (fixtures)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARKR = "https://w3id.org/arkg/id/"
ARKG = "https://w3id.org/arkg/ontology/"
EVENT = "1961-12-soviet-break-of-relations"


def rows(query: str) -> list[dict]:
    return arkg.sparql(query).dicts()


def wait_rows(page, scope: str = "#results"):
    page.locator(f"{scope} table tbody tr").first.wait_for(timeout=15000)
    return page.locator(f"{scope} table tbody tr")


# --- 1, 2: the editor ------------------------------------------------------------------------

def test_a_query_without_prefix_lines_runs_and_its_url_runs_it_again(page, browser, arkg_server):
    query = "SELECT ?v ?l WHERE { ?v a arkg:Visit ; rdfs:label ?l FILTER(LANG(?l) = \"en\") }"
    expected = rows(query)
    assert expected
    page.goto("/query")
    page.fill("#query", query)
    page.click("#run")
    assert wait_rows(page).count() == len(expected)
    # the URL carries the query, and the copy-link button copies it
    assert parse_qs(urlsplit(page.url).query)["query"] == [query]
    page.click("#copy-link")
    page.wait_for_function("document.querySelector('#copy-link').dataset.copied")
    copied = page.locator("#copy-link").get_attribute("data-copied")
    assert parse_qs(urlsplit(copied).query)["query"] == [query]
    # opening that link runs the query
    other = page.context.new_page()
    other.goto(copied)
    assert wait_rows(other).count() == len(expected)
    other.close()


def test_a_syntax_error_names_its_line_and_column_and_the_editor_marks_it(page):
    page.goto("/query")
    page.fill("#query", 'SELECT ?v ?l WHERE {\n  ?v a arkg:Visit ; rdfs:label ?l .\n  FILTR(LANG(?l) = "en")\n}')
    page.click("#run")
    error = page.locator("#results pre.error")
    error.wait_for(timeout=10000)
    text = error.inner_text()
    assert text.startswith("SPARQL syntax error at line 3, column 3"), text
    assert "400" not in text and "error 400" not in text
    marked = page.locator("#gutter .ln.err")
    assert marked.count() == 1 and marked.inner_text().strip().endswith("3")
    assert page.locator("#gutter .ln").count() == 4  # a number for every line
    page.screenshot(path=str(ARTIFACTS / "query-error.png"))
    # Esc leaves the editor; Tab inside it indents
    page.focus("#query")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "query"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "run"


def test_the_editor_completes_arkg_terms_and_arkr_entities(page):
    page.goto("/query")
    page.fill("#query", "")
    page.focus("#query")
    page.keyboard.type("SELECT ?v WHERE { ?v a arkg:Visi")
    option = page.locator("#editor-complete li").first
    option.wait_for(timeout=5000)
    assert option.locator(".ac-label").inner_text() == "arkg:Visit"
    assert page.get_attribute("#query", "aria-activedescendant") == "editor-complete-0"
    page.keyboard.press("Enter")
    page.keyboard.type(" ; arkg:visitor arkr:hoxh")
    page.locator("#editor-complete li", has_text="arkr:enver-hoxha").first.wait_for(timeout=5000)
    page.keyboard.press("Tab")
    page.keyboard.type(" }")
    text = page.input_value("#query")
    assert text == "SELECT ?v WHERE { ?v a arkg:Visit ; arkg:visitor arkr:enver-hoxha }", text
    page.click("#run")
    expected = rows(text)
    assert expected and wait_rows(page).count() == len(expected)


# --- 3: entity pages -------------------------------------------------------------------------

def test_an_event_page_says_when_what_who_and_where_from(page):
    iri = ARKR + EVENT
    page.goto(f"/id/{EVENT}")
    summary = page.locator("dl.summary")
    stated = rows(f"SELECT ?d WHERE {{ <{iri}> arkg:hasTimeSpan/arkg:stated ?d }}")[0]["d"]
    assert stated == "1961-12"
    assert summary.locator("dd.when").inner_text().startswith("December 1961")
    kind = rows(f'SELECT ?l WHERE {{ <{iri}> arkgi:mostSpecificType/rdfs:label ?l FILTER(LANG(?l) = "en") }}')[0]["l"]
    assert kind in summary.locator("dd.kind").inner_text()
    roles = rows(f"""SELECT ?wl ?rl WHERE {{ <{iri}> ?r ?w . ?r rdfs:subPropertyOf arkg:hasParticipant FILTER(?r != arkg:hasParticipant)
                     ?w rdfs:label ?wl FILTER(LANG(?wl) = "en") ?r rdfs:label ?rl FILTER(LANG(?rl) = "en") }}""")
    assert roles
    shown = summary.locator("ul.participants").inner_text()
    for r in roles:
        assert f"{r['wl']} ({r['rl']})" in shown
    before = rows(f'SELECT ?l WHERE {{ <{iri}> arkg:follows/rdfs:label ?l FILTER(LANG(?l) = "en") }}')
    for r in before:
        assert r["l"] in summary.locator("dd.before").inner_text()
    part = rows(f'SELECT ?l WHERE {{ <{iri}> arkg:isPartOf/rdfs:label ?l FILTER(LANG(?l) = "en") }}')
    assert part and part[0]["l"] in summary.locator("dd.part_of").inner_text()
    locators = rows(f"SELECT ?loc WHERE {{ <{iri}> prov:qualifiedDerivation/arkgi:locator ?loc }}")
    assert locators
    for r in locators:
        assert r["loc"] in page.locator("ul.sources").inner_text()
    body = page.locator("main").inner_text()
    for internal in ("owl:sameAs", "same as", "search key", "_:", "Thing", "reason for no Wikidata link"):
        assert internal not in body, internal
    page.screenshot(path=str(ARTIFACTS / "event-page.png"), full_page=True)


def test_internal_helpers_and_unlinked_reasons_stay_off_the_page(page):
    found = rows("SELECT ?e ?why WHERE { ?e arkg:wikidataUnlinkedReason ?why ; arkgi:mostSpecificType ?t "
                 "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/arkg/id/')) } LIMIT 1")
    assert found
    page.goto("/id/" + found[0]["e"][len(ARKR):])
    body = page.locator("main").inner_text()
    assert found[0]["why"] not in body
    assert "most specific type" not in body and "mostSpecificType" not in body


def test_referenced_by_lists_each_entity_once(page):
    page.goto("/id/albania")
    links = page.locator("table.incoming a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and len(links) == len(set(links))
    events = page.locator("table.events a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(events) == len(set(events)) and not set(events) & set(links)
    page.goto("/id/enver-hoxha")
    offices = rows("""SELECT DISTINCT ?t WHERE { ?t a arkg:Tenure ; arkg:hasHolder arkr:enver-hoxha }""")
    assert page.locator("table.offices tbody tr").count() == len(offices) > 0


def test_a_state_page_lists_memberships_and_relations(page):
    page.goto("/id/albania")
    relations = rows("""SELECT DISTINCT ?ev ?o WHERE { VALUES ?k { arkg:EstablishmentOfRelations arkg:BreakOfRelations
        arkg:RestorationOfRelations } ?ev a ?k ; arkg:hasParticipant arkr:albania, ?o . ?o a arkg:SovereignState
        FILTER(?o != arkr:albania) }""")
    assert relations and page.locator("table.relations tbody tr").count() == len(relations)
    assert "December 1961" in page.locator("table.relations").inner_text()
    memberships = rows("SELECT DISTINCT ?m WHERE { ?m a arkg:Membership ; arkg:hasMember arkr:albania }")
    assert page.locator("table.memberships tbody tr").count() == len(memberships) > 0


def test_a_class_page_lists_its_instances_with_dates(page):
    page.goto("/ontology/Visit")
    assert page.locator("h1").inner_text() == "Visit"
    visits = rows("SELECT DISTINCT ?v WHERE { ?v a arkg:Visit }")
    table = page.locator("table.instances tbody tr")
    assert table.count() == len(visits)
    assert page.locator("table.incoming").count() == 0  # not a row per instance with "rdf:type"
    assert "@en" not in page.locator("main").inner_text()


# --- 5, 6, 7: results tables and shareable canned results ---------------------------------------

def test_results_show_labels_and_sort_dates_by_their_bounds(page):
    page.goto("/query?query=" + quote("SELECT ?event ?date WHERE { ?event arkg:hasTimeSpan/arkg:stated ?date }"))
    table = wait_rows(page)
    n = table.count()
    assert n > 50
    page.wait_for_selector("#results[data-labelled]")
    first_links = page.locator("#results tbody td:first-child a").all_inner_texts()
    assert not any(t.startswith("arkr:") for t in first_links)
    page.click("#results input.show-iris")
    assert all(t.startswith("arkr:") for t in page.locator("#results tbody td:first-child a").all_inner_texts())
    page.click("#results input.show-iris")
    page.click("#results thead th:nth-child(2)")
    stated = page.locator("#results tbody td:nth-child(2) span.date").evaluate_all("els => els.map(e => e.dataset.stated)")
    assert len(stated) == n

    def bound(text):
        span = parse(text)
        return span.earliest or span.latest

    keys = [bound(s) for s in stated]
    assert keys == sorted(keys), stated[:20]
    assert page.locator("#results tbody td:nth-child(2)").all_inner_texts()[0] != stated[0]  # in words
    assert page.locator("details.legend").count() == 1
    assert "@en" not in page.locator("#results").inner_text()


def test_a_canned_result_has_its_own_page_and_named_downloads(page, arkg_server):
    expected = arkg.query("who-broke-relations").dicts()
    page.goto("/canned/who-broke-relations")
    rows_ = wait_rows(page, ".results")
    assert rows_.count() == len(expected)
    page.wait_for_selector(".results[data-labelled]")
    text = page.locator(".results").inner_text()
    assert "Soviet Union" in text and "arkr:soviet-union" not in text
    page.screenshot(path=str(ARTIFACTS / "canned-result.png"), full_page=True)
    csv = page.locator(".downloads a.dl-csv").get_attribute("href")
    r = arkg_server.get(csv)
    assert r.status == 200
    assert r.headers["Content-Disposition"] == 'attachment; filename="who-broke-relations.csv"'
    r = arkg_server.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1", "format": "tsv"})
    assert r.headers["Content-Disposition"] == 'attachment; filename="arkg-query.tsv"'
    # parameters travel in the URL
    page.goto("/canned/visits?visitor=arkr:enver-hoxha")
    expected = arkg.query("visits", visitor="arkr:enver-hoxha").dicts()
    assert wait_rows(page, ".results").count() == len(expected) > 0
    assert page.locator("input[name=visitor]").input_value() == "arkr:enver-hoxha"


# --- 4: the timeline ----------------------------------------------------------------------------

RELATIONS = """SELECT DISTINCT ?e WHERE { VALUES ?r { arkr:russian-empire arkr:soviet-union arkr:russian-federation }
    ?e a arkg:Event ; arkg:hasParticipant arkr:albania, ?r ; arkg:hasTimeSpan/arkg:stated ?d ; rdfs:label ?l }"""


def test_the_timeline_labels_every_event_and_filters_and_zooms(page):
    events = rows(RELATIONS)
    page.goto("/timeline")
    items = page.locator("svg.timeline .tl-item")
    assert items.count() == len(events) > 50
    labelled = page.locator("svg.timeline .tl-item text").count()
    assert labelled == len(events)  # no unlabelled overflow row
    assert page.locator("table.timeline-table tbody tr").count() == len(events)
    page.screenshot(path=str(ARTIFACTS / "timeline-labelled.png"))
    # filter by kind
    visits = rows(RELATIONS.replace("arkg:Event", "arkg:Visit"))
    page.select_option("select[name=kind]", "arkg:Visit")
    page.click(".tl-filters button[type=submit]")
    page.wait_for_url("**kind=arkg%3AVisit**")
    assert page.locator("svg.timeline .tl-item text").count() == len(visits) > 0
    # filter by participant, then zoom in: the window narrows and every item in it stays labelled
    page.goto("/timeline?participant=arkr:enver-hoxha")
    with_hoxha = rows(RELATIONS.replace("arkg:hasParticipant arkr:albania, ?r", "arkg:hasParticipant arkr:albania, ?r, arkr:enver-hoxha"))
    assert page.locator("svg.timeline .tl-item").count() == len(with_hoxha) > 0
    page.click("a.move:has-text('zoom in')")
    page.wait_for_url("**from=**")
    inside = page.locator("svg.timeline .tl-item").count()
    assert 0 < inside <= len(with_hoxha)
    assert page.locator("svg.timeline .tl-item text").count() == inside
    page.locator("svg.timeline a.tl-item").first.click()
    page.wait_for_url("**/id/**")


def _window(url: str) -> tuple[int, int]:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    return int(query["from"][0]), int(query["to"][0])


def _year_x(page, year: float) -> tuple[float, float]:
    """Where on the screen the timeline's axis shows ``year`` (from the geometry the server drew)."""
    svg = page.locator("svg.timeline[data-zoomable]")
    geo = svg.evaluate("""s => ({lo: +s.dataset.lo, hi: +s.dataset.hi, left: +s.dataset.left, right: +s.dataset.right,
                                 vw: s.viewBox.baseVal.width, box: s.getBoundingClientRect().toJSON()})""")
    x = geo["left"] + (year - geo["lo"]) * (geo["right"] - geo["left"]) / (geo["hi"] - geo["lo"])
    return geo["box"]["x"] + x * geo["box"]["width"] / geo["vw"], geo["box"]["y"] + 20


def test_the_timeline_zooms_and_pans_with_the_mouse(page):
    """Ctrl+wheel zooms around the pointer, a drag moves in time, a double click zooms in; the
    server draws each new window, as the zoom links do. Plain scrolling still scrolls the page."""
    page.goto("/timeline?from=1950&to=1970")
    x, y = _year_x(page, 1960.5)
    page.mouse.move(x, y)
    page.mouse.wheel(0, 400)  # no Ctrl: the page scrolls, the window stays
    page.wait_for_timeout(400)
    assert _window(page.url) == (1950, 1970)
    x, y = _year_x(page, 1960.5)
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    page.wait_for_url("**to=**", timeout=5000)
    page.wait_for_function("() => !location.search.includes('from=1950&to=1970')")
    a, b = _window(page.url)
    assert 1950 < a <= 1960 < b < 1970  # narrower, around 1960
    assert page.locator("svg.timeline .tl-item").count() > 0
    # drag to the right by about five years: the window moves five years earlier
    x, y = _year_x(page, 1961.0)
    x2, _ = _year_x(page, 1966.0)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move((x + x2) / 2, y, steps=4)
    page.mouse.move(x2, y, steps=4)
    page.mouse.up()
    page.wait_for_function(f"() => !location.search.includes('from={a}&to={b}')")
    a2, b2 = _window(page.url)
    assert abs((a - a2) - 5) <= 1 and abs((b - b2) - 5) <= 1 and (b2 - a2) == (b - a)
    # a double click zooms in around the point
    x, y = _year_x(page, (a2 + b2 + 1) / 2)
    page.mouse.dblclick(x, y)
    page.wait_for_function(f"() => !location.search.includes('from={a2}&to={b2}')")
    a3, b3 = _window(page.url)
    assert a2 <= a3 and b3 <= b2 and (b3 - a3) < (b2 - a2)


# --- 8: search ----------------------------------------------------------------------------------

def test_enter_in_the_home_search_opens_ranked_results(page):
    page.goto("/")
    page.fill("#home-search", "Khrushchev")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search?q=Khrushchev")
    first = page.locator("ol.search-results li").first
    people = rows('SELECT ?p WHERE { ?p a arkg:Person ; rdfs:label ?l FILTER(CONTAINS(?l, "Khrushchev")) }')
    assert people
    assert first.locator("a").get_attribute("href") in {"/id/" + r["p"][len(ARKR):] for r in people}
    page.goto("/search?q=Alb")
    assert page.locator("ol.search-results li a").first.get_attribute("href") == "/id/albania"


# --- 12: smaller ---------------------------------------------------------------------------------

def test_a_missing_page_is_a_page_of_the_site(page):
    response = page.goto("/id/no-such-entity")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    assert page.locator("header nav a").count() >= 5


def test_the_gallery_keeps_maintainer_checks_apart(page):
    page.goto("/queries")
    cards = page.locator("article.card").evaluate_all("els => els.map(e => e.id)")
    assert cards and not [c for c in cards if c.endswith("-violation")]
    assert page.locator("section.maintainer a").count() == len(
        [q for q in arkg.canned.catalog() if q.endswith("-violation")])


# --- 10, 11: accessibility and the phone ------------------------------------------------------------

PAGES = ["/", "/query?query=" + quote("SELECT ?v WHERE { ?v a arkg:Visit } LIMIT 5"), "/queries",
         "/canned/who-broke-relations", "/search?q=hoxha", "/id/enver-hoxha", f"/id/{EVENT}", "/id/albania",
         "/ontology", "/ontology/Visit", "/timeline", "/sparql", "/id/no-such-entity"]


def _settle(pg, path):
    pg.goto(path)
    if path.startswith(("/query", "/canned")):
        pg.locator("table tbody tr").first.wait_for(timeout=15000)


def test_no_serious_or_critical_axe_violations_on_any_page_type(browser, arkg_server):
    context, outside = offline_context(browser, arkg_server, viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    found = {}
    try:
        for path in PAGES:
            _settle(pg, path)
            if path == "/":  # the autocomplete open
                pg.fill("#home-search", "Hoxh")
                pg.locator("ul.ac-list li").first.wait_for(timeout=5000)
            pg.add_script_tag(path=str(AXE))
            result = pg.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[path] = bad
    finally:
        context.close()
    assert not outside, outside
    assert not found, found


def test_every_page_type_fits_a_phone(browser, arkg_server):
    context, _ = offline_context(browser, arkg_server, viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    wide = {}
    try:
        for path in PAGES:
            _settle(pg, path)
            width = pg.evaluate("document.scrollingElement.scrollWidth")
            if width > 390:
                wide[path] = width
            if path == f"/id/{EVENT}":
                pg.screenshot(path=str(ARTIFACTS / "phone-event.png"))
    finally:
        context.close()
    assert not wide, wide
