"""Test a weapon system against treaties' machine-readable scopes.

A scope block matches when every key it sets matches the system; a treaty covers
a system when any of its blocks matches. A complex (a launcher or system that
fires other entries) is covered when something it fires is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import KnowledgeBase, System, Treaty


@dataclass(frozen=True)
class ScopeMatch:
    treaty: Treaty
    reason: str  # why, in words a reader checks against the treaty text
    via: str | None = None  # the fired missile that brought a complex into scope


def block_matches(block: dict[str, Any], system: System) -> str | None:
    """The reason `system` falls under one scope block, or None."""
    reasons = []
    if "basing" in block:
        shared = set(block["basing"]) & set(system.basing)
        if not shared:
            return None
        reasons.append(f"{'/'.join(sorted(shared))}-launched")
    if "profile" in block:
        if system.profile not in block["profile"]:
            return None
        reasons.append(system.profile)
    if "class" in block:
        if system.cls not in block["class"]:
            return None
        reasons.append(system.cls)
    if "nuclear" in block:
        if system.nuclear is not block["nuclear"]:
            return None
        reasons.append("nuclear-capable" if system.nuclear else "conventional")
    if "range_km" in block:
        low, high = block["range_km"]
        if system.range_km is None or not low <= system.range_km[1] <= high:
            return None
        reasons.append(f"range {system.range_km[1]:,.0f} km within {low:,.0f}–{high:,.0f} km")
    return ", ".join(reasons) or "listed"


def treaty_covers(treaty: Treaty, system: System) -> str | None:
    for block in treaty.scope:
        reason = block_matches(block, system)
        if reason:
            return reason
    return None


def treaties_for(system: System, kb: KnowledgeBase) -> list[ScopeMatch]:
    """Every treaty whose scope covers `system` (directly, or through what it fires).

    >>> kb = load_kb()                                           # doctest: +SKIP
    >>> [m.treaty.id for m in treaties_for(kb.systems["ru.9m729"], kb)]   # doctest: +SKIP
    ['inf', 'mtcr']
    """
    out = []
    for treaty in kb.treaties.values():
        reason = treaty_covers(treaty, system)
        if reason:
            out.append(ScopeMatch(treaty, reason))
            continue
        for fired_id in system.fires:
            fired = kb.systems.get(fired_id)
            reason = treaty_covers(treaty, fired) if fired else None
            if reason and fired:
                out.append(ScopeMatch(treaty, reason, via=fired.name))
                break
    return out


# ----- what a treaty obliges, whom, and when -----

# The kinds of obligation (FORMAT.md), and the acts each one regulates.
OBLIGATION_KINDS = (
    "deployment_ban", "possession_ban", "numerical_limit", "test_ban", "export_control", "transparency",
    "political_commitment",
)
ACTS: dict[str, frozenset[str]] = {
    "deploy": frozenset({"deployment_ban", "possession_ban", "numerical_limit"}),
    "possess": frozenset({"possession_ban", "numerical_limit"}),
    "test": frozenset({"test_ban", "possession_ban", "transparency"}),
    "transfer": frozenset({"export_control"}),
}
_KIND_WORDS = {
    "deployment_ban": "deployment ban", "possession_ban": "possession ban", "numerical_limit": "numerical limit",
    "test_ban": "test ban", "export_control": "export control", "transparency": "notification duty",
    "political_commitment": "political commitment",
}
_ACT_WORDS = {"deploy": "own deployment", "possess": "possession", "test": "tests", "transfer": "transfers"}
# Russia continues the Soviet Union's treaties; other successor states only where the KB lists them.
_CONTINUATOR = {"RU": "SU"}
_SOVIET_SUCCESSORS = frozenset("RU BY UA KZ AM AZ GE MD KG TJ TM UZ EE LV LT".split())
_OWN_ACTIONS = {"sign": "signed", "ratify": "in_force", "withdraw": "withdrawn", "suspend": "suspended"}


@dataclass(frozen=True)
class PartyStatus:
    """Where a treaty stands for one state on one date."""

    state: str  # in_force | signed | ratified | not_party | not_recorded | not_yet | suspended | withdrawn | terminated | expired | unknown
    date: str | None = None  # the event that put it there
    by: str | None = None  # the party whose act it was, when not the treaty as a whole

    @property
    def in_force(self) -> bool:
        return self.state == "in_force"

    def label(self) -> str:
        words = {"in_force": "in force", "not_party": "not a party", "not_yet": "not yet binding",
                 "ratified": "ratified, not in force", "unknown": "unknown date",
                 "not_recorded": "membership not recorded"}.get(self.state, self.state)
        by = f" by {self.by}" if self.by else ""
        since = " since" if self.state == "in_force" and self.date else ""
        return f"{words}{by}{since}{' ' + self.date if self.date else ''}"


def _codes(treaty: Treaty, holder: str) -> set[str]:
    """The codes under which events concern `holder` (the Soviet Union's, for its successors)."""
    codes = {holder}
    if holder in _CONTINUATOR or (holder in _SOVIET_SUCCESSORS and holder in treaty.parties):
        codes.add("SU")
    return codes


def is_party(treaty: Treaty, holder: str) -> bool:
    """Whether `holder` belongs to the treaty at all (membership, not dates)."""
    if holder in treaty.non_parties:
        return False
    codes = _codes(treaty, holder)
    if any(codes & set(e.get("party") or ()) for e in treaty.events):
        return True
    if not treaty.parties:
        # Membership not enumerated: a resolution binds every state, and a near-universal
        # treaty every state outside its `non_parties`; otherwise it is not known.
        return treaty.kind_of == "resolution" or bool(treaty.non_parties)
    return bool(codes & set(treaty.parties))


def party_status(treaty: Treaty, holder: str, date: str | None) -> PartyStatus:
    """The treaty's standing for `holder` on `date`, read from its dated KB events.

    Treaty-wide events (no party, or every listed party) and the holder's own events are
    read in date order: the holder's signature, ratification, suspension, return and
    withdrawal; entry into force, adoption, expiry and termination of the whole."""
    if not date:
        return PartyStatus("unknown")
    if not is_party(treaty, holder):
        return PartyStatus("not_party" if treaty.parties or treaty.non_parties else "not_recorded")
    codes = _codes(treaty, holder)
    own_joined = [str(e["date"]) for e in treaty.events
                  if codes & set(e.get("party") or ()) and e.get("action") in ("sign", "ratify", "enter_into_force")]
    state, when, by = "not_yet", None, None
    wide_in_force = False
    for event in sorted(treaty.events, key=lambda e: str(e.get("date", ""))):
        day = str(event.get("date", ""))
        if day > date:
            break
        party = set(event.get("party") or ())
        action = str(event.get("action"))
        mine = bool(codes & party)
        if party and not mine:
            continue
        if action in ("expire", "terminate"):
            state, when, by = ("expired" if action == "expire" else "terminated"), day, None
        elif action in ("enter_into_force", "adopt"):
            wide_in_force = wide_in_force or not party
            if mine or not own_joined or min(own_joined) <= day or state == "in_force":
                state, when, by = "in_force", day, None
        elif action in ("return", "extend"):
            if state not in ("not_yet", "signed") or not party:
                state, when, by = "in_force", day, None
        elif mine and action in _OWN_ACTIONS:
            new = _OWN_ACTIONS[action]
            if new == "signed" and state == "in_force":
                continue  # a protocol or amendment signed while in force
            if new == "signed" and treaty.binding == "political":
                new = "in_force"  # a political commitment holds from the day a state subscribes
            if new == "in_force" and not wide_in_force and treaty.binding != "political":
                new = "ratified"  # waiting for entry into force
            state, when = new, day
            by = holder if new in ("withdrawn", "suspended") else None
    if state == "not_yet" and own_joined and min(own_joined) > date:
        return PartyStatus("not_yet")
    return PartyStatus(state, when, by)


@dataclass(frozen=True)
class Application:
    """How one treaty bears on one act (deploy, test, possess, transfer) of one state."""

    treaty: Treaty
    act: str
    reason: str  # why the system is in the treaty's scope
    via: str | None
    obligations: tuple[str, ...]  # kinds of obligation that regulate this act and bind the state
    status: PartyStatus
    binding: bool  # binds the state for this act on this date
    why: str  # in words: scope, obligation, whom it binds, status


def _bound(obligation: dict[str, Any], treaty: Treaty, state: str) -> bool:
    bound = obligation.get("bound")
    return state in bound if bound else is_party(treaty, state)


def _in_area(obligation: dict[str, Any], place_country: str | None) -> bool | None:
    area = obligation.get("area")
    if not area:
        return True
    return None if place_country is None else place_country in area


def _profiles(system: System, kb: KnowledgeBase) -> set[str]:
    """The system's profile, and those of what it fires (a complex is a ballistic system if it fires one)."""
    return {system.profile} | {kb.systems[f].profile for f in system.fires if f in kb.systems}


def _fits(obligation: dict[str, Any], profiles: set[str] | None) -> bool:
    """An obligation narrowed to some profiles ("profile" key) applies to those systems only."""
    wanted = obligation.get("profile")
    return not wanted or profiles is None or bool(set(wanted) & profiles)


def apply_treaty(
    treaty: Treaty, match: ScopeMatch | None, holder: str, date: str | None, act: str = "deploy",
    place_country: str | None = None, profiles: set[str] | None = None,
) -> Application:
    """Whether `treaty` binds `holder` for `act` on `date`, and why (see `obligations_for`)."""
    reason = match.reason if match else "named in the article; the KB gives it no system scope"
    via = match.via if match else None
    kinds = ACTS.get(act, frozenset())
    relevant = [o for o in treaty.obligations if o.get("kind") in kinds and _fits(o, profiles)]
    status = party_status(treaty, holder, date)
    scope_words = f"{reason} (through {via})" if via else reason
    if not treaty.obligations:
        return Application(treaty, act, reason, via, (), status, False,
                           f"{scope_words}; the KB records no obligation for it")
    if not relevant:
        what = ", ".join(sorted({_KIND_WORDS.get(str(o.get("kind")), str(o.get("kind"))) for o in treaty.obligations}))
        return Application(treaty, act, reason, via, (), status, False,
                           f"{scope_words}; {what}: does not regulate a state's {_ACT_WORDS.get(act, act)}")
    mine = [o for o in relevant if _bound(o, treaty, holder)]
    if not mine:
        whom = sorted({c for o in relevant for c in (o.get("bound") or ())})
        who = f"binds {', '.join(whom)} only" if whom else "binds its parties only"
        return Application(treaty, act, reason, via, (), status, False, f"{scope_words}; {who}, not {holder}")
    areas = [_in_area(o, place_country) for o in mine]
    if not any(areas):  # outside the territory the ban covers, or the place is unknown
        where = sorted({c for o in mine for c in o.get("area", ())})
        return Application(treaty, act, reason, via, (), status, False,
                           f"{scope_words}; applies in {', '.join(where)} only")
    mine = [o for o, a in zip(mine, areas) if a]
    names = tuple(dict.fromkeys(str(o["kind"]) for o in mine))
    words = ", ".join(_KIND_WORDS.get(k, k) for k in names)
    political = " (political commitment)" if treaty.binding == "political" else ""
    binding = status.in_force
    verdict = f"binds {holder}" if binding else f"would bind {holder}, but {status.label()}"
    if binding:
        verdict += f"; {status.label()}"
    return Application(treaty, act, reason, via, names, status, binding, f"{scope_words}; {words}{political}: {verdict}")


def obligations_for(
    system: System, holder: str, date: str | None, kb: KnowledgeBase, *, act: str = "deploy",
    place_country: str | None = None,
) -> list[Application]:
    """For every treaty whose scope covers `system`: does it bind `holder` for `act` on `date`?

    Only obligations that regulate the act count (an export-control regime does not
    regulate a state's own deployment), only for the states they bind (a resolution on
    one state binds that state), and only while in force for the holder at that date.

    >>> kb = load_kb()                                                     # doctest: +SKIP
    >>> [a.treaty.id for a in obligations_for(kb.systems["ru.iskander-m"], "RU", "2016-11-22", kb) if a.binding]  # doctest: +SKIP
    ['inf']
    """
    profiles = _profiles(system, kb)
    return [apply_treaty(m.treaty, m, holder, date, act, place_country, profiles) for m in treaties_for(system, kb)]


def transfer_obligations(sender: str, receiver: str, system: System, date: str | None, kb: KnowledgeBase) -> list[Application]:
    """The export controls that bear on `sender` handing `system` to `receiver` on `date`.

    An obligation with `to` restricts transfers to those states, one with `from`
    restricts transfers from them (binding the receiver too: a ban on procurement)."""
    out = []
    profiles = _profiles(system, kb)
    for match in treaties_for(system, kb):
        treaty = match.treaty
        rules = [o for o in treaty.obligations if o.get("kind") == "export_control" and _fits(o, profiles)
                 and (not o.get("to") or receiver in o["to"]) and (not o.get("from") or sender in o["from"])]
        scope_words = f"{match.reason} (through {match.via})" if match.via else match.reason
        if not rules:
            continue
        bound = next((s for s in (sender, receiver) for o in rules
                      if _bound(o, treaty, s) and (s == sender or o.get("from"))), None)
        if bound is None:
            status = party_status(treaty, sender, date)
            out.append(Application(treaty, "transfer", match.reason, match.via, (), status, False,
                                   f"{scope_words}; export control: {sender} is not bound by it"))
            continue
        status = party_status(treaty, bound, date)
        political = " (political commitment)" if treaty.binding == "political" else ""
        verdict = f"binds {bound}; {status.label()}" if status.in_force else f"would bind {bound}, but {status.label()}"
        out.append(Application(treaty, "transfer", match.reason, match.via, ("export_control",), status, status.in_force,
                               f"{scope_words}; export control{political} on {sender} → {receiver}: {verdict}"))
    return out
