"""The web UI in a real browser: headless Debian Chromium driven by Playwright (never a
downloaded browser). Screenshots go to tests/artifacts/ (git-ignored). Without Chromium these tests
are skipped with the reason (a failure in CI, where .ci/system/chromium.sh installs it)."""

from __future__ import annotations

from pathlib import Path


import arkg
from server_fixtures import arkg_server, browser, page, strict_server  # noqa: F401  (fixtures)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_home_page_and_search(page):
    page.goto("/")
    assert page.locator("h1").first.inner_text().startswith("Albania and Russia")
    page.fill("#home-search", "Hoxh")
    option = page.locator("ul.ac-list li", has_text="Enver Hoxha").first
    option.wait_for(timeout=5000)
    page.screenshot(path=str(ARTIFACTS / "home.png"))
    option.dispatch_event("mousedown")
    page.wait_for_url("**/id/enver-hoxha")
    assert page.locator("h1").inner_text() == "Enver Hoxha"


def test_canned_query_through_the_form(page):
    expected = arkg.query("visits", visitor="Enver Hoxha").dicts()
    assert expected
    page.goto("/queries")
    card = page.locator("article#visits")
    card.locator("input[name=visitor]").fill("Enver Hox")
    card.locator("ul.ac-list li", has_text="Enver Hoxha").first.wait_for(timeout=5000)
    card.locator("ul.ac-list li", has_text="Enver Hoxha").first.dispatch_event("mousedown")
    card.locator("button[type=submit]").click()
    rows = card.locator(".results table tbody tr")
    rows.first.wait_for(timeout=10000)
    assert rows.count() == len(expected)
    card.locator(".results[data-labelled]").wait_for(timeout=5000)
    shown = card.locator(".results table span.date").evaluate_all("els => els.map(e => e.dataset.stated)")
    for row in expected:
        assert row["date"] in shown  # the stated date, shown in words
    assert card.locator(".downloads a.dl-csv").get_attribute("href").startswith("/canned/visits?visitor=")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "canned-query.png"))


def test_query_editor_runs_and_sorts(page):
    page.goto("/query")
    assert page.locator("#highlight .tk").count() > 3  # keywords highlighted
    page.fill("#query", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                        "SELECT ?label WHERE { <https://w3id.org/arkg/id/albania> rdfs:label ?label }")
    page.click("#run")
    page.locator("#results table tbody tr").first.wait_for(timeout=10000)
    cells = page.locator("#results table tbody td").all_inner_texts()
    assert any(c.startswith("Albania") for c in cells)
    page.click("#results table thead th")
    first_up = page.locator("#results table tbody td").first.inner_text()
    page.click("#results table thead th")
    first_down = page.locator("#results table tbody td").first.inner_text()
    assert first_up != first_down or len(cells) == 1
    hrefs = [page.locator("#downloads a").nth(i).get_attribute("href") for i in range(4)]
    assert {h.rsplit("format=", 1)[1] for h in hrefs} == {"json", "xml", "csv", "tsv"}
    page.screenshot(path=str(ARTIFACTS / "query.png"), full_page=True)


def test_entity_page_and_timeline(page):
    page.goto("/id/enver-hoxha")
    assert page.locator("svg.timeline .tl-item").count() > 0
    assert "Hoxha, E." in page.locator("table.labels").inner_text()
    page.screenshot(path=str(ARTIFACTS / "entity.png"))
    page.goto("/timeline")
    assert page.locator("svg.timeline g.period").count() >= 3
    assert page.locator("svg.timeline .tl-item").count() > 0
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    page.locator("svg.timeline a.tl-item").first.click()
    page.wait_for_url("**/id/**")
    assert page.locator("h1").inner_text()


def test_an_error_read_from_another_origin_shows_its_message(browser, arkg_server, strict_server):
    """A page on one origin (like YASGUI) reads the other server's errors, message and headers included."""
    context = browser.new_context(base_url=arkg_server.url)
    allowed = (arkg_server.url, strict_server.url)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort())
    pg = context.new_page()
    pg.goto("/")
    script = """async (url) => {
        const out = [];
        for (const [method, query] of [["GET", "ASK {"], ["POST", "CLEAR ALL"], ["POST", "SELECT * { ?s ?p ?o }"]]) {
            const resp = method === "GET"
                ? await fetch(url + "?query=" + encodeURIComponent(query))
                : await fetch(url, {method, headers: {"Content-Type": "application/sparql-query",
                                                      "Accept": "application/sparql-results+json"}, body: query});
            out.push([resp.status, await resp.text(), resp.headers.get("X-ARKG-Max-Rows")]);
        }
        return out;
    }"""
    results = pg.evaluate(script, strict_server.url + "/sparql")
    context.close()
    assert [status for status, _, _ in results] == [400, 403, 422]
    assert "syntax" in results[0][1] and "read-only" in results[1][1] and "more than 5 rows" in results[2][1]
    assert all(rows == "5" for _, _, rows in results)
