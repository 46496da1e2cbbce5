"""Named, recorded migrations; each runs once and is safe to re-run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_articles(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,            -- sha256 of the content (see ingest.files)
            source_key TEXT NOT NULL,       -- URL, or file URI (#L<n> for a JSON line)
            location TEXT NOT NULL,         -- where it was read from, for people
            version INTEGER NOT NULL,       -- 1, 2, ... per source_key
            previous_id TEXT REFERENCES articles(id),
            format TEXT NOT NULL,
            encoding TEXT NOT NULL,
            encoding_note TEXT,
            raw BLOB NOT NULL,              -- the bytes exactly as found
            source_text TEXT NOT NULL,      -- decoded; body offsets map into it
            body TEXT NOT NULL,
            offset_runs TEXT NOT NULL,      -- JSON [[body_start, source_start, length], ...]
            title TEXT, outlet TEXT, byline TEXT, dateline TEXT,
            published TEXT, published_from TEXT, url TEXT, language TEXT,
            corrections TEXT NOT NULL,      -- JSON list of correction notes
            extracted INTEGER NOT NULL,     -- 1 when the NLP stage ran on the body
            extract_note TEXT,              -- why not, when it did not
            ingested_at TEXT NOT NULL,
            UNIQUE (source_key, version)
        );
        CREATE TABLE boilerplate (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,         -- source_text offsets
            end INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX boilerplate_article ON boilerplate(article_id);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,             -- sentence | entity
            label TEXT NOT NULL,
            start INTEGER NOT NULL,         -- body offsets
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            extractor TEXT NOT NULL         -- versioned extractor name
        );
        CREATE INDEX mentions_article ON mentions(article_id, kind);
        CREATE INDEX mentions_label ON mentions(kind, label);
        CREATE TABLE tokens (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            extractor TEXT NOT NULL,
            data TEXT NOT NULL              -- JSON [[start, end, pos, lemma], ...]
        );
        CREATE TABLE skips (
            id INTEGER PRIMARY KEY,
            location TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@migration
def m002_claims(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            speaker TEXT NOT NULL,          -- full name, KB actor id, or the words used
            speaker_kind TEXT NOT NULL,     -- person | actor | unresolved
            speaker_text TEXT NOT NULL,
            cue TEXT NOT NULL,
            stance TEXT NOT NULL,
            stance_evidence TEXT NOT NULL,
            content TEXT NOT NULL,
            start INTEGER NOT NULL,         -- body offsets of the content
            end INTEGER NOT NULL,
            target TEXT,
            about TEXT NOT NULL,            -- JSON list of KB ids
            cited TEXT NOT NULL,            -- JSON list: the chain of cited sources
            modality TEXT NOT NULL,         -- JSON object of flags
            evidence TEXT NOT NULL,         -- JSON [[start, end], ...] every place it is said
            answers INTEGER,                -- a denial: start offset of the accusation it answers
            extractor TEXT NOT NULL
        );
        CREATE INDEX claims_article ON claims(article_id);
        CREATE INDEX claims_speaker ON claims(speaker, stance);
        """
    )


@migration
def m003_deployments(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE deployments (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            by_state TEXT NOT NULL,         -- ISO 3166-1 alpha-2
            system TEXT NOT NULL,           -- KB id
            place TEXT NOT NULL,            -- name as given, or the state's code
            place_id TEXT,                  -- gn:<geonameid>, site id, or ISO code
            lat REAL, lon REAL,
            status TEXT NOT NULL,           -- in_place | planned | temporary | withdrawn
            count INTEGER, unit TEXT,
            date TEXT, date_precision TEXT,
            attributed_to TEXT,
            cited TEXT NOT NULL,            -- JSON list
            reported INTEGER NOT NULL,
            start INTEGER NOT NULL, end INTEGER NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE INDEX deployments_key ON deployments(by_state, system, place_id);
        CREATE INDEX deployments_article ON deployments(article_id);
        CREATE TABLE treaty_actions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            treaty TEXT NOT NULL, party TEXT NOT NULL, action TEXT NOT NULL, date TEXT,
            attributed_to TEXT, start INTEGER NOT NULL, end INTEGER NOT NULL, extractor TEXT NOT NULL
        );
        CREATE TABLE allegations (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            treaty TEXT NOT NULL, accused TEXT NOT NULL, by_parties TEXT NOT NULL, system TEXT,
            start INTEGER NOT NULL, end INTEGER NOT NULL, extractor TEXT NOT NULL
        );
        CREATE INDEX treaty_actions_article ON treaty_actions(article_id);
        CREATE INDEX allegations_article ON allegations(article_id);
        """
    )


@migration
def m004_counts(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE counts (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            system TEXT,                    -- KB id, when bound
            unit TEXT NOT NULL,             -- singular: missile, launcher, battalion ...
            value INTEGER,                  -- exact, about, at least, more than
            low INTEGER, high INTEGER,      -- bounds: up to, fewer than, between (never averaged)
            qualifier TEXT NOT NULL,
            derived INTEGER NOT NULL,
            derivation TEXT,                -- e.g. "4 battalion × 4 launcher/battalion = 16 launcher"
            start INTEGER NOT NULL, end INTEGER NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE INDEX counts_article ON counts(article_id);
        """
    )


@migration
def m005_events(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,       -- PLOVER type
            mode TEXT,
            source TEXT, target TEXT,       -- ISO alpha-3 or IGO (PLOVER's actor codes)
            source_text TEXT, target_text TEXT,
            trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
            negated INTEGER NOT NULL, future INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
            date TEXT, date_precision TEXT, date_how TEXT,
            location TEXT, location_id TEXT,
            start INTEGER NOT NULL, end INTEGER NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_type ON events(event_type);
        """
    )


@migration
def m006_clean_note(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE articles ADD COLUMN clean_note TEXT")  # what cleaning had to do out of the ordinary


def apply_migrations(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db:
            fn(db)
            db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
        applied.append(name)
    return applied
