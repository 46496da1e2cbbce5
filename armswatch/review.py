"""The review loop: people confirm, reject or correct what the machine extracted.

A review never changes the machine's record. It is a new row (append-only) keyed by the
record's stable identity, and readers lay the latest review of each record over the
machine's values (`reviewed_reports`, `reviewed_claims`, `overlay`): a corrected value
replaces the machine's, a rejected record leaves the ledger and the listings, and every
reviewed record says so (`reviewed`, `review_id`). The identity is the article's source,
the words of the record's span and the values the machine read, so re-extracting an
article, or a new version of it that says the same, keeps its reviews.

    >>> with Store.open("armswatch.db") as store:                       # doctest: +SKIP
    ...     review_record(store, load_kb(), kind="deployment", record_id=12, action="correct",
    ...                   values={"place": "Kaliningrad"}, reviewer="ana")
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import NotInKnowledgeBase, ReviewError
from .extract.stance import STANCES
from .kb import KnowledgeBase
from .store import Store
from .store import reviews as rows
from .store.reviews import ACTIONS, EXPORTED, KINDS, VALUES, Kind

DEPLOYMENT_STATUSES = ("planned", "temporary", "in_place", "withdrawn")
# What a reviewer may set, per kind; `by` is the holder's name or code.
CORRECTABLE = {"deployment": ("by", "system", "place", "lat", "lon", "status"), "claim": ("speaker", "stance")}
MAX_COMMENT = 2000


def review_record(
    store: Store, kb: KnowledgeBase, *, kind: str, record_id: int, action: str, reviewer: str,
    values: dict[str, Any] | None = None, comment: str | None = None,
) -> dict[str, Any]:
    """Store one review of a record (by its current id) and return it."""
    if kind not in KINDS:
        raise ReviewError(f"no record kind {kind!r}: use {' or '.join(KINDS)}")
    if action not in ACTIONS:
        raise ReviewError(f"no review action {action!r}: use {', '.join(ACTIONS)}")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise ReviewError(f"a comment is at most {MAX_COMMENT} characters")
    found = rows.record(store, kind, record_id)  # type: ignore[arg-type]
    current = rows.current_for_key(store, found["record_key"])
    before = current["after"] if current else found["values"]
    if action == "correct":
        if not values:
            raise ReviewError(f"a correction needs values: any of {', '.join(CORRECTABLE[kind])}")
        after = {**before, **_corrected(kind, values, kb)}
        if after == before:
            raise ReviewError("the correction changes nothing; confirm the record instead")
    else:
        if values:
            raise ReviewError(f"values are for corrections, not for {action!r}")
        after = dict(before)
    review = {
        "id": str(uuid.uuid4()), "kind": kind, "record_key": found["record_key"], "source_key": found["source_key"],
        "article_id": found["article_id"], "start": found["start"], "end": found["end"], "action": action,
        "before": before, "after": after, "reviewer": reviewer, "at": _now(), "comment": comment or None,
    }
    with store.transaction():
        rows.insert(store, review)
    return rows.get(store, review["id"])


def _corrected(kind: str, values: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    unknown = sorted(set(values) - set(CORRECTABLE[kind]))
    if unknown:
        raise ReviewError(f"cannot correct {', '.join(unknown)} of a {kind}: use {', '.join(CORRECTABLE[kind])}")
    for name, value in values.items():
        if name not in ("lat", "lon") and (not isinstance(value, str) or not value.strip()):
            raise ReviewError(f"'{name}' must be a non-empty string")
    try:
        return _deployment_values(values, kb) if kind == "deployment" else _claim_values(values, kb)
    except NotInKnowledgeBase as exc:
        raise ReviewError(str(exc)) from exc


def _deployment_values(values: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "by" in values:
        out["by_state"] = kb.resolve(values["by"].strip(), "actor").id
    if "system" in values:
        out["system"] = kb.resolve(values["system"].strip(), "system").id
    if "status" in values:
        if values["status"] not in DEPLOYMENT_STATUSES:
            raise ReviewError(f"'status' must be one of {', '.join(DEPLOYMENT_STATUSES)}, not {values['status']!r}")
        out["status"] = values["status"]
    if "lat" in values or "lon" in values:
        if "place" not in values:
            raise ReviewError("give 'place' with 'lat' and 'lon'")
        out.update(place=values["place"].strip(), place_id=None, lat=_degrees(values, "lat", 90),
                   lon=_degrees(values, "lon", 180))
    elif "place" in values:
        out.update(resolve_place(values["place"].strip(), kb))
    return out


def _degrees(values: dict[str, Any], name: str, bound: float) -> float:
    value = values.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or abs(value) > bound:
        raise ReviewError(f"'{name}' must be a number of degrees between -{bound:g} and {bound:g}")
    return float(value)


def resolve_place(name: str, kb: KnowledgeBase) -> dict[str, Any]:
    """A place name as a deployment stores it: a KB site, a state (its code stands in, as
    in the gold format), else the most populous GeoNames place of that name."""
    from .kb.places import places_named

    site = kb.resolve_id(name, "site")
    if site:
        entry = kb.sites[site]
        return {"place": entry.name, "place_id": entry.id, "lat": entry.lat, "lon": entry.lon}
    actor = kb.resolve_id(name, "actor")
    if actor and kb.actors[actor].actor_kind == "state":
        return {"place": actor, "place_id": actor, "lat": None, "lon": None}
    named = places_named(name)
    if named:
        return {"place": named[0].name, "place_id": named[0].id, "lat": named[0].lat, "lon": named[0].lon}
    raise ReviewError(f"no site, state or place called {name!r}; give 'lat' and 'lon' with it")


def _claim_values(values: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "speaker" in values:
        speaker = " ".join(values["speaker"].split())
        actor = kb.resolve_id(speaker, "actor")
        out.update(speaker=actor, speaker_kind="actor") if actor else out.update(speaker=speaker, speaker_kind="person")
    if "stance" in values:
        if values["stance"] not in STANCES:
            raise ReviewError(f"'stance' must be one of {', '.join(STANCES)}, not {values['stance']!r}")
        out["stance"] = values["stance"]
    return out


# --- reading: the reviewed view of the records ------------------------------------------


def overlay(store: Store, kind: Kind, records: list[dict[str, Any]], *, keep_rejected: bool = False) -> list[dict[str, Any]]:
    """`records` (rows with an `id`) with the review in force laid over each: corrected values,
    `reviewed`, `review_id`, `review_action`. Rejected records are left out, or kept and
    marked `rejected` with `keep_rejected` (the article view shows what was rejected)."""
    current = rows.current_by_record(store, kind, (r["id"] for r in records)) if records else {}
    out = []
    for record in records:
        review = current.get(record["id"])
        if review is None:
            out.append({**record, "reviewed": False, "review_id": None, "review_action": None,
                        **({"rejected": False} if keep_rejected else {})})
            continue
        if review["action"] == "reject" and not keep_rejected:
            continue
        changed = {k: v for k, v in review["after"].items() if k in VALUES[kind] and k in record}
        out.append({**record, **changed, "reviewed": True, "review_id": review["id"], "review_action": review["action"],
                    **({"rejected": review["action"] == "reject"} if keep_rejected else {})})
    return out


def reviewed_reports(
    store: Store, *, system: str | None = None, by: str | None = None, status: str | None = None,
) -> list[dict[str, Any]]:
    """`Store.deployment_reports` with reviews applied; the filters hold for the reviewed values."""
    if not rows.any_reviews(store, "deployment"):
        return overlay(store, "deployment", store.deployment_reports(system=system, by=by, status=status))
    reports = overlay(store, "deployment", store.deployment_reports())
    return [r for r in reports
            if (not system or r["system"] == system) and (not by or r["by_state"] == by)
            and (not status or r["status"] == status)]


def reviewed_claims(
    store: Store, *, article_id: str | None = None, speaker: str | None = None, stance: str | None = None,
    about: str | None = None,
) -> list[dict[str, Any]]:
    """`Store.claims` with reviews applied; the filters hold for the reviewed values."""
    if not rows.any_reviews(store, "claim"):
        return overlay(store, "claim", store.claims(article_id=article_id, speaker=speaker, stance=stance, about=about))
    claims = overlay(store, "claim", store.claims(article_id=article_id, about=about))
    if stance:
        claims = [c for c in claims if c["stance"] == stance]
    if speaker:
        words = speaker.casefold()
        claims = [c for c in claims if c["speaker"].casefold() == words or words in c["speaker"].casefold()
                  or words in c["speaker_text"].casefold()]
    return claims


# --- moving reviews between stores --------------------------------------------------------


def export_reviews(store: Store, path: str | Path) -> int:
    """Write every review as JSON Lines (oldest first); return how many."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for review in rows.iter_all(store):
            out.write(json.dumps({k: review[k] for k in EXPORTED}, ensure_ascii=False) + "\n")
            count += 1
    return count


def import_reviews(store: Store, path: str | Path) -> tuple[int, int]:
    """Add the reviews of a JSON Lines export; return (added, already there). Importing the
    same file twice adds nothing. A bad line stops the import before anything is stored."""
    parsed = list(_read_export(path))
    added = 0
    with store.transaction():
        for review in parsed:
            added += rows.insert(store, review)
    return added, len(parsed) - added


def _read_export(path: str | Path) -> Iterable[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            review = json.loads(line)
        except ValueError as exc:
            raise ReviewError(f"{path} line {number}: not JSON ({exc})") from exc
        problem = _export_problem(review)
        if problem:
            raise ReviewError(f"{path} line {number}: {problem}")
        yield review


def _export_problem(review: Any) -> str | None:
    if not isinstance(review, dict):
        return "not a JSON object"
    missing = [k for k in EXPORTED if k not in review]
    if missing:
        return f"missing {', '.join(missing)}"
    if review["kind"] not in KINDS or review["action"] not in ACTIONS:
        return f"unknown kind {review['kind']!r} or action {review['action']!r}"
    if not all(isinstance(review[k], dict) for k in ("before", "after")):
        return "'before' and 'after' must be objects"
    if set(review["after"]) - set(VALUES[review["kind"]]):
        return f"'after' holds values a {review['kind']} does not have"
    texts = ("id", "record_key", "source_key", "article_id", "reviewer", "at")
    if not all(isinstance(review[k], str) and review[k] for k in texts):
        return f"{', '.join(texts)} must be non-empty strings"
    if not all(isinstance(review[k], int) and not isinstance(review[k], bool) for k in ("start", "end")):
        return "'start' and 'end' must be integers"
    if review["comment"] is not None and not isinstance(review["comment"], str):
        return "'comment' must be a string or null"
    return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
