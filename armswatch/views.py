"""What the read commands show, as plain data: the CLI and the HTTP API both call these.

Each function takes names as a person writes them (any alias), resolves them through
the knowledge base, and returns lists and dicts ready for JSON. A name that resolves to
nothing raises `NotInKnowledgeBase`; an unknown article raises `ArticleNotFound`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from .errors import NotInKnowledgeBase
from .kb import KnowledgeBase
from .kb.cards import system_card
from .ledger import Assertion, build_ledger, ledger_page
from .ledger import assertion_key as assertion_key  # the ledger's order, for the API's pages
from .models import Article
from .review import overlay, reviewed_claims, reviewed_reports
from .store import Store

RECORD_TABLES = ("deployments", "treaty_actions", "allegations", "counts", "events")
_JSON_COLUMNS = ("cited", "by_parties")  # record columns stored as JSON text


def claims_view(
    store: Store, kb: KnowledgeBase, *, speaker: str | None = None, stance: str | None = None,
    about: str | None = None, article_id: str | None = None,
) -> list[dict[str, Any]]:
    """Stored claims, as reviewed (rejected ones left out); `about` is any alias of a system or treaty."""
    about_id = kb.resolve(about).id if about else None
    return reviewed_claims(store, speaker=speaker, stance=stance, about=about_id, article_id=article_id)


def place_coordinates(name: str, kb: KnowledgeBase) -> tuple[float, float]:
    """Coordinates for a `near` filter: a KB site, else a GeoNames place (most populous of that name)."""
    from .kb.places import places_named

    try:
        entry = kb.resolve(name, "site")
        return entry.lat, entry.lon  # type: ignore[attr-defined]
    except NotInKnowledgeBase:
        pass
    named = places_named(name)
    if named:
        return named[0].lat, named[0].lon
    raise NotInKnowledgeBase(f"no site or place called {name!r}")


def deployments_view(
    store: Store, kb: KnowledgeBase, *, system: str | None = None, by: str | None = None, near: str | None = None,
    km: float = 100.0, status: str | None = None, since: str | None = None,
) -> list[Assertion]:
    """The ledger, filtered: `system` and `by` are any alias, `near` a site or place name."""
    system_id = kb.resolve(system, "system").id if system else None
    by_id = kb.resolve(by, "actor").id if by else None
    centre = place_coordinates(near, kb) if near else None
    return build_ledger(store, kb=kb, system=system_id, by=by_id, status=status, since=since, near=centre, km=km)


def deployments_page(
    store: Store, kb: KnowledgeBase, *, after: tuple[str, str, str, str] | None, limit: int, system: str | None = None,
    by: str | None = None, near: str | None = None, km: float = 100.0, status: str | None = None,
    since: str | None = None,
) -> tuple[list[Assertion], bool]:
    """One page of `deployments_view` in descending `assertion_key` order (those after
    `after`), and whether more follow: what the API's keyset pages show."""
    system_id = kb.resolve(system, "system").id if system else None
    by_id = kb.resolve(by, "actor").id if by else None
    centre = place_coordinates(near, kb) if near else None
    return ledger_page(store, kb=kb, after=after, limit=limit, system=system_id, by=by_id, status=status, since=since,
                       near=centre, km=km)


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    """Rows as CSV, columns from the first row; lists and dicts as JSON (the CLI's --csv, the web export)."""
    import csv

    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()})


def timeline(store: Store, kb: KnowledgeBase, name: str) -> list[dict[str, Any]]:
    """Deployment reports and claims about a system (any alias) or a place, oldest first."""
    system_id = kb.resolve_id(name, "system")
    events: list[dict[str, Any]] = []
    reports = reviewed_reports(store, system=system_id)
    for r in reports:
        if system_id or name.lower() in (r["place"] or "").lower():
            events.append({"date": r["date"] or r["published"], "kind": "deployment",
                           "what": f"{r['by_state']} {r['system']} @ {r['place']}: {r['status']}",
                           "source": r["attributed_to"], "article": r["article_id"], "title": r["title"],
                           "record_id": r["id"], "reviewed": r["reviewed"], "review_id": r["review_id"]})
    if system_id:
        for c in reviewed_claims(store, about=system_id):
            events.append({"date": c["published"], "kind": f"claim:{c['stance']}", "what": c["content"][:200],
                           "source": c["speaker"], "article": c["article_id"], "title": c["title"],
                           "record_id": c["id"], "reviewed": c["reviewed"], "review_id": c["review_id"]})
    if not events and not system_id:
        raise NotInKnowledgeBase(f"{name!r} is neither a known system nor a place in any stored deployment")
    events.sort(key=timeline_key)
    return events


def timeline_key(event: dict[str, Any]) -> tuple[str, str, int]:
    """A total order on timeline events: date, then kind, then the record's id."""
    return (event["date"] or "", event["kind"], event["record_id"])


def treaty_view(store: Store, kb: KnowledgeBase, name: str) -> dict[str, Any]:
    """A treaty (any alias): scope, parties, obligations, dated events, and the treaty actions
    and allegations in the store."""
    treaty = kb.treaties[kb.resolve(name, "treaty").id]
    records = store.treaty_records(treaty.id)
    return {"id": treaty.id, "name": treaty.name, "aliases": list(treaty.aliases), "parties": list(treaty.parties),
            "scope": list(treaty.scope), "events": list(treaty.events), **records,
            "kind": treaty.kind_of, "binding": treaty.binding, "non_parties": list(treaty.non_parties),
            "obligations": list(treaty.obligations), "source": treaty.source}


def treaty_rows(kb: KnowledgeBase, *, text: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The treaties of the knowledge base, by id; `text` matches any name, case-insensitively."""
    needle = text.casefold() if text else None
    rows = []
    for treaty in sorted(kb.treaties.values(), key=lambda t: t.id):
        if needle and not any(needle in n.casefold() for n in treaty.names()):
            continue
        if kind and treaty.kind_of != kind:
            continue
        rows.append({"id": treaty.id, "name": treaty.name, "aliases": list(treaty.aliases), "kind": treaty.kind_of,
                     "binding": treaty.binding, "parties": list(treaty.parties)})
    return rows


def system_view(store: Store, kb: KnowledgeBase, name: str) -> dict[str, Any]:
    """A system's card (any alias) with the stored articles that mention it."""
    system = kb.systems[kb.resolve(name, "system").id]
    card = system_card(system, kb)
    card["articles"] = store.articles_mentioning("system", system.id)
    return card


def article_json(article: Article, *, with_body: bool = False) -> dict[str, Any]:
    """An article's metadata as JSON-ready data, with its body when asked."""
    data = asdict(article)
    data["corrections"] = list(article.corrections)
    if not with_body:
        data.pop("body")
    return data


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """One article (id or a prefix of 6+ characters): metadata, body, mentions, sentence
    offsets, and every extracted record with its span of the body."""
    article = store.get_article(article_id)
    body = article.body
    mentions = store.mentions(article.id)
    data = article_json(article, with_body=True)
    data["mentions"] = [m for m in mentions if m["kind"] != "sentence"]
    data["sentences"] = [[m["start"], m["end"]] for m in mentions if m["kind"] == "sentence"]
    # Claims and deployments as reviewed; a rejected one stays here, marked `rejected`.
    data["claims"] = [_with_span(c, body) for c in overlay(store, "claim", store.claims(article_id=article.id),
                                                          keep_rejected=True)]
    for table in RECORD_TABLES:
        records = store.records(table, article.id)
        if table == "deployments":
            records = overlay(store, "deployment", records, keep_rejected=True)
        data[table] = [_with_span(r, body) for r in records]
    data["boilerplate"] = [asdict(r) for r in store.boilerplate(article.id)]
    data["versions"] = [{"id": i, "version": v} for i, v in store.versions(article.source_key)]
    return data


def _with_span(record: dict[str, Any], body: str) -> dict[str, Any]:
    out = {k: json.loads(v) if k in _JSON_COLUMNS and isinstance(v, str) else v for k, v in record.items()}
    out["span"] = {"start": record["start"], "end": record["end"], "text": body[record["start"] : record["end"]]}
    return out
