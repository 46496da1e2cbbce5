"""The web pages in real chromium: the map and the table, the article view, and hostile text."""

from __future__ import annotations

import json
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .conftest import ARTICLES, HOSTILE_TITLE, SHOTS, Watched


def _api(server: str, path: str) -> Any:
    with urllib.request.urlopen(server + path, timeout=30) as response:
        return json.loads(response.read())


def _article_id(server: str, title: str) -> str:
    return next(a["id"] for a in _api(server, "/api/articles?limit=100")["items"] if a["title"] == title)


def _map_ready(page: Any) -> None:
    page.wait_for_selector("#map[data-state=ready]", timeout=20_000)


def _only_local(w: Watched, server: str) -> None:
    outside = [u for u in w.requests if not u.startswith(server + "/")]
    assert not outside, f"requests left the app: {outside}"


def test_map_and_table_follow_the_filters(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/ledger")
    _map_ready(page)
    rows = page.locator("#ledger-table tbody tr[data-row]")
    assert rows.count() >= 4
    # every located assertion is a point (a circle marker or inside a cluster), boundaries are drawn
    points = int(page.get_attribute("#map", "data-points") or 0)
    located = _api(server, "/ledger/points.geojson")["features"]
    assert points == len(located) >= 3
    assert page.locator("path.leaflet-interactive").count() + page.locator(".marker-cluster").count() >= 1
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # country outlines, no tile layer
    assert page.locator(".leaflet-tile").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ledger-map.png"))

    # a filter changes the URL, the table and the map together
    page.fill("input[name=system]", "S-400")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/ledger?system=S-400")
    _map_ready(page)
    assert parse_qs(urlsplit(page.url).query) == {"system": ["S-400"]}  # empty boxes stay out of the link
    systems = page.locator("#ledger-table tbody td:nth-child(4) a:first-child").all_inner_texts()
    assert systems and all("S-400" in s for s in systems)
    assert rows.count() == len(systems) < 4
    assert int(page.get_attribute("#map", "data-points") or 0) == len(systems)

    # the status select submits by itself; sorting is a link that keeps the filters
    page.select_option("select[name=status]", "withdrawn")
    page.wait_for_url("**status=withdrawn**")
    assert "system=S-400" in page.url and "No assertion matches" in page.inner_text("#ledger-table")
    page.goto(server + "/ledger")
    page.click("#ledger-table th >> text=System")
    dates = page.locator("#ledger-table tbody td:nth-child(4) a:first-child").all_inner_texts()
    assert "sort=system" in page.url and dates == sorted(dates, key=str.casefold, reverse=True)
    _only_local(watched, server)


def test_popup_draws_the_range_ring_with_its_source(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/ledger?system=Iskander-M")
    _map_ready(page)
    page.locator("path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Iskander-M" in popup.inner_text() and "Range ring: 500 km, source:" in popup.inner_text()
    assert page.locator("path.range-ring").count() == 1
    assert page.locator("tr.selected").count() == 1  # the point's row is marked in the table
    page.locator(".leaflet-popup-close-button").click()
    assert page.locator("path.range-ring").count() == 0


def test_article_view_highlights_every_record_at_its_span(server: str, watched: Watched) -> None:
    page = watched.page
    article_id = _article_id(server, ARTICLES[3][2])
    article = _api(server, f"/api/articles/{article_id}")
    body = article["body"]
    page.goto(f"{server}/articles/{article_id}")
    assert page.inner_text("#body") == body  # the body is shown whole, exactly as stored
    records = page.locator(".record")
    assert records.count() >= len(article["claims"]) + len(article["deployments"]) >= 3
    for record in records.all():
        key = record.get_attribute("data-key")
        spans = [tuple(map(int, s.split("-"))) for s in (record.get_attribute("data-spans") or "").split()]
        segs = page.locator(f'.hl[data-rec~="{key}"]').evaluate_all(
            "els => els.map(e => [Number(e.dataset.start), Number(e.dataset.end), e.textContent])")
        for start, end, text in segs:
            assert body[start:end] == text
        covered = {i for start, end, _ in segs for i in range(start, end)}
        wanted = {i for start, end in spans for i in range(start, end)}
        assert wanted <= covered, key  # every character of the record's spans is highlighted
    deployment = article["deployments"][0]
    page.click(f"#rec-d{deployment['id']} a.to-span")
    active = page.locator(".hl.active").all_inner_texts()
    assert "".join(active).strip() == deployment["span"]["text"].strip()
    assert "9M729" in page.locator(".hl.k-system").all_inner_texts()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "article.png"))


def test_claims_link_accusation_and_denial_and_show_cited_chains(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/claims")
    denial = page.locator("li.claim", has=page.locator(".stance.st-deny")).first
    link = denial.locator(".denial-of a")
    assert "9M729" in link.inner_text()
    link.click()
    target = page.url.split("#")[1]
    assert page.locator(f"#{target} .stance").inner_text() == "accuse"
    assert page.locator(f"#{target} .answered-by").count() == 1
    page.goto(server + "/claims?speaker=newspaper")
    chain = page.locator(".chain").first.inner_text()
    assert "newspaper" in chain and "two intelligence officials" in chain


def test_hostile_text_never_runs(server: str, watched: Watched) -> None:
    page = watched.page
    hostile = _article_id(server, HOSTILE_TITLE)
    pages = [f"/articles/{hostile}", "/claims", f"/claims?article={hostile}", "/ledger?system=S-400",
             "/timeline/S-400", "/systems/S-400"]
    for path in pages:
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
    # the payloads are shown as text
    page.goto(f"{server}/articles/{hostile}")
    assert page.inner_text("#article-title") == HOSTILE_TITLE
    assert "<script>" in page.inner_text("#body") and page.locator("#body script, #body img, #body svg").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    # a map popup carrying the hostile title
    page.goto(server + "/ledger?system=S-400")
    _map_ready(page)
    page.locator("path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>" in popup.inner_text() and popup.locator("script, img, svg").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert watched.dialogs == [] and watched.page_errors == []
    _only_local(watched, server)


def test_csp_blocks_inline_script(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/ledger")
    blocked = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.body.appendChild(s);
        const b = document.createElement('button');
        b.setAttribute('onclick', 'window.__inline = 2');
        document.body.appendChild(b);
        b.click();
        setTimeout(() => resolve(null), 2000);
    })""")
    assert blocked is not None and blocked.startswith("script-src")
    assert page.evaluate("window.__inline") is None
