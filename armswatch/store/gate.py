"""The relevance gate's decisions in the store, and re-extraction of stored articles.

The gate's decision on each article it saw is a row of `gate_decisions`. An article the
gate skipped is stored whole but not extracted (`articles.extracted = 0`, the reason in
`extract_note`); `replace_annotations` later writes its extraction, replacing whatever
extraction the article had, so running it twice stores each record once.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from ..errors import StoreError
from ..models import Annotations
from .sqlite import Store

Decision = Literal["pass", "skip"]
# What `armswatch reextract --where` accepts, and the articles each selects.
WHERE = {
    "gate=skipped": "g.decision = 'skip' AND a.extracted = 0",
    "gate=passed": "g.decision = 'pass'",
}
# Every table that holds what extraction found in an article (see Store.save_annotations).
_EXTRACTION_TABLES = ("mentions", "claims", "deployments", "treaty_actions", "allegations", "counts", "events", "tokens")


def record_gate(store: Store, article_id: str, decision: Decision, reason: str, gate: str) -> None:
    """Store (or replace) the gate's decision on one article; call inside `store.transaction()`."""
    store.db.execute(
        "INSERT INTO gate_decisions (article_id, decision, reason, gate, decided_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT (article_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, "
        "gate = excluded.gate, decided_at = excluded.decided_at",
        (article_id, decision, reason, gate, _now()),
    )


def gate_decision(store: Store, article_id: str) -> dict[str, Any] | None:
    """The gate's decision on one article, or None when the gate did not see it."""
    return gate_decisions(store, [article_id]).get(article_id)


def gate_decisions(store: Store, article_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Article id -> {"decision", "reason", "gate", "decided_at", "reextracted_at"}."""
    sql = "SELECT article_id, decision, reason, gate, decided_at, reextracted_at FROM gate_decisions"
    params: list[str] = []
    if article_ids is not None:
        if not article_ids:
            return {}
        sql += f" WHERE article_id IN ({','.join('?' * len(article_ids))})"
        params = list(article_ids)
    keys = ("decision", "reason", "gate", "decided_at", "reextracted_at")
    return {row[0]: dict(zip(keys, row[1:])) for row in store.db.execute(sql, params)}


def articles_where(store: Store, where: str, *, limit: int | None = None) -> list[str]:
    """Ids of the articles a `--where` filter selects, oldest first."""
    condition = WHERE.get(where.replace(" ", ""))
    if condition is None:
        raise StoreError(f"unknown filter {where!r}: use one of {', '.join(WHERE)}")
    sql = (
        "SELECT a.id FROM articles a JOIN gate_decisions g ON g.article_id = a.id "
        f"WHERE {condition} ORDER BY a.ingested_at, a.rowid"
    )
    params: tuple[int, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (limit,)
    return [row[0] for row in store.db.execute(sql, params)]


def replace_annotations(store: Store, article_id: str, annotations: Annotations) -> None:
    """Store a (new) extraction of an article: its old extraction, if any, is removed first,
    so that running this again adds nothing twice. Call inside `store.transaction()`."""
    for table in _EXTRACTION_TABLES:
        store.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    store.save_annotations(article_id, annotations)
    store.db.execute("UPDATE articles SET extracted = 1, extract_note = NULL WHERE id = ?", (article_id,))
    store.db.execute("UPDATE gate_decisions SET reextracted_at = ? WHERE article_id = ?", (_now(), article_id))


def mark_not_extracted(store: Store, article_id: str, note: str) -> None:
    """Keep an article unextracted with a new reason (the gate skipped it again, the NLP stage failed)."""
    store.db.execute("UPDATE articles SET extract_note = ? WHERE id = ? AND extracted = 0", (note, article_id))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
