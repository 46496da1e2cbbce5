"""Typed knowledge-base entries and the alias index."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ..errors import NotInKnowledgeBase

Kind = Literal["system", "treaty", "actor", "site", "place"]
KINDS: tuple[Kind, ...] = ("system", "treaty", "actor", "site")

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"), "-")
_JOINERS = re.compile(r"[\s\-_.'’`]+")


def alias_key(name: str) -> str:
    """The form under which names are compared: case, width, dashes, spaces and dots
    folded ("S-400", "S 400", "s400", "S‑400" with a non-breaking hyphen are one key)."""
    text = unicodedata.normalize("NFKC", name).translate(_DASHES).casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return _JOINERS.sub("", text)


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    kind: ClassVar[Kind]

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class System(Entry):
    kind: ClassVar[Kind] = "system"
    cls: str
    profile: str
    basing: tuple[str, ...]
    range_km: tuple[float, float] | None
    range_source: str | None
    nuclear: bool | None
    status: str | None
    developer: str | None
    operators: tuple[str, ...]
    fires: tuple[str, ...]
    variant_of: str | None
    replaced_by: str | None


@dataclass(frozen=True)
class Treaty(Entry):
    kind: ClassVar[Kind] = "treaty"
    kind_of: str
    parties: tuple[str, ...]
    scope: tuple[dict[str, Any], ...]
    events: tuple[dict[str, Any], ...]
    source: str | None
    # What it obliges and whom: [{"kind", "bound", "to", "from", "area"}] (FORMAT.md).
    obligations: tuple[dict[str, Any], ...] = ()
    binding: str = "legal"  # legal | political
    non_parties: tuple[str, ...] = ()  # for a broad membership left unenumerated: who stands outside
    number: int | None = None  # a UN Security Council resolution's number


@dataclass(frozen=True)
class Actor(Entry):
    kind: ClassVar[Kind] = "actor"
    actor_kind: str
    parent: str | None


@dataclass(frozen=True)
class Site(Entry):
    kind: ClassVar[Kind] = "site"
    site_kind: str
    country: str | None
    lat: float
    lon: float
    source: str | None


@dataclass(frozen=True)
class OfficeHolder:
    """A person who held a state's (or a body's) office for a term (office_holders.toml).
    Not an alias of anything: a role and a date lead to the name (`holder_of`)."""

    id: str
    name: str
    state: str  # actor id of the state or body whose office it is
    office: str  # one of check.OFFICES
    start: str  # ISO date the term began
    end: str | None  # ISO date it ended (the successor's first day); None: in office
    leads: bool  # the holder speaks as the state's leader ("the leaders of A and B")
    source: str


@dataclass(frozen=True)
class Place(Entry):
    """A populated place from GeoNames (not part of the curated TOML data)."""

    kind: ClassVar[Kind] = "place"
    country: str
    lat: float
    lon: float
    population: int


@dataclass(eq=False)  # identity: one loaded KB is one cache key
class KnowledgeBase:
    """All entries, and an index from alias key to the entries that claim it."""

    systems: dict[str, System] = field(default_factory=dict)
    treaties: dict[str, Treaty] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    index: dict[str, list[tuple[Entry, bool]]] = field(default_factory=dict)  # key -> [(entry, ambiguous)]
    office_holders: list[OfficeHolder] = field(default_factory=list)  # terms of office, in file order

    def holder_of(self, state: str, office: str, date: str | None) -> OfficeHolder | None:
        """Who held `office` of `state` on `date` (ISO; a year or month works too); with no
        date, the latest holder."""
        terms = [h for h in self.office_holders if h.state == state and h.office == office]
        if not date:
            return max(terms, key=lambda h: h.start, default=None)
        day = date[:10]
        return next((h for h in terms if h.start[:len(day)] <= day and (h.end is None or day < h.end[:len(day)])), None)

    def leader_of(self, state: str, date: str | None) -> OfficeHolder | None:
        """The state's leader on `date`: the holder of the office marked `leads`."""
        offices = dict.fromkeys(h.office for h in self.office_holders if h.state == state and h.leads)
        found = [self.holder_of(state, office, date) for office in offices]
        return next((h for h in found if h is not None and h.leads), None)

    def add(self, entry: Entry) -> None:
        table: dict[str, Any] = {
            "system": self.systems, "treaty": self.treaties, "actor": self.actors, "site": self.sites
        }[entry.kind]
        table[entry.id] = entry
        ambiguous = {alias_key(a) for a in entry.ambiguous_aliases}
        keys = {alias_key(n): n for n in (*entry.names(), entry.id)}
        for key in keys:
            if key:
                self.index.setdefault(key, []).append((entry, key in ambiguous))

    def candidates(self, name: str, kind: Kind | None = None) -> list[tuple[Entry, bool]]:
        """Entries claiming `name` (optionally of one kind), with their ambiguity flag."""
        key = alias_key(name)
        found = self.index.get(key, [])
        if not found and key.endswith("s") and len(key) > 3:
            found = self.index.get(key[:-1], [])  # plural: "S-400s", "Patriots"
        return [(e, amb) for e, amb in found if kind is None or e.kind == kind]

    def resolve(self, name: str, kind: Kind | None = None) -> Entry:
        """The entry `name` stands for. Raises `NotInKnowledgeBase` when nothing claims it.

        When several entries claim the name, the one whose canonical name it is wins,
        then the one that does not mark it ambiguous, then kinds in the order
        system, treaty, actor, site.

        >>> kb = load_kb()                      # doctest: +SKIP
        >>> kb.resolve("SSC-8").name            # doctest: +SKIP
        '9M729'
        """
        found = self.candidates(name, kind)
        if not found:
            what = kind or "entry"
            raise NotInKnowledgeBase(f"{name!r} is not a known {what} (try `armswatch systems --search`)")
        key = alias_key(name)
        found.sort(key=lambda pair: (alias_key(pair[0].name) != key, pair[1], KINDS.index(pair[0].kind), pair[0].id))
        return found[0][0]

    def state_of(self, actor_id: str) -> str | None:
        """The state an actor is or belongs to (an office's parent chain), else None."""
        actor = self.actors.get(actor_id)
        seen: set[str] = set()
        while actor is not None and actor.actor_kind == "office" and actor.parent and actor.id not in seen:
            seen.add(actor.id)
            actor = self.actors.get(actor.parent)
        return actor.id if actor is not None and actor.actor_kind == "state" else None

    def resolve_id(self, name: str, kind: Kind | None = None) -> str | None:
        """Like `resolve`, but None instead of an error."""
        try:
            return self.resolve(name, kind).id
        except NotInKnowledgeBase:
            return None
