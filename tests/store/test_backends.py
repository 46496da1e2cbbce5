"""The store on whichever back end the run uses (SQLite; PostgreSQL with $ARMSWATCH_TEST_POSTGRES):
articles and versions, the write counter, append-only reviews, search, and errors."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from armswatch.errors import ReviewError, StoreError
from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store
from armswatch.store import reviews
from armswatch.store.dialect import describe, is_postgres, translate
from armswatch.store.migrations import store_version
from armswatch.store.queries import list_articles, search_articles

from ..conftest import write

Target = Callable[..., "str | Path"]

ITEMS = [
    ("https://news.example.org/a", "2024-03-01", "Brigade moves east",
     "A missile brigade moved its launchers east by rail on Tuesday, officials said. The move took two days."),
    ("https://news.example.org/b", "2024-03-02", "Radar upgrade",
     "The air force said a new radar would be installed near the coast next year. Its range was not given."),
    ("https://news.example.org/c", "2024-03-03", "Café talks on the S-400",
     "Diplomats met in a café to discuss the S-400 purchase. The missile deal was signed later, officials said."),
]


def jsonl(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = [json.dumps({"url": u, "published": p, "title": t, "text": x}, ensure_ascii=False) for u, p, t, x in rows]
    return write(path, "\n".join(lines) + "\n")


def test_articles_round_trip_with_versions(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    report = ingest([jsonl(tmp_path / "a.jsonl", ITEMS)], store, settings=settings, extractor=blank_extractor)
    assert (report.new, store.count_articles()) == (3, 3)
    changed = [(u, p, t, x + " An update followed.") if u.endswith("/b") else (u, p, t, x) for u, p, t, x in ITEMS]
    again = ingest([jsonl(tmp_path / "b.jsonl", changed)], store, settings=settings, extractor=blank_extractor)
    assert (again.new, again.unchanged, again.new_version) == (0, 2, 1)
    v1, v2 = (store.get_article(i) for i, _ in store.versions("https://news.example.org/b"))
    assert (v1.version, v2.version, v2.previous_id) == (1, 2, v1.id)
    assert store.get_article(v2.id[:8]).id == v2.id and store.get_article(v2.id[:8].upper()).id == v2.id
    raw, source_text, runs = store.source_of(v2.id)
    assert isinstance(raw, bytes) and "An update followed." in source_text and runs
    listed = [a.id for a in store.list_articles()]
    assert sorted(listed) == sorted(a.id for a, _ in list_articles(store)) and len(listed) == 4
    sentences = store.mentions(v1.id, kind="sentence")
    assert [m["text"] for m in sentences] == ["The air force said a new radar would be installed near the coast next year.",
                                              "Its range was not given."]
    assert store.stats()["articles"] == 4 and store.integrity_ok()


def test_every_write_bumps_the_store_version(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    before = store_version(store.db)
    ingest([jsonl(tmp_path / "a.jsonl", ITEMS[:1])], store, settings=settings, extractor=blank_extractor)
    after = store_version(store.db)
    assert after > before
    with store.transaction():
        store.db.execute("DELETE FROM mentions WHERE kind = 'sentence'")
    assert store_version(store.db) > after


def _review(store: Store) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()), "kind": "deployment", "record_key": "k1", "source_key": "s", "article_id": "a",
        "start": 0, "end": 5, "action": "confirm", "before": {"status": "in_place"}, "after": {"status": "in_place"},
        "reviewer": "tester", "at": "2024-05-01T00:00:00.000000+00:00", "comment": None,
    }


def test_reviews_are_append_only_and_imported_once(store: Store) -> None:
    review = _review(store)
    with store.transaction():
        assert reviews.insert(store, review) is True
    with store.transaction():
        assert reviews.insert(store, review) is False  # the same id again adds nothing
    assert [r["id"] for r in reviews.iter_all(store)] == [review["id"]]
    assert reviews.get(store, str(review["id"]))["end"] == 5
    for sql in ("UPDATE reviews SET reviewer = 'someone else'", "DELETE FROM reviews"):
        with pytest.raises(StoreError, match="append-only"):
            with store.transaction():
                store.db.execute(sql)
    assert reviews.get(store, str(review["id"]))["reviewer"] == "tester"
    with pytest.raises(ReviewError):
        with store.transaction():
            reviews.insert(store, {**_review(store), "action": "approve"})  # the table's CHECK refuses it


def test_search_words_prefixes_phrases_and_accents(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    ingest([jsonl(tmp_path / "a.jsonl", ITEMS)], store, settings=settings, extractor=blank_extractor)
    titles = lambda q: sorted(h.title or "" for h in search_articles(store, q))  # noqa: E731
    assert titles("missile officials") == ["Brigade moves east", "Café talks on the S-400"]
    assert titles("MISSILE radar") == []  # every word must occur
    assert titles("launch*") == ["Brigade moves east"]
    assert titles("s-400") == ["Café talks on the S-400"]
    assert titles("cafe") == titles("CAFÉ") == ["Café talks on the S-400"]
    assert titles("radar OR") == [] and titles('"radar') == ["Radar upgrade"]  # operators and quotes are text
    assert search_articles(store, "   ") == []
    [hit] = search_articles(store, "deal")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["deal"]
    assert "The missile deal was signed" in hit.snippet


def test_search_pages_never_repeat_or_skip(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    rows = [(f"https://news.example.org/{i}", "2024-01-01", f"Item {i}", f"Drills {'go on ' * (i % 4 + 1)}near base {i}.")
            for i in range(13)]
    ingest([jsonl(tmp_path / "a.jsonl", rows)], store, settings=settings, extractor=blank_extractor)
    seen, after = [], None
    while True:
        page = search_articles(store, "drills", after=after, limit=4)
        if not page:
            break
        seen += [h.article_id for h in page]
        after = page[-1].key
    assert len(seen) == len(set(seen)) == 13
    assert [h.score for h in search_articles(store, "drills", limit=13)] == sorted(h.score for h in search_articles(store, "drills", limit=13))


def test_claims_speaker_matches_without_case(tmp_path: Path, store: Store) -> None:
    assert store.claims(speaker="NOBODY", about="iskander") == []  # both filters run on either back end


def test_an_unreachable_server_is_one_clear_error() -> None:
    url = "postgresql://nobody:secret@127.0.0.1:9/armswatch"
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert "cannot reach PostgreSQL at 127.0.0.1:9/armswatch" in message and "\n" not in message
    assert "secret" not in message
    assert is_postgres(url) and not is_postgres("postgresql.db") and not is_postgres(Path("postgresql://x"))
    assert describe("file.db") == "file.db"


def test_translate_leaves_quoted_text_alone() -> None:
    assert translate("SELECT '?', \"a?\" FROM t WHERE x LIKE ? AND y = ?") == (
        "SELECT '?', \"a?\" FROM t WHERE x ILIKE %s AND y = %s"
    )
    assert translate("SELECT 'it''s 5%' -- a ? here\n, ?") == "SELECT 'it''s 5%%' -- a ? here\n, %s"


def test_store_name_tells_the_databases_apart(db_target: Target) -> None:
    first, second = db_target("one"), db_target("two")
    with Store.open(first) as a, Store.open(second) as b:
        assert a.name and b.name and a.name != b.name
        assert "secret" not in a.name


def test_postgres_snippets_mark_words_phrases_and_prefixes() -> None:
    from armswatch.store.pg_search import snippet_of

    body = " ".join(f"w{i}" for i in range(40)) + " Écoles near the S-400 launchers. " + " ".join(f"z{i}" for i in range(40))
    text, spans = snippet_of(body, [(("ecoles",), False), (("s", "400"), False), (("launch",), True)], 12)
    assert text.startswith("…") and text.endswith("…")
    assert [text[a:b] for a, b in spans] == ["Écoles", "S-400", "launchers"]
    whole, marks = snippet_of("Short body about radars.", [(("radars",), False)], 24)
    assert whole == "Short body about radars." and [whole[a:b] for a, b in marks] == ["radars"]
