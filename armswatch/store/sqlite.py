"""The store: the only module that writes SQL for articles and mentions. SQLite (a file,
the embedded default) or PostgreSQL (a postgresql:// URL), behind the same methods."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import ArticleNotFound, StoreError
from ..models import Annotations, Article, Cleaned, Outcome, Removed, Skipped, SourceDoc
from .dialect import DATABASE_ERRORS, Dialect, PgConnection, connect_postgres, describe, first_line, is_postgres
from .migrations import apply_migrations
from .pg_migrations import WRITE_LOCK, apply_pg_migrations

_ARTICLE_COLUMNS = (
    "id, source_key, location, version, previous_id, format, encoding, encoding_note, body, "
    "title, outlet, byline, dateline, published, published_from, url, language, corrections, "
    "extracted, extract_note, ingested_at, clean_note"
)
# How long a SQLite writer waits for another process's write transaction to end before it
# gives up with "database is locked" (batches commit in well under a second).
BUSY_TIMEOUT_S = 60.0


class Store:
    """A connection to an armswatch database: SQLite (WAL) or PostgreSQL.

    >>> store = Store.open(":memory:")
    >>> store.count_articles()
    0
    """

    def __init__(self, db: Any, dialect: Dialect = "sqlite") -> None:
        self.db = db  # an sqlite3.Connection, or a PgConnection that takes the same calls
        self.dialect: Dialect = dialect

    @classmethod
    def open(cls, target: str | Path) -> Store:
        """Open (creating and migrating when needed) the SQLite file at `target`, or the
        PostgreSQL database a postgresql:// URL names."""
        if is_postgres(target):
            return cls._open_postgres(str(target))
        try:
            db = sqlite3.connect(str(target), isolation_level="DEFERRED", timeout=BUSY_TIMEOUT_S)
            db.execute("PRAGMA foreign_keys = ON")
            if str(target) != ":memory:":
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
            apply_migrations(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {target}: {exc}") from exc
        return cls(db)

    @classmethod
    def _open_postgres(cls, url: str) -> Store:
        db = connect_postgres(url)
        try:
            apply_pg_migrations(db)
        except DATABASE_ERRORS as exc:
            db.close()
            raise StoreError(f"cannot open {describe(url)}: {first_line(exc)}") from exc
        return cls(db, "postgres")

    @property
    def name(self) -> str:
        """Which database this is: the SQLite file's path ('' in memory), or the PostgreSQL
        connection string without its password."""
        if isinstance(self.db, PgConnection):
            return self.db.name
        return next((row[2] for row in self.db.execute("PRAGMA database_list") if row[1] == "main"), "")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (an interrupted run leaves no half article).

        The transaction takes the write lock first (SQLite: BEGIN IMMEDIATE, waiting up to
        BUSY_TIMEOUT_S; PostgreSQL: an advisory lock), so writers from several processes
        take turns, and what one reads inside (is this article there? which version is the
        latest?) stays true until it commits."""
        try:
            with self.db:
                if not self.db.in_transaction:
                    if isinstance(self.db, PgConnection):
                        self.db.begin()
                        self.db.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                    else:
                        self.db.execute("BEGIN IMMEDIATE")
                yield
        except DATABASE_ERRORS as exc:
            raise StoreError(f"database write failed: {first_line(exc)}") from exc

    # --- writing ---------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def latest_version(self, source_key: str) -> tuple[str, int] | None:
        row = self.db.execute(
            "SELECT id, version FROM articles WHERE source_key = ? ORDER BY version DESC LIMIT 1",
            (source_key,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_article(
        self,
        doc: SourceDoc,
        cleaned: Cleaned,
        annotations: Annotations | None,
        *,
        extract_note: str | None,
    ) -> Outcome:
        """Insert one article with its boilerplate and mentions; return 'new' or 'new_version',
        or 'unchanged' when another writer stored the same article meanwhile.

        Call inside `transaction()`.
        """
        if self.has_article(doc.content_hash):
            return "unchanged"
        latest = self.latest_version(doc.source_key)
        version, previous = (latest[1] + 1, latest[0]) if latest else (1, None)
        meta = cleaned.metadata
        self.db.execute(
            "INSERT INTO articles (id, source_key, location, version, previous_id, format, encoding, "
            "encoding_note, raw, source_text, body, offset_runs, title, outlet, byline, dateline, "
            "published, published_from, url, language, corrections, extracted, extract_note, ingested_at, "
            "clean_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.content_hash, doc.source_key, doc.location, version, previous, doc.fmt,
                doc.encoding, doc.encoding_note, doc.raw, doc.text, cleaned.body,
                json.dumps(cleaned.runs), meta.title, meta.outlet, meta.byline, meta.dateline,
                meta.published, meta.published_from, meta.url, meta.language,
                json.dumps(list(meta.corrections), ensure_ascii=False),
                1 if annotations is not None else 0, extract_note, _now(), meta.note,
            ),
        )
        self.db.executemany(
            "INSERT INTO boilerplate VALUES (?,?,?,?,?)",
            [(doc.content_hash, r.kind, r.start, r.end, r.text) for r in cleaned.removed],
        )
        if annotations is not None:
            self.save_annotations(doc.content_hash, annotations)
        return "new_version" if previous else "new"

    def save_annotations(self, article_id: str, annotations: Annotations) -> None:
        """Insert what extraction found in one stored article (call inside `transaction()`)."""
        self.db.executemany(
            'INSERT INTO mentions (article_id, kind, label, start, "end", text, extractor) VALUES (?,?,?,?,?,?,?)',
            [(article_id, m.kind, m.label, m.start, m.end, m.text, m.extractor) for m in annotations.mentions],
        )
        self.db.executemany(
            "INSERT INTO claims (article_id, speaker, speaker_kind, speaker_text, cue, stance, stance_evidence, "
            "content, start, \"end\", target, about, cited, modality, evidence, answers, extractor) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    article_id, c.speaker, c.speaker_kind, c.speaker_text, c.cue, c.stance,
                    c.stance_evidence, c.content, c.start, c.end, c.target, json.dumps(list(c.about)),
                    json.dumps(list(c.cited), ensure_ascii=False), json.dumps(asdict(c.modality)),
                    json.dumps([list(e) for e in c.evidence]), c.answers, c.extractor,
                )
                for c in annotations.claims
            ],
        )
        self._save_records(article_id, annotations)
        self.db.execute(
            "INSERT INTO tokens VALUES (?,?,?)",
            (article_id, annotations.extractor, json.dumps(annotations.tokens, ensure_ascii=False)),
        )

    def _save_records(self, article_id: str, annotations: Annotations) -> None:
        self.db.executemany(
            "INSERT INTO deployments (article_id, by_state, system, place, place_id, lat, lon, status, count, unit, "
            "date, date_precision, attributed_to, cited, reported, start, \"end\", extractor) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (article_id, d.by, d.system, d.where, d.place_id, d.lat, d.lon, d.status, d.count, d.unit, d.date,
                 d.date_precision, d.attributed_to, json.dumps(list(d.cited), ensure_ascii=False), int(d.reported),
                 d.start, d.end, d.extractor)
                for d in annotations.deployments
            ],
        )
        self.db.executemany(
            "INSERT INTO treaty_actions (article_id, treaty, party, action, date, attributed_to, start, \"end\", extractor) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(article_id, t.treaty, t.party, t.action, t.date, t.attributed_to, t.start, t.end, t.extractor)
             for t in annotations.treaty_actions],
        )
        self.db.executemany(
            "INSERT INTO allegations (article_id, treaty, accused, by_parties, system, start, \"end\", extractor) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [(article_id, a.treaty, a.accused, json.dumps(list(a.by)), a.system, a.start, a.end, a.extractor)
             for a in annotations.allegations],
        )
        self.db.executemany(
            "INSERT INTO counts (article_id, system, unit, value, low, high, qualifier, derived, derivation, start, \"end\", extractor) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(article_id, c.system, c.unit, c.value, c.bounds[0] if c.bounds else None, c.bounds[1] if c.bounds else None,
              c.qualifier, int(c.derived), c.derivation, c.start, c.end, c.extractor)
             for c in annotations.counts],
        )
        self.db.executemany(
            "INSERT INTO events (article_id, event_type, mode, source, target, source_text, target_text, "
            "trigger_start, trigger_end, trigger, negated, future, hypothetical, date, date_precision, date_how, "
            "location, location_id, start, \"end\", extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(article_id, d.event.event_type, d.event.mode, d.event.source, d.event.target, d.event.source_text,
              d.event.target_text, d.event.trigger.start, d.event.trigger.end, d.event.trigger.text,
              int(d.event.negated), int(d.event.future), int(d.event.hypothetical), d.date, d.date_precision,
              d.date_how, d.location, d.location_id, d.event.sentence.start, d.event.sentence.end, d.event.extractor)
             for d in annotations.events],
        )

    def records(self, table: str, article_id: str) -> list[dict[str, Any]]:
        """Rows of one record table (deployments, treaty_actions, allegations, counts, events) for an article."""
        if table not in ("deployments", "treaty_actions", "allegations", "counts", "events"):
            raise StoreError(f"no record table {table!r}")
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY start", (article_id,))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def deployment_reports(self, *, system: str | None = None, by: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        """Every stored deployment report with its article's date, outlet and title (oldest first)."""
        sql = (
            "SELECT d.*, a.published, a.outlet, a.title, a.source_key FROM deployments d "
            "JOIN articles a ON a.id = d.article_id WHERE 1=1"
        )
        params: list[Any] = []
        for column, value in (("d.system", system), ("d.by_state", by), ("d.status", status)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        sql += " ORDER BY coalesce(d.date, a.published), a.published, d.id"
        cursor = self.db.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def denials(self) -> list[dict[str, Any]]:
        """Every stored denial, with what it is about."""
        return self.claims(stance="deny")

    def treaty_records(self, treaty: str) -> dict[str, list[dict[str, Any]]]:
        """Stored treaty actions and allegations for one treaty id, with their articles."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in ("treaty_actions", "allegations"):
            cursor = self.db.execute(
                f"SELECT t.*, a.published, a.outlet, a.title FROM {table} t JOIN articles a ON a.id = t.article_id "
                "WHERE t.treaty = ? ORDER BY a.published", (treaty,),
            )
            names = [c[0] for c in cursor.description]
            out[table] = [dict(zip(names, row)) for row in cursor]
        return out

    def record_skip(self, skipped: Skipped) -> None:
        self.db.execute("INSERT INTO skips (location, reason, at) VALUES (?,?,?)", (skipped.location, skipped.reason, _now()))

    # --- reading ---------------------------------------------------------------

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def list_articles(self, *, limit: int | None = None) -> list[Article]:
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY ingested_at, rowid"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [_article(row) for row in self.db.execute(sql, params)]

    def get_article(self, article_id: str) -> Article:
        """The article whose id is `article_id` or starts with it (at least 6 characters)."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? OR (length(?) >= 6 AND id LIKE ? || '%') LIMIT 2",
            (article_id, article_id, article_id),
        ).fetchall()
        if not rows:
            raise ArticleNotFound(f"no article with id {article_id!r} (see `armswatch articles`)")
        if len(rows) > 1:
            raise ArticleNotFound(f"id prefix {article_id!r} matches several articles; give more characters")
        return _article(rows[0])

    def article_for_location(self, location: str) -> Article | None:
        row = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE location = ? ORDER BY version DESC LIMIT 1", (location,)
        ).fetchone()
        return _article(row) if row else None

    def source_of(self, article_id: str) -> tuple[bytes, str, list[tuple[int, int, int]]]:
        row = self.db.execute("SELECT raw, source_text, offset_runs FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return row[0], row[1], [tuple(r) for r in json.loads(row[2])]

    def mentions(self, article_id: str, *, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT kind, label, start, \"end\", text, extractor FROM mentions WHERE article_id = ?"
        params: list[Any] = [article_id]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        sql += ' ORDER BY start, "end"'
        keys = ("kind", "label", "start", "end", "text", "extractor")
        return [dict(zip(keys, row)) for row in self.db.execute(sql, params)]

    def articles_mentioning(self, kind: str, label: str) -> list[dict[str, Any]]:
        """Articles with mentions of one knowledge-base entry, most mentions first."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.published, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = ? AND m.label = ? GROUP BY a.id ORDER BY count(*) DESC, a.published",
            (kind, label),
        )
        return [{"id": r[0], "title": r[1], "published": r[2], "mentions": r[3]} for r in rows]

    def claims(
        self,
        *,
        article_id: str | None = None,
        speaker: str | None = None,
        stance: str | None = None,
        about: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored claims, filtered; `speaker` matches the resolved speaker or the words used."""
        sql = (
            "SELECT c.article_id, a.title, a.published, c.speaker, c.speaker_kind, c.speaker_text, c.cue, "
            "c.stance, c.stance_evidence, c.content, c.start, c.end, c.target, c.about, c.cited, c.modality, "
            "c.evidence, c.answers, c.extractor, c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE 1=1"
        )
        params: list[Any] = []
        if article_id:
            sql += " AND c.article_id = ?"
            params.append(article_id)
        if speaker:
            sql += " AND (c.speaker = ? COLLATE NOCASE OR c.speaker_text LIKE ? OR c.speaker LIKE ?)"
            params += [speaker, f"%{speaker}%", f"%{speaker}%"]
        if stance:
            sql += " AND c.stance = ?"
            params.append(stance)
        if about and self.dialect == "postgres":
            sql += " AND EXISTS (SELECT 1 FROM json_array_elements_text(c.about::json) e (value) WHERE e.value = ?)"
            params.append(about)
        elif about:
            sql += " AND EXISTS (SELECT 1 FROM json_each(c.about) WHERE json_each.value = ?)"
            params.append(about)
        sql += " ORDER BY a.published, c.article_id, c.start, c.id"
        keys = (
            "article_id", "title", "published", "speaker", "speaker_kind", "speaker_text", "cue", "stance",
            "stance_evidence", "content", "start", "end", "target", "about", "cited", "modality", "evidence", "answers", "extractor",
            "id",
        )
        out = []
        for row in self.db.execute(sql, params):
            item = dict(zip(keys, row))
            for key in ("about", "cited", "modality", "evidence"):
                item[key] = json.loads(item[key])
            out.append(item)
        return out

    def boilerplate(self, article_id: str) -> list[Removed]:
        rows = self.db.execute(
            'SELECT kind, start, "end", text FROM boilerplate WHERE article_id = ? ORDER BY start', (article_id,)
        )
        return [Removed(*row) for row in rows]

    def versions(self, source_key: str) -> list[tuple[str, int]]:
        rows = self.db.execute("SELECT id, version FROM articles WHERE source_key = ? ORDER BY version", (source_key,))
        return [(r[0], r[1]) for r in rows]

    def skips(self) -> list[Skipped]:
        return [Skipped(r[0], r[1]) for r in self.db.execute("SELECT location, reason FROM skips ORDER BY id")]

    def stats(self) -> dict[str, Any]:
        articles = self.count_articles()
        by_language = dict(self.db.execute("SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1").fetchall())
        labels = dict(
            self.db.execute("SELECT label, count(*) FROM mentions WHERE kind = 'entity' GROUP BY label ORDER BY 2 DESC").fetchall()
        )
        sentences = self.db.execute("SELECT count(*) FROM mentions WHERE kind = 'sentence'").fetchone()[0]
        records = {
            table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("claims", "deployments", "counts", "treaty_actions", "allegations", "events")
        }
        systems = self.db.execute("SELECT count(DISTINCT label) FROM mentions WHERE kind = 'system'").fetchone()[0]
        return {"articles": articles, "languages": by_language, "sentences": sentences, "entities": labels,
                "systems": systems, "records": records}

    def integrity_ok(self) -> bool:
        if self.dialect == "postgres":  # PostgreSQL checks its pages itself; amcheck is for administrators
            return self.db.execute("SELECT 1").fetchone() == (1,)
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _article(row: Sequence[Any]) -> Article:
    values = list(row)
    values[17] = tuple(json.loads(values[17]))
    values[18] = bool(values[18])
    return Article(*values)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
