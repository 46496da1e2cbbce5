"""Validate the knowledge-base data files (`armswatch kb check`)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .load import DATA_DIR, read_entries, treaty_names
from .model import alias_key
from .scope import OBLIGATION_KINDS

CLASSES = {
    "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "GLCM", "SLCM", "ALCM", "ALBM", "HGV", "HCM", "ASCM",
    "ASBM", "coastal", "SAM", "BMD", "MLRS", "TEL", "ASM", "AAM", "ATGM",
    "BOMBER", "FIGHTER", "ATTACK", "UCAV", "OWA",  # aircraft, armed drones, one-way attack drones
}
PROFILES = {
    "ballistic", "cruise", "glide", "aeroballistic", "interceptor", "rocket", "complex", "guided",
    "aircraft", "loitering", "gun",
}
# Profiles whose entries have no missile range of their own: they must name a `source`.
SOURCED_PROFILES = {"aircraft", "loitering"}
BASINGS = {"ground", "sea", "submarine", "air"}
STATUSES = {"in_service", "retired", "development", "withdrawn", "cancelled"}
ACTOR_KINDS = {"state", "alliance", "organisation", "body", "office"}
EVENT_ACTIONS = {
    "sign", "ratify", "enter_into_force", "adopt", "withdraw", "suspend", "return", "extend", "expire", "terminate",
}
# Offices of office_holders.toml (FORMAT.md).
OFFICES = {
    "president", "vice_president", "prime_minister", "chancellor", "foreign_minister", "defence_minister",
    "national_security_advisor", "press_secretary", "secretary_general", "supreme_leader", "head_of_commission",
}
TREATY_KINDS = {"treaty", "regime", "memorandum", "agreement", "declaration", "understanding", "resolution"}
OBLIGATION_KEYS = {"kind", "bound", "to", "from", "area", "profile", "note"}
# Words that name no instrument by themselves: an alias made only of these would resolve
# "the Treaty" or "the agreement" in any text.
GENERIC_TREATY_WORDS = frozenset(
    """treaty treaties agreement agreements accord accords convention protocol protocols declaration
    understanding understandings resolution resolutions framework deal pact charter memorandum regime
    statement joint code conduct plan action arrangement arrangements communique peace interim nuclear
    ceasefire truce armistice the a an of on and for""".split()
)
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
    if kind == "office_holder":
        return _check_holder(raw)
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
    if raw.get("profile") in SOURCED_PROFILES and not (raw.get("source") or raw.get("range_source")):
        out.append(f"a system of profile {raw['profile']!r} needs a source (or a range_km with its range_source)")
    for code in raw.get("operators", []):
        if not _ISO.match(code):
            out.append(f"operator {code!r} is not an ISO code")
    return out


def _check_treaty(raw: dict[str, Any]) -> list[str]:
    out = []
    if not raw.get("source"):
        out.append("a treaty needs a source")
    if raw.get("kind", "treaty") not in TREATY_KINDS:
        out.append(f"kind {raw.get('kind')!r} not in {sorted(TREATY_KINDS)}")
    if raw.get("binding", "legal") not in ("legal", "political"):
        out.append(f"binding {raw.get('binding')!r} is not legal or political")
    if raw.get("kind") == "resolution" and not isinstance(raw.get("number"), int):
        out.append("a resolution needs its number")
    for name in [raw.get("name", ""), *raw.get("aliases", [])]:
        words = name.casefold().replace("-", " ").split()
        if words and all(_generic(w.strip(".,'’\"")) for w in words):
            out.append(f"name {name!r} is only generic words and would resolve alone")
    codes = [*raw.get("parties", []), *raw.get("non_parties", [])]
    codes += [c for e in raw.get("event", []) for c in e.get("party", [])]
    for obligation in raw.get("obligation", []):
        out.extend(_check_obligation(obligation))
        codes += [c for key in ("bound", "to", "from", "area") for c in obligation.get(key, [])]
    out.extend(f"party code {c!r} is not an ISO code" for c in sorted(set(codes)) if not _ISO.match(str(c)))
    if raw.get("scope") and not raw.get("obligation"):
        out.append("a treaty with a scope must say what it obliges ([[treaty.obligation]])")
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


def _check_holder(raw: dict[str, Any]) -> list[str]:
    out = []
    if not raw.get("source"):
        out.append("an office holder needs a source")
    if raw.get("office") not in OFFICES:
        out.append(f"office {raw.get('office')!r} not in {sorted(OFFICES)}")
    if not raw.get("state"):
        out.append("an office holder needs the state (or body) whose office it is")
    start, end = str(raw.get("start", "")), raw.get("end")
    if not _DATE.match(start):
        out.append(f"start {raw.get('start')!r} is not YYYY[-MM[-DD]]")
    if end is not None and (not _DATE.match(str(end)) or str(end) < start):
        out.append(f"end {end!r} is not a date after the start")
    return out


def _generic(word: str) -> bool:
    """A word no instrument's name can rest on: "treaty", "agreement", "joint", "the"."""
    return word in GENERIC_TREATY_WORDS


def _check_obligation(obligation: dict[str, Any]) -> list[str]:
    out = []
    kind = obligation.get("kind")
    if kind not in OBLIGATION_KINDS:
        out.append(f"obligation kind {kind!r} not in {list(OBLIGATION_KINDS)}")
    unknown = set(obligation) - OBLIGATION_KEYS
    if unknown:
        out.append(f"obligation keys {sorted(unknown)} not in {sorted(OBLIGATION_KEYS)}")
    if (obligation.get("to") or obligation.get("from")) and kind != "export_control":
        out.append("only an export_control obligation takes `to` or `from`")
    for key in ("bound", "to", "from", "area"):
        if key in obligation and not isinstance(obligation[key], list):
            out.append(f"obligation {key!r} must be a list of ISO codes")
    if not set(obligation.get("profile", [])) <= PROFILES:
        out.append(f"obligation profile {obligation['profile']!r} not in {sorted(PROFILES)}")
    return out


def _check_references(entries: list[tuple[Path, str, dict[str, Any]]], ids: dict[str, str]) -> list[str]:
    out = []
    for path, kind, raw in entries:
        refs = list(raw.get("fires", [])) + [raw.get("variant_of"), raw.get("replaced_by"), raw.get("parent"), raw.get("state")]
        for ref in refs:
            if ref and ref not in ids:
                out.append(f"{path.name}: {kind} {raw.get('id')!r} refers to unknown id {ref!r}")
    return out


def _check_alias_claims(entries: list[tuple[Path, str, dict[str, Any]]]) -> list[str]:
    """A name claimed by two entries must be marked ambiguous by every entry claiming it."""
    claims: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for _, kind, raw in entries:
        if kind == "office_holder":
            continue  # people are no aliases: one person may hold two terms
        ambiguous = {alias_key(a) for a in raw.get("ambiguous_aliases", [])}
        names = treaty_names(raw) if kind == "treaty" else [raw.get("name", ""), *raw.get("aliases", [])]
        for key in {alias_key(n) for n in names if n}:
            claims[key].append((str(raw.get("id")), key in ambiguous))
    out = []
    for key, claimants in sorted(claims.items()):
        if len(claimants) > 1 and not all(amb for _, amb in claimants):
            owners = ", ".join(f"{i}{' (ambiguous)' if a else ''}" for i, a in claimants)
            out.append(f"name {key!r} is claimed by {owners}: mark it ambiguous in each, or keep one")
    return out
