"""The cross-source ledger: one assertion per (state, system, place), however many
articles report it, with its sources, status history, corroboration, contradictions
and the treaty scopes it falls in.

It is computed from the per-article records in the store, so new articles update it
and re-ingesting the same articles changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .geo import haversine_km
from .kb import KnowledgeBase, load_kb
from .kb.scope import treaties_for
from .store import Store

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
    """Merge the stored deployment reports into assertions, filtered as asked."""
    kb = kb or load_kb()
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for report in store.deployment_reports(system=system, by=by):
        key = (report["by_state"], report["system"], report["place_id"] or report["place"])
        groups.setdefault(key, []).append(report)
    denials = store.denials()
    out = []
    for (state, system_id, _), reports in groups.items():
        assertion = _assertion(state, system_id, reports, denials, kb)
        if status and assertion.status != status:
            continue
        if since and (assertion.last_reported or "") < since:
            continue
        if near and not _within(assertion, near, km):
            continue
        out.append(assertion)
    return sorted(out, key=lambda a: (a.last_reported or "", a.system), reverse=True)


def _assertion(state: str, system_id: str, reports: list[dict[str, Any]], denials: list[dict[str, Any]], kb: KnowledgeBase) -> Assertion:
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
    place = next((r for r in reports if r["lat"] is not None), first)
    assertion = Assertion(
        by=state, system=system_id, system_name=system.name if system else system_id,
        place=place["place"], place_id=place["place_id"], lat=place["lat"], lon=place["lon"],
        status=latest["status"], first_reported=min(dates) if dates else None, last_reported=max(dates) if dates else None,
        history=history,
        sources=[{"article": r["article_id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                  "status": r["status"], "attributed_to": r["attributed_to"], "evidence": [r["start"], r["end"]]}
                 for r in reports],
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
        assertion.treaties = [
            {"treaty": m.treaty.id, "name": m.treaty.name, "why": m.reason, "via": m.via,
             "status_at_date": treaty_status(m.treaty, assertion.last_reported, holder=state),
             "parties_include_holder": state in m.treaty.parties or not m.treaty.parties}
            for m in treaties_for(system, kb)
        ]
    return assertion


def treaty_status(treaty: Any, date: str | None, *, holder: str | None = None) -> str:
    """The treaty's state at `date` for `holder`, from its dated KB events: the latest event
    that concerns the whole treaty or the holder (e.g. "suspended (RU, 2019-03-04)")."""
    if not date:
        return "unknown date"
    events = sorted(
        (e for e in treaty.events if str(e.get("date", "")) <= date
         and (holder is None or not e.get("party") or holder in e.get("party", []) or e.get("action") in ("enter_into_force", "expire"))),
        key=lambda e: str(e["date"]),
    )
    if not events:
        return "no event for this party" if holder and holder not in treaty.parties else "not yet signed"
    last = events[-1]
    parties = ", ".join(last.get("party", []) or []) or "all parties"
    labels = {"sign": "signed", "ratify": "ratified", "enter_into_force": "in force", "withdraw": "withdrawn",
              "suspend": "suspended", "return": "resumed", "extend": "extended", "expire": "expired"}
    return f"{labels.get(last['action'], last['action'])} ({parties}, {last['date']})"


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
