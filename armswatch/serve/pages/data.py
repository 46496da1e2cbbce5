"""What each page shows, as plain data for its template, computed with the functions the
CLI and the JSON API call (`armswatch.views`, the ledger, the knowledge base)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from ...kb import KnowledgeBase
from ...ledger import STATUS_ORDER, Assertion, to_geojson
from ...store import Store
from ...views import article_view, claims_view, deployments_view, system_view, timeline
from .highlight import record_marks, segments

LEDGER_FILTERS = ("system", "by", "status", "since", "until")
# Table columns: (query value, heading, sort key)
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("last", "Last reported"), ("first", "First reported"), ("state", "State"), ("system", "System"),
    ("place", "Place"), ("status", "Status"), ("sources", "Sources"),
)
CLAIMS_PER_PAGE = 100
TABLE_ROWS = 500  # the ledger table shows this many rows; the map and the exports take them all
# The article view lists records in this order: what analysts review first.
_RECORD_ORDER = ("deployment", "claim", "allegation", "treaty_action", "count", "event", "system", "treaty", "site",
                 "actor")


@dataclass(frozen=True)
class LedgerQuery:
    system: str | None = None
    by: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "last"
    desc: bool = True

    def filters(self) -> dict[str, str]:
        return {k: v for k in LEDGER_FILTERS if (v := getattr(self, k))}

    def query(self, **change: Any) -> str:
        """The query string of this view with `change` applied (None drops a key)."""
        values: dict[str, Any] = {**self.filters(), "sort": self.sort, "dir": "desc" if self.desc else "asc"}
        values.update(change)
        if values.get("sort") == "last" and values.get("dir") == "desc":
            values.pop("sort"), values.pop("dir")
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _sort_key(column: str) -> Any:
    keys = {
        "last": lambda a: a.last_reported or "", "first": lambda a: a.first_reported or "",
        "state": lambda a: a.by, "system": lambda a: a.system_name.casefold(), "place": lambda a: a.place.casefold(),
        "status": lambda a: STATUS_ORDER.index(a.status) if a.status in STATUS_ORDER else -1,
        "sources": lambda a: len(a.sources),
    }
    return keys[column]


def ledger(store: Store, kb: KnowledgeBase, q: LedgerQuery) -> list[Assertion]:
    """The ledger under the page's filters and sort; `until` keeps assertions first reported by then.
    Ties keep the API's order (newest report first), so every sort is stable."""
    rows = deployments_view(store, kb, system=q.system, by=q.by, status=q.status, since=q.since)
    if q.until:
        rows = [a for a in rows if (a.first_reported or "") <= q.until + "\uffff"]
    rows.sort(key=lambda a: (a.last_reported or "", a.system, a.by, a.place_id or a.place), reverse=True)
    rows.sort(key=_sort_key(q.sort), reverse=q.desc)
    return rows


def ledger_rows(rows: list[Assertion], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Table rows: the assertion with the system's KB range and its source."""
    out = []
    for i, a in enumerate(rows):
        system = kb.systems.get(a.system)
        out.append({"n": i, "a": a, "range_km": system.range_km if system else None,
                    "range_source": system.range_source if system else None})
    return out


def points(rows: list[Assertion], kb: KnowledgeBase) -> dict[str, Any]:
    """The map's GeoJSON: the CLI's export, each feature with its table row, the KB's public
    range (max km) and that range's source, and the articles behind it."""
    collection = to_geojson(rows)
    located = [(i, a) for i, a in enumerate(rows) if a.lat is not None and a.lon is not None]
    for feature, (i, a) in zip(collection["features"], located):
        system = kb.systems.get(a.system)
        rng = system.range_km if system else None
        feature["properties"] |= {
            "row": i, "system_id": a.system,
            "range_km": rng[1] if rng else None, "range_source": system.range_source if system and rng else None,
            "articles": [{"id": s["article"], "title": s["title"], "published": s["published"]} for s in a.sources[:5]],
        }
    return collection


def article_page(store: Store, article_id: str) -> dict[str, Any]:
    data = article_view(store, article_id)
    marks, records = record_marks(data)
    link = data.get("url") or ""
    groups = [(kind, [r for r in records if r["kind"] == kind]) for kind in _RECORD_ORDER]
    return {"article": data, "segments": segments(data["body"], marks), "records": records,
            "groups": [(kind, rows) for kind, rows in groups if rows],
            "safe_url": link if urlsplit(link).scheme in ("http", "https") else None}


def claims_page(store: Store, kb: KnowledgeBase, args: dict[str, Any], page: int) -> dict[str, Any]:
    """Claims with their cited-source chains and accusation ↔ denial links (a denial stores
    the start of the accusation it answers, in the same article)."""
    claims = claims_view(store, kb, speaker=args.get("speaker"), stance=args.get("stance"), about=args.get("about"),
                         article_id=args.get("article"))
    shown = claims[page * CLAIMS_PER_PAGE : (page + 1) * CLAIMS_PER_PAGE]
    wanted = {c["article_id"] for c in shown if c.get("answers") is not None or c["stance"] in ("accuse", "assert")}
    by_start: dict[tuple[str, int], dict[str, Any]] = {}
    answered_by: dict[int, list[dict[str, Any]]] = {}
    for article in sorted(wanted):
        for c in claims_view(store, kb, article_id=article):
            by_start[(article, c["start"])] = c
    for c in by_start.values():
        if c.get("answers") is not None and (target := by_start.get((c["article_id"], c["answers"]))):
            answered_by.setdefault(target["id"], []).append(c)
    items = []
    for c in shown:
        answers = by_start.get((c["article_id"], c["answers"])) if c.get("answers") is not None else None
        items.append({"c": c, "answers": answers, "answered_by": answered_by.get(c["id"], [])})
    return {"items": items, "total": len(claims), "page": page,
            "pages": max(1, -(-len(claims) // CLAIMS_PER_PAGE))}


def system_page(store: Store, kb: KnowledgeBase, name: str) -> dict[str, Any]:
    return {"card": system_view(store, kb, name)}


def timeline_page(store: Store, kb: KnowledgeBase, name: str) -> dict[str, Any]:
    events = timeline(store, kb, name)
    system_id = kb.resolve_id(name, "system")
    for e in events:
        e["anchor"] = ("d" if e["kind"] == "deployment" else "c") + str(e["record_id"])
    return {"name": name, "events": events, "system": kb.systems[system_id] if system_id else None}
