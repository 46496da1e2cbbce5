"""Validate the knowledge-base data files (`armswatch kb check`)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .load import DATA_DIR, read_entries
from .model import alias_key

CLASSES = {
    "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "GLCM", "SLCM", "ALCM", "ALBM", "HGV", "HCM", "ASCM",
    "ASBM", "coastal", "SAM", "BMD", "MLRS", "TEL", "ASM",
}
PROFILES = {"ballistic", "cruise", "glide", "aeroballistic", "interceptor", "rocket", "complex"}
BASINGS = {"ground", "sea", "submarine", "air"}
STATUSES = {"in_service", "retired", "development", "withdrawn", "cancelled"}
ACTOR_KINDS = {"state", "alliance", "organisation", "body", "office"}
EVENT_ACTIONS = {"sign", "ratify", "enter_into_force", "withdraw", "suspend", "return", "extend", "expire"}
SCOPE_KEYS = {"basing", "profile", "range_km", "class", "nuclear"}
# Half the Earth's circumference: no surface-to-surface range exceeds it.
MAX_RANGE_KM = 20_040
_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_ISO = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_kb(data_dir: Path = DATA_DIR) -> list[str]:
    """Every problem found in the data files, one line each; empty when all is well."""
    entries = read_entries(data_dir)
    problems: list[str] = []
    ids: dict[str, str] = {}
    for path, kind, raw in entries:
        where = f"{path.name}: {kind} {raw.get('id', '?')!r}"
        entry_id = str(raw.get("id", ""))
        if not raw.get("id") or not raw.get("name"):
            problems.append(f"{where}: needs an id and a name")
            continue
        if entry_id in ids:
            problems.append(f"{where}: id already used in {ids[entry_id]}")
        ids[entry_id] = path.name
        if kind != "actor" and not _ID.match(entry_id):
            problems.append(f"{where}: id must be lowercase letters, digits, dots and hyphens")
        names = [raw["name"], *raw.get("aliases", [])]
        for alias in raw.get("ambiguous_aliases", []):
            if alias not in names:
                problems.append(f"{where}: ambiguous alias {alias!r} is not one of its names")
        problems.extend(f"{where}: {p}" for p in _check_kind(kind, raw))
    problems.extend(_check_references(entries, ids))
    problems.extend(_check_alias_claims(entries))
    return problems


def _check_kind(kind: str, raw: dict[str, Any]) -> list[str]:
    if kind == "system":
        return _check_system(raw)
    if kind == "treaty":
        return _check_treaty(raw)
    if kind == "actor":
        out = []
        if raw.get("kind", "state") not in ACTOR_KINDS:
            out.append(f"kind {raw.get('kind')!r} not in {sorted(ACTOR_KINDS)}")
        if raw.get("kind", "state") == "state" and not _ISO.match(raw["id"]):
            out.append("a state's id is its ISO 3166-1 alpha-2 code")
        return out
    out = []
    lat, lon = raw.get("lat"), raw.get("lon")
    if not isinstance(lat, (int, float)) or not -90 <= lat <= 90 or not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
        out.append("lat/lon missing or out of range")
    if raw.get("country") and not _ISO.match(raw["country"]):
        out.append(f"country {raw['country']!r} is not an ISO code")
    return out


def _check_system(raw: dict[str, Any]) -> list[str]:
    out = []
    if raw.get("class") not in CLASSES:
        out.append(f"class {raw.get('class')!r} not in the CLASSES of FORMAT.md")
    if raw.get("profile") not in PROFILES:
        out.append(f"profile {raw.get('profile')!r} not in {sorted(PROFILES)}")
    basing = raw.get("basing")
    if not basing or not set(basing) <= BASINGS:
        out.append(f"basing {basing!r} must be a non-empty list from {sorted(BASINGS)}")
    if raw.get("status") is not None and raw["status"] not in STATUSES:
        out.append(f"status {raw['status']!r} not in {sorted(STATUSES)}")
    if raw.get("profile") == "complex" and not raw.get("fires"):
        out.append("a complex must list what it fires")
    rng = raw.get("range_km")
    if rng is not None:
        if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(x, (int, float)) for x in rng)):
            out.append("range_km must be [min, max] in km")
        elif not 0 <= rng[0] <= rng[1] or not 0 < rng[1] <= MAX_RANGE_KM:
            out.append(f"range_km {rng} is not sane (0 <= min <= max <= {MAX_RANGE_KM:,})")
        if not raw.get("range_source"):
            out.append("range_km has no range_source")
    for code in raw.get("operators", []):
        if not _ISO.match(code):
            out.append(f"operator {code!r} is not an ISO code")
    return out


def _check_treaty(raw: dict[str, Any]) -> list[str]:
    out = []
    for scope in raw.get("scope", []):
        unknown = set(scope) - SCOPE_KEYS
        if unknown:
            out.append(f"scope keys {sorted(unknown)} not in {sorted(SCOPE_KEYS)}")
        rng = scope.get("range_km")
        if rng is not None and not (len(rng) == 2 and 0 <= rng[0] <= rng[1]):
            out.append(f"scope range_km {rng} is not [min, max]")
    for event in raw.get("event", []):
        if event.get("action") not in EVENT_ACTIONS:
            out.append(f"event action {event.get('action')!r} not in {sorted(EVENT_ACTIONS)}")
        if not _DATE.match(str(event.get("date", ""))):
            out.append(f"event date {event.get('date')!r} is not YYYY[-MM[-DD]]")
    return out


def _check_references(entries: list[tuple[Path, str, dict[str, Any]]], ids: dict[str, str]) -> list[str]:
    out = []
    for path, kind, raw in entries:
        refs = list(raw.get("fires", [])) + [raw.get("variant_of"), raw.get("replaced_by"), raw.get("parent")]
        for ref in refs:
            if ref and ref not in ids:
                out.append(f"{path.name}: {kind} {raw.get('id')!r} refers to unknown id {ref!r}")
    return out


def _check_alias_claims(entries: list[tuple[Path, str, dict[str, Any]]]) -> list[str]:
    """A name claimed by two entries must be marked ambiguous by every entry claiming it."""
    claims: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for _, _, raw in entries:
        ambiguous = {alias_key(a) for a in raw.get("ambiguous_aliases", [])}
        for key in {alias_key(n) for n in [raw.get("name", ""), *raw.get("aliases", [])] if n}:
            claims[key].append((str(raw.get("id")), key in ambiguous))
    out = []
    for key, claimants in sorted(claims.items()):
        if len(claimants) > 1 and not all(amb for _, amb in claimants):
            owners = ", ".join(f"{i}{' (ambiguous)' if a else ''}" for i, a in claimants)
            out.append(f"name {key!r} is claimed by {owners}: mark it ambiguous in each, or keep one")
    return out
