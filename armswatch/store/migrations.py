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
    _script(db, 
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
    _script(db, 
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
    _script(db, 
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
    _script(db, 
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
    _script(db, 
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


@migration
def m007_article_search(db: sqlite3.Connection) -> None:
    """Full-text search over titles and bodies (FTS5), kept in step with `articles` by triggers.

    The index holds its own copy of the text rather than pointing at `articles` by rowid:
    `articles` has a TEXT key, so VACUUM may renumber its rowids and an external-content
    index would silently point at the wrong rows. Existing articles are indexed here.
    """
    _script(db, 
        """
        CREATE VIRTUAL TABLE article_search USING fts5(
            article_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_search (article_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
        END;
        CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_search WHERE article_id = old.id;
        END;
        CREATE TRIGGER article_search_update AFTER UPDATE OF title, body ON articles BEGIN
            DELETE FROM article_search WHERE article_id = old.id;
            INSERT INTO article_search (article_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
        END;
        INSERT INTO article_search (article_id, title, body) SELECT id, coalesce(title, ''), body FROM articles;
        """
    )


@migration
def m008_gate_decisions(db: sqlite3.Connection) -> None:
    # What the relevance gate decided for each article it saw (none when the gate was off,
    # or when the article was not to be extracted anyway: another language, too long).
    _script(db, 
        """
        CREATE TABLE gate_decisions (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            decision TEXT NOT NULL,         -- pass | skip
            reason TEXT NOT NULL,           -- the names found, or the vocabulary's score
            gate TEXT NOT NULL,             -- the gate's versioned name
            decided_at TEXT NOT NULL,
            reextracted_at TEXT             -- when `armswatch reextract` extracted a skipped article
        );
        CREATE INDEX gate_decisions_decision ON gate_decisions(decision);
        """
    )


# A record's stable identity, the same before and after re-extraction and across versions
# of an article: what it is, which source reported it, the words it was read from and the
# values the machine read. Rowids change on every re-extraction; these do not. Fields are
# joined by U+001F (unit separator), which no stored text holds (ingest replaces controls).
_DEPLOYMENT_KEY = (
    "'deployment' || char(31) || a.source_key || char(31) || substr(a.body, d.start + 1, d.end - d.start)"
    " || char(31) || d.by_state || char(31) || d.system || char(31) || d.place || char(31) || coalesce(d.place_id, '')"
    " || char(31) || d.status"
)
_CLAIM_KEY = (
    "'claim' || char(31) || a.source_key || char(31) || substr(a.body, c.start + 1, c.end - c.start)"
    " || char(31) || c.speaker || char(31) || c.stance"
)


@migration
def m009_reviews(db: sqlite3.Connection) -> None:
    """Reviews of extracted records, append-only: a review never changes the machine's
    record; readers lay the latest review of a record over it (armswatch/review.py)."""
    _script(db, 
        f"""
        CREATE TABLE reviews (
            seq INTEGER PRIMARY KEY,        -- order of arrival in this store
            id TEXT NOT NULL UNIQUE,        -- a UUID, the same in every store the review is imported into
            kind TEXT NOT NULL CHECK (kind IN ('deployment', 'claim')),
            record_key TEXT NOT NULL,       -- the record's stable identity (deployment_keys, claim_keys)
            source_key TEXT NOT NULL,       -- the reviewed article's source (URL or file URI)
            article_id TEXT NOT NULL,       -- the article version it was made on (no foreign key: it outlives it)
            start INTEGER NOT NULL, end INTEGER NOT NULL,  -- body offsets of the record's span there
            action TEXT NOT NULL CHECK (action IN ('confirm', 'reject', 'correct')),
            before TEXT NOT NULL,           -- JSON: the record's values as shown before this review
            after TEXT NOT NULL,            -- JSON: every value after it (a rejection keeps `before`)
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,               -- UTC, ISO 8601 with microseconds
            comment TEXT
        );
        CREATE INDEX reviews_key ON reviews(record_key, at, seq);
        CREATE INDEX reviews_source ON reviews(source_key);
        CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN
            SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead');
        END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN
            SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead');
        END;
        CREATE VIEW deployment_keys AS
            SELECT d.id AS record_id, d.article_id, a.source_key, {_DEPLOYMENT_KEY} AS record_key
            FROM deployments d JOIN articles a ON a.id = d.article_id;
        CREATE VIEW claim_keys AS
            SELECT c.id AS record_id, c.article_id, a.source_key, {_CLAIM_KEY} AS record_key
            FROM claims c JOIN articles a ON a.id = c.article_id;
        -- The review in force for each record: the latest.
        CREATE VIEW current_reviews AS
            SELECT r.* FROM reviews r WHERE NOT EXISTS (
                SELECT 1 FROM reviews n WHERE n.record_key = r.record_key AND (n.at, n.seq) > (r.at, r.seq));
        """
    )


@migration
def m010_users(db: sqlite3.Connection) -> None:
    """Who may write through the API. A token is `<token_id>.<secret>`; only a salted
    scrypt hash of the secret is kept (armswatch/store/users.py)."""
    _script(db, 
        """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            token_id TEXT NOT NULL UNIQUE,  -- the token's public half: finds the row
            token_hash TEXT NOT NULL,       -- scrypt$n$r$p$salt$hash of the secret half
            created_at TEXT NOT NULL,
            revoked_at TEXT                 -- set by `armswatch users revoke`
        );
        """
    )


@migration
def m011_datasette_views(db: sqlite3.Connection) -> None:
    """Plain-column views for SQLite tools (datasette, sqlite3): deployment reports and
    claims with the reviewed values laid over the machine's (rejected records left out),
    and the ledger: one row per state, system and place."""
    _script(db, 
        f"""
        CREATE VIEW deployments_view AS
            SELECT d.id AS deployment_id, d.article_id, a.title AS article_title, a.published, a.outlet, a.url,
                a.source_key,
                CASE WHEN r.id IS NULL THEN d.by_state ELSE json_extract(r.after, '$.by_state') END AS by_state,
                CASE WHEN r.id IS NULL THEN d.system ELSE json_extract(r.after, '$.system') END AS system,
                CASE WHEN r.id IS NULL THEN d.place ELSE json_extract(r.after, '$.place') END AS place,
                CASE WHEN r.id IS NULL THEN d.place_id ELSE json_extract(r.after, '$.place_id') END AS place_id,
                CASE WHEN r.id IS NULL THEN d.lat ELSE json_extract(r.after, '$.lat') END AS lat,
                CASE WHEN r.id IS NULL THEN d.lon ELSE json_extract(r.after, '$.lon') END AS lon,
                CASE WHEN r.id IS NULL THEN d.status ELSE json_extract(r.after, '$.status') END AS status,
                d.count, d.unit, d.date, d.attributed_to, d.start, d.end,
                substr(a.body, d.start + 1, d.end - d.start) AS evidence,
                r.id IS NOT NULL AS reviewed, r.id AS review_id, r.action AS review_action, r.reviewer,
                d.by_state AS machine_by_state, d.system AS machine_system, d.place AS machine_place,
                d.status AS machine_status
            FROM deployments d JOIN articles a ON a.id = d.article_id
            LEFT JOIN current_reviews r ON r.record_key = {_DEPLOYMENT_KEY}
            WHERE r.action IS NULL OR r.action != 'reject';
        CREATE VIEW claims_view AS
            SELECT c.id AS claim_id, c.article_id, a.title AS article_title, a.published, a.outlet, a.url,
                CASE WHEN r.id IS NULL THEN c.speaker ELSE json_extract(r.after, '$.speaker') END AS speaker,
                CASE WHEN r.id IS NULL THEN c.speaker_kind ELSE json_extract(r.after, '$.speaker_kind') END
                    AS speaker_kind,
                CASE WHEN r.id IS NULL THEN c.stance ELSE json_extract(r.after, '$.stance') END AS stance,
                c.speaker_text, c.cue, c.content, c.target,
                (SELECT group_concat(value, ', ') FROM json_each(c.about)) AS about,
                (SELECT group_concat(value, ' < ') FROM json_each(c.cited)) AS cited,
                c.start, c.end,
                r.id IS NOT NULL AS reviewed, r.id AS review_id, r.action AS review_action, r.reviewer,
                c.speaker AS machine_speaker, c.stance AS machine_stance
            FROM claims c JOIN articles a ON a.id = c.article_id
            LEFT JOIN current_reviews r ON r.record_key = {_CLAIM_KEY}
            WHERE r.action IS NULL OR r.action != 'reject';
        CREATE VIEW ledger_view AS
            WITH ranked AS (
                SELECT v.*, coalesce(v.place_id, v.place) AS place_key,
                    row_number() OVER (
                        PARTITION BY v.by_state, v.system, coalesce(v.place_id, v.place)
                        ORDER BY coalesce(v.date, v.published, '') DESC,
                            CASE v.status WHEN 'withdrawn' THEN 3 WHEN 'in_place' THEN 2 WHEN 'temporary' THEN 1
                                ELSE 0 END DESC
                    ) AS latest
                FROM deployments_view v
            )
            SELECT by_state, system, max(CASE WHEN latest = 1 THEN place END) AS place, max(place_id) AS place_id,
                max(lat) AS lat, max(lon) AS lon, max(CASE WHEN latest = 1 THEN status END) AS status,
                min(published) AS first_reported, max(published) AS last_reported, count(*) AS reports,
                count(DISTINCT coalesce(outlet, source_key)) AS outlets, max(reviewed) AS reviewed,
                group_concat(review_id, ' ') AS review_ids
            FROM ranked GROUP BY by_state, system, place_key;
        """
    )


# The tables the ledger is built from: any write to them changes the ledger.
_LEDGER_TABLES = ("articles", "deployments", "claims", "mentions", "reviews")


@migration
def m012_store_version(db: sqlite3.Connection) -> None:
    """A counter that every write to the ledger's tables bumps, from any connection or
    process: readers cache what they built from those tables under its value."""
    db.execute("CREATE TABLE store_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    db.execute("INSERT INTO store_version VALUES (1, 0)")
    for table in _LEDGER_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} "
                "BEGIN UPDATE store_version SET n = n + 1 WHERE id = 1; END"
            )


@migration
def m013_articles_ingested(db: sqlite3.Connection) -> None:
    """The article listing's order (ingest order): without it every page sorts all articles."""
    db.execute("CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at, id)")


def store_version(db: sqlite3.Connection) -> int:
    """The store's write counter (see m012_store_version)."""
    return int(db.execute("SELECT n FROM store_version WHERE id = 1").fetchone()[0])


def apply_migrations(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names.

    Each runs in its own write transaction with its record (SQLite's DDL is transactional),
    taken with BEGIN IMMEDIATE: two processes opening a new database at once wait for each
    other, and the second finds the first's migrations recorded."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    if not _pending(db):
        return []
    applied = []
    for name, fn in MIGRATIONS:
        with db:
            db.execute("BEGIN IMMEDIATE")
            if name in _pending(db):
                fn(db)
                db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
                applied.append(name)
    return applied


def _pending(db: sqlite3.Connection) -> set[str]:
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    return {name for name, _ in MIGRATIONS if name not in done}


def _script(db: sqlite3.Connection, script: str) -> None:
    """Run a script's statements one by one inside the open transaction (executescript
    would commit it first)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \n;"):
        raise sqlite3.OperationalError(f"incomplete statement in a migration: {statement[:60]!r}")
