"""The cross-source ledger: one assertion per (state, system, place), however many
articles report it, with its sources, status history, corroboration, contradictions
and the treaty scopes it falls in.

It is computed from the per-article records in the store, so new articles update it
and re-ingesting the same articles changes nothing.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, field
from typing import Any

from .geo import haversine_km
from .kb import KnowledgeBase, load_kb
from .kb.model import Treaty
from .kb.scope import Application, apply_treaty, obligations_for, party_status
from .review import reviewed_claims, reviewed_reports
from .store import Store
from .store.migrations import store_version

STATUS_ORDER = ("planned", "temporary", "in_place", "withdrawn")


@dataclass
class Assertion:
    by: str
    system: str
    system_name: str
    place: str
    place_id: str | None
    lat: float | None
    lon: float | None
    status: str  # the latest reported status
    first_reported: str | None
    last_reported: str | None
    history: list[dict[str, Any]] = field(default_factory=list)  # [{date, status, article, outlet, attributed_to}]
    sources: list[dict[str, Any]] = field(default_factory=list)
    outlets: int = 0
    speakers: int = 0
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    treaties: list[dict[str, Any]] = field(default_factory=list)
    count: int | None = None
    unit: str | None = None
    reviewed: bool = False  # a person confirmed or corrected at least one of its reports
    reviews: list[str] = field(default_factory=list)  # the ids of the reviews in force on its reports

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def build_ledger(
    store: Store,
    *,
    kb: KnowledgeBase | None = None,
    system: str | None = None,
    by: str | None = None,
    status: str | None = None,
    since: str | None = None,
    near: tuple[float, float] | None = None,
    km: float = 100.0,
) -> list[Assertion]:
    """Merge the stored deployment reports into assertions, filtered as asked.

    The unfiltered ledger of a store file is built once per store version (every write
    to its tables bumps it, from any connection) and kept; filters are applied to it."""
    kb = kb or load_kb()
    cached = _cached(store, kb)
    if cached is None:  # an in-memory store, or an open transaction
        return _build(store, kb, system=system, by=by, status=status, since=since, near=near, km=km)
    if not (system or by or status or since or near):
        return list(cached.ledger)  # a list of its own: callers sort and cut theirs
    return [a for a in cached.ledger if _keep(a, system, by, status, since, near, km)]


def assertion_key(assertion: Assertion) -> tuple[str, str, str, str]:
    """A total order on ledger assertions (newest report first when sorted in reverse);
    (state, system, place) identifies an assertion, so no two share a key."""
    return (assertion.last_reported or "", assertion.system, assertion.by, assertion.place_id or assertion.place)


def ledger_page(
    store: Store, *, kb: KnowledgeBase | None = None, after: tuple[str, str, str, str] | None = None, limit: int = 50,
    system: str | None = None, by: str | None = None, status: str | None = None, since: str | None = None,
    near: tuple[float, float] | None = None, km: float = 100.0,
) -> tuple[list[Assertion], bool]:
    """Up to `limit` assertions of `build_ledger(...)` in descending `assertion_key` order,
    those after `after` only, and whether more follow. Reads the cached ledger, already in
    that order, from `after` on, so a page costs what it shows, not the ledger's size."""
    kb = kb or load_kb()
    cached = _cached(store, kb)
    if cached is None:
        ordered = sorted(_build(store, kb, system=system, by=by, status=status, since=since, near=near, km=km),
                         key=assertion_key)
        keys = [assertion_key(a) for a in ordered]
        filtered = False
    else:
        ordered, keys = cached.by_key(system, by)
        filtered = bool(status or since or near)
    end = bisect.bisect_left(keys, after) if after is not None else len(ordered)  # keys strictly below `after`
    page: list[Assertion] = []
    for i in range(end - 1, -1, -1):
        a = ordered[i]
        if filtered and not _keep(a, system, by, status, since, near, km):
            continue
        if len(page) == limit:
            return page, True
        page.append(a)
    return page, False


def _keep(assertion: Assertion, system: str | None, by: str | None, status: str | None, since: str | None,
          near: tuple[float, float] | None, km: float) -> bool:
    if (system and assertion.system != system) or (by and assertion.by != by):
        return False
    if status and assertion.status != status:
        return False
    if since and (assertion.last_reported or "") < since:
        return False
    return not (near and not _within(assertion, near, km))


_Key = tuple[str, str, str, str]
_SELECTIONS_KEPT = 4096  # (system, holder) selections kept per version: bounds the memory a crawler can take


class _Built:
    """The whole ledger of one store file at one store version."""

    def __init__(self, version: int, kb: KnowledgeBase, ledger: list[Assertion]) -> None:
        self.version, self.kb, self.ledger = version, kb, ledger
        ordered = sorted(ledger, key=assertion_key)
        self._by_key: dict[tuple[str | None, str | None], tuple[list[Assertion], list[_Key]]] = {
            (None, None): (ordered, [assertion_key(a) for a in ordered])}

    def by_key(self, system: str | None = None, by: str | None = None) -> tuple[list[Assertion], list[_Key]]:
        """The assertions of `system` held by `by` (either may be None: any) in ascending
        `assertion_key` order, with their keys; each selection is made once, when first asked."""
        found = self._by_key.get((system, by))
        if found is None:
            ordered, keys = self._by_key[None, None]
            chosen = [i for i, a in enumerate(ordered) if (not system or a.system == system) and (not by or a.by == by)]
            found = ([ordered[i] for i in chosen], [keys[i] for i in chosen])
            if len(self._by_key) < _SELECTIONS_KEPT:
                self._by_key[system, by] = found
        return found


_CACHE: dict[str, _Built] = {}  # database (Store.name) -> its ledger at the version last read
_CACHE_LOCK = threading.Lock()
_FILES_KEPT = 4  # a server reads one store; tests and scripts open many


def _cached(store: Store, kb: KnowledgeBase) -> _Built | None:
    """The whole ledger of the store's file at its current version, built at most once per
    version by one thread while the others wait; None for an in-memory store or inside a transaction."""
    if store.db.in_transaction:  # it may see writes of its own that are not committed yet
        return None
    path = store.name  # the file, or the PostgreSQL database and schema
    if not path:
        return None
    with _CACHE_LOCK:
        version = store_version(store.db)  # read before building: a write meanwhile makes the next call rebuild
        cached = _CACHE.get(path)
        if cached is None or cached.version != version or cached.kb is not kb:
            if cached is None and len(_CACHE) >= _FILES_KEPT:
                _CACHE.pop(next(iter(_CACHE)))  # the file cached first
            cached = _CACHE[path] = _Built(version, kb, _build(store, kb))
        return cached


def _build(
    store: Store, kb: KnowledgeBase, *, system: str | None = None, by: str | None = None, status: str | None = None,
    since: str | None = None, near: tuple[float, float] | None = None, km: float = 100.0,
) -> list[Assertion]:
    """The ledger computed from the store (no cache)."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for report in reviewed_reports(store, system=system, by=by):  # reviewed values; rejected reports left out
        key = (report["by_state"], report["system"], report["place_id"] or report["place"])
        groups.setdefault(key, []).append(report)
    denials = reviewed_claims(store, stance="deny")
    named: dict[str, set[str]] = {}  # article -> the treaties it names
    for reports in groups.values():
        for r in reports:
            if r["article_id"] not in named:
                named[r["article_id"]] = {m["label"] for m in store.mentions(r["article_id"], kind="treaty")}
    out = []
    for (state, system_id, _), reports in groups.items():
        invoked = set().union(*(named.get(r["article_id"], set()) for r in reports))
        assertion = _assertion(state, system_id, reports, denials, kb, invoked)
        if _keep(assertion, None, None, status, since, near, km):
            out.append(assertion)
    return sorted(out, key=lambda a: (a.last_reported or "", a.system), reverse=True)


def _assertion(
    state: str, system_id: str, reports: list[dict[str, Any]], denials: list[dict[str, Any]], kb: KnowledgeBase,
    invoked: set[str] | None = None,
) -> Assertion:
    first = reports[0]
    dates = [r["published"] for r in reports if r["published"]]  # when it was reported, not when it happened
    history = []
    for r in reports:
        entry = {"date": r["date"] or r["published"], "status": r["status"], "article": r["article_id"],
                 "outlet": r["outlet"], "attributed_to": r["attributed_to"]}
        if not history or (history[-1]["status"], history[-1]["date"]) != (entry["status"], entry["date"]):
            history.append(entry)
    latest = max(reports, key=lambda r: (r["date"] or r["published"] or "", STATUS_ORDER.index(r["status"])))
    system = kb.systems.get(system_id)
    place = next((r for r in reports if r["lat"] is not None and r.get("reviewed")), None) or next(
        (r for r in reports if r["lat"] is not None), first)
    assertion = Assertion(
        by=state, system=system_id, system_name=system.name if system else system_id,
        place=place["place"], place_id=place["place_id"], lat=place["lat"], lon=place["lon"],
        status=latest["status"], first_reported=min(dates) if dates else None, last_reported=max(dates) if dates else None,
        history=history,
        sources=[{"article": r["article_id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                  "status": r["status"], "attributed_to": r["attributed_to"], "evidence": [r["start"], r["end"]],
                  "record": r["id"], "reviewed": r.get("reviewed", False), "review_id": r.get("review_id")}
                 for r in reports],
        reviewed=any(r.get("reviewed") for r in reports),
        reviews=[r["review_id"] for r in reports if r.get("review_id")],
        outlets=len({r["outlet"] or r["source_key"] for r in reports}),
        speakers=len({r["attributed_to"] for r in reports if r["attributed_to"]}),
        count=next((r["count"] for r in reversed(reports) if r["count"]), None),
        unit=next((r["unit"] for r in reversed(reports) if r["count"]), None),
    )
    # A denial by the holder: about this system anywhere, or about nothing named in a reporting article.
    reporting = {r["article_id"] for r in reports}
    assertion.contradictions = [
        {"speaker": d["speaker"], "content": d["content"], "article": d["article_id"], "published": d["published"]}
        for d in denials
        if d["speaker"] == state and (system_id in d["about"] or (not d["about"] and d["article_id"] in reporting))
    ]
    if system:
        assertion.treaties = deployment_treaties(
            system_id, state, assertion.last_reported, kb, invoked=invoked or set(), place_id=assertion.place_id,
        )
    return assertion


def deployment_treaties(
    system_id: str, holder: str, date: str | None, kb: KnowledgeBase, *, invoked: set[str] | frozenset[str] = frozenset(),
    place_id: str | None = None,
) -> list[dict[str, Any]]:
    """The treaties to show beside a deployment: those that bind the holder for deploying
    this system on this date, and those the reporting articles name (with why they do or
    do not bind). An export-control regime or a resolution on another state is left out
    unless an article invokes it."""
    system = kb.systems[system_id]
    applied = {a.treaty.id: a for a in obligations_for(system, holder, date, kb)}
    place_country = None
    concerned = [kb.treaties[t] for t in set(applied) | set(invoked) if t in kb.treaties]
    if any(o.get("area") for t in concerned for o in t.obligations):  # a ban limited to a territory
        place_country = _place_country(place_id, kb)
        applied = {a.treaty.id: a for a in obligations_for(system, holder, date, kb, place_country=place_country)}
    for treaty_id in sorted(invoked - set(applied)):
        treaty = kb.treaties.get(treaty_id)
        if treaty is not None:
            applied[treaty_id] = _named_only(treaty, holder, date, place_country)
    return [_row(a, holder, a.treaty.id in invoked) for a in applied.values() if a.binding or a.treaty.id in invoked]


def _named_only(treaty: Treaty, holder: str, date: str | None, place_country: str | None) -> Application:
    """A treaty an article names whose scope does not take in the system."""
    if not treaty.scope:
        return apply_treaty(treaty, None, holder, date, "deploy", place_country)
    status = party_status(treaty, holder, date)
    return Application(treaty, "deploy", "named in the article", None, (), status, False,
                       "named in the article; its scope does not cover this system")


def _row(a: Application, holder: str, invoked: bool) -> dict[str, Any]:
    why = a.why if a.binding or not invoked or a.why.startswith("named") else f"named in the article; {a.why}"
    return {
        "treaty": a.treaty.id, "name": a.treaty.name, "why": why, "via": a.via,
        "status_at_date": a.status.label(),
        "parties_include_holder": holder in a.treaty.parties or not a.treaty.parties,
        "binds_holder": a.binding, "invoked": invoked, "obligations": list(a.obligations),
        "status": a.status.state, "binding": a.treaty.binding, "in_scope": a.reason,
    }


def treaty_status(treaty: Treaty, date: str | None, *, holder: str | None = None) -> str:
    """The treaty's standing at `date` for `holder` in words ("terminated 2019-08-02",
    "suspended by RU 2019-03-04", "in force since 1988-06-01")."""
    if holder is None:
        return "unknown party"
    return party_status(treaty, holder, date).label()


_GN_COUNTRY: dict[str, str] = {}


def _place_country(place_id: str | None, kb: KnowledgeBase) -> str | None:
    """The state a deployment's place lies in: a KB site's country, a state itself, or a GeoNames city's."""
    if not place_id:
        return None
    if place_id in kb.sites:
        return kb.sites[place_id].country
    if place_id in kb.actors:
        return place_id if kb.actors[place_id].actor_kind == "state" else None
    if place_id.startswith("gn:"):
        if not _GN_COUNTRY:
            from .kb.places import load_places

            _GN_COUNTRY.update({p.id: p.country for p in load_places()})
        return _GN_COUNTRY.get(place_id)
    return None


def _within(assertion: Assertion, near: tuple[float, float], km: float) -> bool:
    if assertion.lat is None or assertion.lon is None:
        return False
    return haversine_km(near[0], near[1], assertion.lat, assertion.lon) <= km


def to_geojson(assertions: list[Assertion]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the assertions that have coordinates."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
            "properties": {k: v for k, v in a.as_dict().items() if k not in ("lat", "lon", "history", "sources")}
            | {"sources": len(a.sources)},
        }
        for a in assertions
        if a.lat is not None and a.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}
