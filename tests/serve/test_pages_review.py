"""The review controls' hooks in the pages, without a browser: every slot names its records and
the reviews in force, the header's token field can never submit the token, and the script
that sends reviews writes no HTML. (tests/browser/test_review.py clicks the buttons.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from starlette.testclient import TestClient

from armswatch.kb import load_kb
from armswatch.review import review_record
from armswatch.serve import create_app
from armswatch.serve.pages.routes import HERE
from armswatch.settings import Settings
from armswatch.store import Store

from ..review.conftest import fill, record_id
from ..store.targets import DbTarget


@pytest.fixture
def site(db_target: DbTarget, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = db_target("pages")
    with Store.open(db) as store:
        fill(store, tmp_path)
    with TestClient(create_app(db, settings=Settings(gate=False))) as client:
        yield client, db


def _page(client: TestClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return lxml_html.fromstring(response.text)


def _one(tree: Any, xpath: str) -> Any:
    found = tree.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


_SLOT = "//{}[contains(concat(' ', @class, ' '), ' review-slot ')]"


def _ids(store_db: Path, table: str, **where: str) -> int:
    with Store.open(store_db) as store:
        return record_id(store, table, **where)


def test_every_page_has_the_token_field_and_the_review_script(site: tuple[TestClient, Path]) -> None:
    client, _ = site
    article = client.get("/api/articles").json()["items"][0]["id"]
    for path in ("/ledger", "/claims", f"/articles/{article}", "/systems/S-400"):
        tree = _page(client, path)
        form = _one(tree, "//header//form[@id='review-token']")
        token_input = _one(form, ".//input[@id='review-token-input']")
        # no name and no action: the browser has nothing to put into a URL or a body
        assert token_input.get("type") == "password" and not token_input.get("name"), path
        assert not form.get("action") and form.xpath(".//*[@name]") == []
        scripts = tree.xpath("//script")
        assert "/static/review.js" in [s.get("src") for s in scripts] and all(s.get("src") for s in scripts), path
        assert "in_place" in str(_one(tree, "//body").get("data-statuses"))


def test_slots_name_their_records_and_the_reviews_in_force(site: tuple[TestClient, Path]) -> None:
    client, db = site
    pskov = _ids(db, "deployments", place="Pskov")
    brest = _ids(db, "deployments", place="Brest")
    denial = _ids(db, "claims", stance="deny")
    slots = _page(client, "/ledger").xpath(_SLOT.format("td"))
    assert sorted(s.get("data-records") for s in slots) == sorted([str(pskov), str(brest)])
    assert all(s.get("data-review-ids") == "" for s in slots)

    kb = load_kb()
    with Store.open(db) as store:
        moved = review_record(store, kb, kind="deployment", record_id=pskov, action="correct",
                              values={"place": "Murmansk"}, reviewer="ana")
        review_record(store, kb, kind="deployment", record_id=brest, action="reject", reviewer="ana")
        confirmed = review_record(store, kb, kind="claim", record_id=denial, action="confirm", reviewer="ana")

    [slot] = _page(client, "/ledger").xpath(_SLOT.format("td"))  # the rejected row has left
    assert slot.get("data-records") == str(pskov) and slot.get("data-review-ids") == moved["id"]
    assert slot.get("data-place-name") == "Murmansk"

    claim = _one(_page(client, "/claims"), f"//li[@id='claim-{denial}']" + _SLOT.format("div"))
    assert claim.get("data-record-id") == str(denial)
    assert claim.get("data-review-ids") == confirmed["id"] and claim.get("data-stance") == "deny"

    article = client.get("/api/articles").json()["items"][0]["id"]
    by_id = {(s.get("data-review"), s.get("data-record-id")): s for s in _page(client, f"/articles/{article}").xpath(_SLOT.format("div"))}
    assert by_id["deployment", str(brest)].get("data-rejected") == "1" and by_id["deployment", str(pskov)].get("data-rejected") is None
    moved_slot = by_id["deployment", str(pskov)]
    assert moved_slot.get("data-review-ids") == moved["id"] and moved_slot.get("data-place-name") == "Murmansk"
    assert by_id["claim", str(denial)].get("data-speaker") == "The Russian defence ministry"


def test_the_review_script_writes_text_only_and_keeps_the_token_in_the_tab() -> None:
    script = (HERE / "static" / "review.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "document.cookie",
                 "localStorage", "eval(", "location.href", "location.search"):
        assert sink not in script, sink
    assert "sessionStorage" in script and '"Authorization": "Bearer "' in script
    assert 'credentials: "same-origin"' in script
