"""The change feed: what changed in the deployments ledger since the last pass.

The ledger (`armswatch.ledger.build_ledger`) has one row per (state, system, place). A
pass snapshots it before and after; each row that is new or changed becomes one change:

- `new`: a deployment assertion not in the ledger before;
- `status`: its latest status moved (planned → in_place → withdrawn …);
- `denial`: the holder denied it in a new article;
- `source`: a new article reported it (corroboration).

Changes are appended to a JSON Lines file and written to an Atom feed (the most recent
ones), filtered by system, holding state or region when asked.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..geo import haversine_km
from ..ledger import Assertion
from .feeds import ATOM
from .state import now

Snapshot = dict[str, dict[str, Any]]


def row_key(assertion: Assertion) -> str:
    """A stable key for a ledger row: holder, system and place (its KB/GeoNames id when known)."""
    return f"{assertion.by}|{assertion.system}|{assertion.place_id or assertion.place}"


def snapshot(assertions: Iterable[Assertion]) -> Snapshot:
    """What the change feed compares of each ledger row."""
    out: Snapshot = {}
    for a in assertions:
        out[row_key(a)] = {
            "by": a.by, "system": a.system, "system_name": a.system_name, "place": a.place, "place_id": a.place_id,
            "lat": a.lat, "lon": a.lon, "status": a.status, "last_reported": a.last_reported,
            "sources": sorted({s["article"] for s in a.sources}),
            "denials": sorted({f"{d['speaker']}|{d['article']}" for d in a.contradictions}),
        }
    return out


def diff(before: Snapshot, after: Snapshot, *, detected: str | None = None) -> list[dict[str, Any]]:
    """One change per new or changed row of `after`, in a stable order."""
    detected = detected or now()
    changes = []
    for key in sorted(after):
        row = after[key]
        old = before.get(key)
        kinds: list[str] = []
        new_sources = row["sources"] if old is None else sorted(set(row["sources"]) - set(old["sources"]))
        new_denials = row["denials"] if old is None else sorted(set(row["denials"]) - set(old["denials"]))
        if old is None:
            kinds.append("new")
        else:
            if old["status"] != row["status"]:
                kinds.append("status")
            if new_denials:
                kinds.append("denial")
            if new_sources:
                kinds.append("source")
        if not kinds:
            continue
        fingerprint = json.dumps([key, row["status"], row["sources"], row["denials"]], sort_keys=True)
        changes.append({
            "id": "urn:armswatch:change:" + hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:32],
            "detected": detected, "key": key, "kinds": kinds,
            **{k: row[k] for k in ("by", "system", "system_name", "place", "place_id", "lat", "lon", "status",
                                    "last_reported")},
            "previous_status": old["status"] if old else None,
            "new_sources": new_sources,
            "new_denials": [{"speaker": d.split("|", 1)[0], "article": d.split("|", 1)[1]} for d in new_denials],
        })
    return changes


def summary(change: dict[str, Any]) -> str:
    """One line for people: 'RU Iskander-M @ Pskov: in_place (was planned); 1 new denial'."""
    text = f"{change['by']} {change['system_name']} @ {change['place']}: {change['status']}"
    if "new" in change["kinds"]:
        return f"new: {text}"
    if change["previous_status"] and change["previous_status"] != change["status"]:
        text += f" (was {change['previous_status']})"
    if change["new_denials"]:
        text += f"; {len(change['new_denials'])} new denial{'s' if len(change['new_denials']) > 1 else ''}"
    if change["new_sources"]:
        text += f"; {len(change['new_sources'])} new report{'s' if len(change['new_sources']) > 1 else ''}"
    return text


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes a subscriber wants: every filter given must hold (within one filter,
    any of its values)."""

    systems: frozenset[str] = frozenset()  # KB system ids
    states: frozenset[str] = frozenset()  # holders' ISO codes
    near: tuple[float, float] | None = None
    km: float = 100.0

    def wants(self, change: dict[str, Any]) -> bool:
        if self.systems and change["system"] not in self.systems:
            return False
        if self.states and change["by"] not in self.states:
            return False
        if self.near is not None:
            if change["lat"] is None or change["lon"] is None:
                return False
            return haversine_km(self.near[0], self.near[1], change["lat"], change["lon"]) <= self.km
        return True


def append_jsonl(path: Path, changes: list[dict[str, Any]]) -> None:
    """Append one JSON object per change, flushed to disk."""
    if not changes:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for change in changes:
            out.write(json.dumps(change, ensure_ascii=False, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def write_atom(path: Path, changes: list[dict[str, Any]], *, title: str = "armswatch: deployment ledger changes") -> None:
    """Write an Atom 1.0 feed of `changes` (newest first), atomically."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", "urn:armswatch:changes:" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16])
    _sub(feed, "title", title)
    _sub(feed, "updated", changes[0]["detected"] if changes else now())
    author = _sub(feed, "author", None)
    _sub(author, "name", "armswatch")
    _sub(feed, "generator", "armswatch watch")
    for change in changes:
        entry = _sub(feed, "entry", None)
        _sub(entry, "id", change["id"])
        _sub(entry, "title", summary(change))
        _sub(entry, "updated", change["detected"])
        for kind in change["kinds"]:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=kind)
        content = _sub(entry, "content", json.dumps(change, ensure_ascii=False, sort_keys=True))
        content.set("type", "text")
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sub(parent: ET.Element, local: str, text: str | None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{local}")
    if text is not None:
        element.text = text
    return element
