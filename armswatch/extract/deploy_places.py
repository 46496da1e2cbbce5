"""Where a deployment is: the places its frame gives, resolved for the whole document.

Toponyms are every place the article names (GeoNames towns the recogniser found, KB
sites and states, spaCy's GPE/LOC/FAC entities, with a direction word before them:
"northern Syria"). They are resolved together, once per document and only when a
deployment needs one, by the document-level geoparser (`resolve.geoparse`), which weighs
every place of the article. A KB site keeps its own coordinates; a country is written as
its ISO code; "around the capital" is the holder's capital.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from ._spacy import doc_ents, doc_text
from .deploy_cues import cues

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeastern northwestern southeastern "
    "southwestern".split()
)


@dataclass(frozen=True)
class Where:
    name: str  # the place as the text gives it, or an ISO code for a country
    place_id: str  # gn:<geonameid>, a regions.toml or KB site id, or an ISO code
    lat: float | None
    lon: float | None


class DocPlaces:
    """The toponyms of one document, resolved on first use."""

    def __init__(self, doc: Any, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        self._spans: list[tuple[int, int, str, str | None]] | None = None  # start, end, kind, id
        self._resolved: dict[tuple[int, int], Where | None] | None = None

    def spans(self) -> list[tuple[int, int, str, str | None]]:
        if self._spans is None:
            self._spans = _toponym_spans(self.doc, self.kb)
        return self._spans

    def within(self, start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        return [s for s in self.spans() if start <= s[0] and s[1] <= end]

    def where(self, span: tuple[int, int, str, str | None]) -> Where | None:
        start, end, kind, ident = span
        if kind == "site" and ident:
            site = self.kb.sites[ident]
            return Where(site.name, site.id, site.lat, site.lon)
        if self._resolved is None:
            self._resolved = self._resolve_all()
        return self._resolved.get((start, end))

    def capital(self, state: str) -> Where | None:
        from ..resolve.gazetteer import load_gazetteer

        place = load_gazetteer().capital(state)
        return Where(place.name, place.id, place.lat, place.lon) if place else None

    def _resolve_all(self) -> dict[tuple[int, int], Where | None]:
        from ..resolve.geoparse import resolve_toponyms

        text = doc_text(self.doc)
        spans = [s for s in self.spans() if s[2] != "site"]
        picks = resolve_toponyms([(text[s:e], s, e) for s, e, _, _ in spans], text)
        out: dict[tuple[int, int], Where | None] = {}
        for (start, end, kind, ident), pick in zip(spans, picks):
            if pick is None or pick.method == "focus":
                out[(start, end)] = None  # a guess from the story's focus is no place
            elif pick.place.kind == "country" and pick.place.country and pick.method == "partial":
                # "northern Syria": the part the text names, at the country's centre
                out[(start, end)] = Where(text[start:end], pick.place.id, pick.place.lat, pick.place.lon)
            elif pick.place.kind == "country" and pick.place.country:
                out[(start, end)] = Where(pick.place.country, pick.place.country, None, None)
            elif kind == "state" and ident and pick.place.country != ident:
                out[(start, end)] = Where(ident, ident, None, None)
            else:
                out[(start, end)] = Where(text[start:end], pick.place.id, pick.place.lat, pick.place.lon)
        return out


def _toponym_spans(doc: Any, kb: KnowledgeBase) -> list[tuple[int, int, str, str | None]]:
    text = doc_text(doc)
    systems = [(f.start, f.end) for f in doc._.kb_found if f.kind in ("system", "treaty")]
    found: list[tuple[int, int, str, str | None]] = []
    for f in doc._.kb_found:
        if f.kind == "site":
            found.append((f.start, f.end, "site", f.id))
        elif f.kind == "actor":
            actor = kb.actors.get(f.id)
            if actor is not None and actor.actor_kind == "state":
                found.append((f.start, f.end, "state", actor.id))
    for p in getattr(doc._, "places_found", ()):
        found.append((p.start, p.end, "place", p.id))
    for ent in doc_ents(doc):
        if ent.label_ in _PLACE_LABELS:
            found.append((ent.start_char, ent.end_char, "entity", None))
    out: list[tuple[int, int, str, str | None]] = []
    for start, end, kind, ident in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(s < end and start < e for s, e in systems):
            continue
        if any(o[0] <= start and end <= o[1] for o in out):
            continue  # inside a longer name already kept; a site or state came first at its start
        before = text[max(0, start - 12):start].split()
        if kind != "site" and before and before[-1].lower() in _DIRECTIONS:
            start -= len(before[-1]) + 1  # "northern Syria"
        out.append((start, end, kind, ident))
    return out


def frame_places(
    doc: Any, places: DocPlaces, anchors: list[Any], preps: frozenset[str], holder: str | None,
    system: tuple[int, int] | None = None,
) -> list[Where]:
    """The places after the prepositions in `preps` that hang on the anchors (the trigger,
    the system's noun phrase): "stationed in A and in B", "on an island in the Aegean",
    "around the capital" (the holder's capital).

    With `system` (the character span of the system the frame is about), a place belongs
    to the system named last before it: in "fired X from A, Y from B", the parser may hang
    both phrases on one head, but A is X's and B is Y's."""
    out: list[Where] = []
    others = sorted(f.start for f in doc._.kb_found if f.kind == "system") if system else []
    for anchor in anchors:
        for prep in _preps_of(anchor, preps):
            for pobj in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
                subtree = list(pobj.subtree)
                start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
                if system is not None:
                    if start <= system[0] < end:
                        start = system[1]  # the system sits inside the phrase: only what follows it
                    else:
                        before = [s for s in others if s < start]
                        owner = before[-1] if before else None
                        if owner is not None and not system[0] <= owner < system[1] \
                                and not _coordinated(doc, system, owner):
                            continue  # the phrase follows another system's name: it is that one's
                    end = min([s for s in others if start <= s < end] + [end])
                hits = [w for w in (places.where(s) for s in places.within(start, end)) if w is not None]
                if not hits and holder and pobj.lemma_.lower() in cues().capital and \
                        any(c.lower_ in ("the", "its", "their") for c in pobj.children):
                    capital = places.capital(holder)
                    hits = [capital] if capital else []
                for hit in hits:
                    if all(w.place_id != hit.place_id for w in out):
                        out.append(hit)
    finer = [w for w in out if w.place_id not in places.kb.actors]
    return finer or out[:1]


def _coordinated(doc: Any, system: tuple[int, int], other: int) -> bool:
    """Whether two system names sit in one coordination ("S-400s and Iskanders in A"), where
    a phrase after the last one is shared."""
    first = doc.char_span(system[0], system[1], alignment_mode="expand")
    second = next((doc.char_span(f.start, f.end, alignment_mode="expand") for f in doc._.kb_found
                   if f.kind == "system" and f.start == other), None)
    if first is None or second is None:
        return False

    def chain(token: Any) -> set[int]:
        seen = {token.i}
        while token.dep_ in ("conj", "compound", "amod", "nmod") and token.head.i != token.i:
            token = token.head
            seen.add(token.i)
        return seen

    a, b = chain(first.root), chain(second.root)
    return bool(a & b) or any(doc[i].dep_ == "conj" and doc[i].head.i in a for i in b) \
        or any(doc[i].dep_ == "conj" and doc[i].head.i in b for i in a)


def _preps_of(anchor: Any, preps: frozenset[str]) -> list[Any]:
    out = []
    for child in anchor.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            if child.lower_ == "to" and anchor.lower_ in ("close", "next", "adjacent"):
                continue
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "conj" and c.lower_ in preps)  # "in A and in B"
        elif child.dep_ == "advmod" and child.lower_ in ("near", "close") :
            out.extend(c for c in child.children if c.dep_ == "prep")
        elif child.dep_ == "prt" and child.lower_ in preps:
            out.append(child)
    return out
