"""Stores for the API tests, filled by ingesting short texts written for these tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.serve import create_app
from armswatch.settings import Settings
from armswatch.store import Store
from ..store.targets import DbTargets

HOSTILE_TITLE = "<script>alert('t')</script> Ministry note"
HOSTILE_TEXT = (
    "A ministry note said <img src=x onerror=alert(1)> that Russia has moved S-400 launchers to Pskov. "
    "<a href=\"javascript:alert(2)\">Read</a> & <b>more</b>."
)

# (url, published, title, text): a small invented series with deployments, claims and a treaty.
RECORDS = [
    ("https://one.example.net/a", "2024-03-01", "Launchers moved west",
     "Russia has deployed Iskander-M missiles in Kaliningrad, two defence officials said on Tuesday."),
    ("https://two.example.net/b", "2024-03-04", "Kremlin rejects report",
     "The Kremlin denied that Iskander-M missiles had been moved, calling the reports false."),
    ("https://three.example.net/c", "2024-07-20", "Treaty dispute deepens",
     "The State Department accused Russia of violating the INF Treaty by testing the 9M729 cruise missile, "
     "a spokesman said on Friday."),
    ("https://four.example.net/d", "2024-09-02", HOSTILE_TITLE, HOSTILE_TEXT),
    ("https://five.example.net/e", "2024-10-11", "Council passes budget",
     "The city council approved the budget for the coming year on Monday, the mayor said."),
    ("https://six.example.net/f", "2024-11-30", "Brigade leaves the exclave",
     "Russia withdrew the Iskander-M missiles from Kaliningrad in November, according to the regional governor."),
]


def write_jsonl(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = [json.dumps({"url": u, "published": p, "title": t, "text": x}) for u, p, t, x in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def many_rows(n: int, *, start: int = 0) -> list[tuple[str, str, str, str]]:
    """`n` short wire items, each mentioning missiles, with dates spread over a year."""
    return [
        (f"https://wire.example.net/{i}", f"2023-{1 + i % 12:02d}-{1 + i % 27:02d}", f"Item {i}: drills go on",
         f"Item {i}. Crews loaded a missile brigade onto trains after drills, officials said. The exercise {i} ended.")
        for i in range(start, start + n)
    ]


@pytest.fixture(scope="session")
def records_db(tmp_path_factory: pytest.TempPathFactory, db_targets: DbTargets, model_extractor: NlpExtractor) -> str | Path:
    """A store of RECORDS ingested with the real English model (claims, deployments, mentions)."""
    folder = tmp_path_factory.mktemp("records")
    write_jsonl(folder / "records.jsonl", RECORDS)
    db = db_targets.new(folder, "records")
    with Store.open(db) as store:
        ingest([folder / "records.jsonl"], store, settings=Settings(), extractor=model_extractor)
    return db


@pytest.fixture(scope="session")
def many_db(tmp_path_factory: pytest.TempPathFactory, db_targets: DbTargets, blank_extractor: NlpExtractor) -> str | Path:
    """A store of 37 short items ingested with the blank pipeline (fast; no records)."""
    folder = tmp_path_factory.mktemp("many")
    write_jsonl(folder / "many.jsonl", many_rows(37))
    db = db_targets.new(folder, "many")
    with Store.open(db) as store:
        ingest([folder / "many.jsonl"], store, settings=Settings(nlp_model="blank:en"), extractor=blank_extractor)
    return db


@pytest.fixture(scope="session")
def client(records_db: str | Path) -> Iterator[TestClient]:
    with TestClient(create_app(records_db)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def many_client(many_db: str | Path) -> Iterator[TestClient]:
    with TestClient(create_app(many_db)) as test_client:
        yield test_client


def all_pages(client: TestClient, path: str, **params: object) -> list[dict[str, object]]:
    """Every item of a paged listing, following `next` until it is null."""
    items: list[dict[str, object]] = []
    after = None
    for _ in range(1000):
        response = client.get(path, params={**params, **({"after": after} if after else {})})
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        after = page["next"]
        if after is None:
            return items
    raise AssertionError("paging did not end")
