"""Where a deployment is: the places its frame gives, resolved for the whole document.

Toponyms are every place the article names (GeoNames towns the recogniser found, KB
sites and states, spaCy's GPE/LOC/FAC entities, with a direction word before them:
"northern Syria"). They are resolved together, once per document and only when a
deployment needs one, by the document-level geoparser (`resolve.geoparse`), which weighs
every place of the article. A KB site keeps its own coordinates; a country is written as
its ISO code; "around the capital" is the holder's capital.

Place phrases and borders come first (`place_phrases`): "the Kursk region" is the region
(its regions.toml entry, else the town of that name: the place id says which, `region.*`
or `gn:*`), "the Taiwan Strait" the strait, not Taiwan; "its border with X" is the
"A-B border" at a point between the two states' nearest towns. A state's metonym that
speaks ("Moscow said") is no place. In "deployed A, B and C systems in X" the place hung
on the last conjunct is the whole list's, and a country stays beside finer places only
as an item of their list ("in Crimea and Belarus", not "in Pskov, Russia").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from ._spacy import doc_ents, doc_text
from .deploy_cues import cues
from .place_phrases import borders, locative_names, place_cues, region_phrases

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
    country: str | None = None  # the state it lies in, when known (a border lies in none)


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

    def where(self, span: tuple[int, int, str, str | None], holder: str | None = None) -> Where | None:
        start, end, kind, ident = span
        if kind == "site" and ident:
            site = self.kb.sites[ident]
            return Where(site.name, site.id, site.lat, site.lon, site.country or None)
        if kind == "border":
            return self._border(span, holder)
        if self._resolved is None:
            self._resolved = self._resolve_all()
        return self._resolved.get((start, end))

    def capital(self, state: str) -> Where | None:
        from ..resolve.gazetteer import load_gazetteer

        place = load_gazetteer().capital(state)
        return Where(place.name, place.id, place.lat, place.lon, place.country) if place else None

    def _border(self, span: tuple[int, int, str, str | None], holder: str | None) -> Where | None:
        """A border as "A-B border" at a point between the two states' nearest towns: the
        states the phrase names, the holder's side first; a one-sided border ("Sudan's
        northern border", "its border with Iraq") is the holder's with that state, and
        "the border" the last border named before it, completed the same way."""
        from ..resolve.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        sides = _sides(span, holder, self.doc, self.kb, gazetteer)
        states = _border_states(span[3] or "", sides)
        if len(states) < 2:
            earlier = [s for s in self.spans() if s[2] == "border" and s[1] <= span[0] and s[3] and s[3] != "+"]
            if not states and earlier:
                states = _border_states(earlier[-1][3] or "", _sides(earlier[-1], holder, self.doc, self.kb, gazetteer))
            if len(states) < 2:
                return None
        a, b = states[:2]
        names = [gazetteer.country(code) for code in (a, b)]
        if names[0] is None or names[1] is None:
            return None
        point = gazetteer.border_point(a, b)
        lat, lon = point if point else (None, None)
        return Where(f"{names[0].name}-{names[1].name} border", "border:" + "-".join(sorted((a, b))), lat, lon)

    def _resolve_all(self) -> dict[tuple[int, int], Where | None]:
        from ..resolve.geoparse import resolve_toponyms

        text = doc_text(self.doc)
        spans = [s for s in self.spans() if s[2] not in ("site", "border")]
        names = [(s[3] if s[2] == "phrase" and s[3] else text[s[0]:s[1]], s[0], s[1]) for s in spans]
        picks = resolve_toponyms(names, text)
        out: dict[tuple[int, int], Where | None] = {}
        for (start, end, kind, ident), pick in zip(spans, picks):
            written = _bare(text[start:end])
            if pick is None or pick.method == "focus":
                out[(start, end)] = None  # a guess from the story's focus is no place
            elif pick.place.kind == "country" and pick.place.country and pick.method == "partial":
                # "northern Syria": the part the text names, at the country's centre
                out[(start, end)] = Where(written, pick.place.id, pick.place.lat, pick.place.lon, pick.place.country)
            elif pick.place.kind == "country" and pick.place.country:
                out[(start, end)] = Where(pick.place.country, pick.place.country, None, None, pick.place.country)
            elif kind == "state" and ident and pick.place.country != ident:
                out[(start, end)] = Where(ident, ident, None, None, ident)
            else:
                out[(start, end)] = Where(written, pick.place.id, pick.place.lat, pick.place.lon,
                                          pick.place.country or None)
        return out


def _bare(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _sides(span: tuple[int, int, str, str | None], holder: str | None, doc: Any, kb: KnowledgeBase,
           gazetteer: Any) -> list[str]:
    """Who may stand on the other side of a border that names one state: the holder, then
    the states its sentence names ("Turkey-based batteries near the Syrian border"), each
    only if it borders that state."""
    named = [s for s in (span[3] or "").lstrip("+").split(",") if s]
    sent = doc.char_span(span[0], span[1], alignment_mode="expand")
    out = [holder] if holder else []
    if sent is not None:
        s = sent.sent
        out += [kb.state_of(f.id) or "" for f in doc._.kb_found
                if f.kind == "actor" and s.start_char <= f.start < s.end_char and not span[0] <= f.start < span[1]]
    if len(named) == 1:
        out = [state for state in out if state and gazetteer.neighbours(state, named[0])]
    return list(dict.fromkeys(s for s in out if s))


def _border_states(ident: str, sides: list[str]) -> list[str]:
    """The two states of a border: those it names, the holder's side first; a one-sided
    border's other side from `sides` ("its border with Iraq" said of Iran: Iran-Iraq)."""
    own = ident.startswith("+")
    states = [s for s in ident.lstrip("+").split(",") if s]
    holder = sides[0] if sides else None
    if holder and (own or (len(states) == 1 and states[0] != holder)):
        states = [holder, *[s for s in states if s != holder]]
    elif holder in states:
        states = [holder, *[s for s in states if s != holder]]
    return states


def _toponym_spans(doc: Any, kb: KnowledgeBase) -> list[tuple[int, int, str, str | None]]:
    """(start, end, kind, ident) of every toponym: borders (ident: the states they name, with
    "+" first for the subject's own, "its border with X"), place phrases (ident: the name to
    look up), KB sites and states, GeoNames towns, spaCy's place entities."""
    from ..resolve.gazetteer import load_gazetteer

    text = doc_text(doc)
    gazetteer = load_gazetteer()
    c = place_cues()
    systems = [(f.start, f.end) for f in doc._.kb_found if f.kind in ("system", "treaty")]
    strong: list[tuple[int, int, str, str | None]] = []
    for border in borders(doc, kb):
        ident = ("+" if border.own else "") + ",".join(border.states)
        strong.append((border.start, border.end, "border", ident))
    kb_spans = [(f.start, f.end) for f in doc._.kb_found]
    actors = [(f.start, f.end) for f in doc._.kb_found if f.kind == "actor"]
    for start, end, name in [*region_phrases(doc, gazetteer), *locative_names(doc, gazetteer, kb_spans)]:
        if not any(s <= start and end <= e for s, e in actors):  # a state's name or metonym is the KB's
            strong.append((start, end, "phrase", name))
    found: list[tuple[int, int, str, str | None]] = []
    blocked: list[tuple[int, int]] = []
    for f in doc._.kb_found:
        if f.kind == "site":
            found.append((f.start, f.end, "site", f.id))
        elif f.kind == "actor":
            actor = kb.actors.get(f.id)
            if actor is not None and actor.actor_kind == "state":
                if _metonym(text, f.start, f.end, gazetteer, c.locative):
                    blocked.append((f.start, f.end))  # "Moscow said": the state speaking, no place
                else:
                    found.append((f.start, f.end, "state", actor.id))
    for p in getattr(doc._, "places_found", ()):
        found.append((p.start, p.end, "place", p.id))
    for ent in doc_ents(doc):
        if ent.label_ in _PLACE_LABELS:
            found.append((ent.start_char, ent.end_char, "entity", None))
    out: list[tuple[int, int, str, str | None]] = []
    for start, end, kind, ident in [*strong, *sorted(found, key=lambda s: (s[0], -(s[1] - s[0])))]:
        if any(s < end and start < e for s, e in systems) or text[start:end].lower() in c.not_places:
            continue  # part of a weapon's name; a month ("completed in March")
        if kind not in ("border", "phrase") and any(s < end and start < e for s, e in blocked):
            continue
        if any(o[0] < end and start < o[1] for o in out if o[2] in ("border", "phrase")):
            continue  # a border or place phrase holds it ("the Taiwan Strait", "its border with X")
        if any(o[0] <= start and end <= o[1] for o in out):
            continue  # inside a longer name already kept; a site or state came first at its start
        before = text[max(0, start - 12):start].split()
        if kind not in ("site", "border") and before and before[-1].lower() in _DIRECTIONS:
            start -= len(before[-1]) + 1  # "northern Syria"
        out.append((start, end, kind, ident))
    return sorted(out, key=lambda s: s[0])


def _metonym(text: str, start: int, end: int, gazetteer: Any, locative: frozenset[str]) -> bool:
    """A state's metonym used as the state ("Moscow said", "the Kremlin's plan"): a name that
    is not the country's own, with no locative preposition before it."""
    name = text[start:end]
    if any(c.place.kind == "country" for c in gazetteer.non_cities(name)):
        return False
    before = text[max(0, start - 12):start].split()
    return not (before and before[-1].lower() in locative)


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
    groups: dict[str, set[int]] = {}  # place id -> the lists of places it is an item of ("in A, B and C")
    others = sorted(f.start for f in doc._.kb_found if f.kind == "system") if system else []
    for anchor in _with_conjuncts(anchors):
        for hit in _based(anchor, places, holder):
            if all(w.place_id != hit.place_id for w in out):
                out.append(hit)
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
                spans = places.within(start, end)
                hits = [w for w in (places.where(s, holder) for s in spans) if w is not None]
                for span, where in zip(spans, (places.where(s, holder) for s in spans)):
                    group = _list_of(doc, span)
                    if where is not None and group is not None:
                        groups.setdefault(where.place_id, set()).add(group)
                if not hits and holder and pobj.lemma_.lower() in cues().capital and \
                        any(c.lower_ in ("the", "its", "their") for c in pobj.children):
                    capital = places.capital(holder)
                    hits = [capital] if capital else []
                for hit in hits:
                    if all(w.place_id != hit.place_id for w in out):
                        out.append(hit)
    finer = [w for w in out if w.place_id not in places.kb.actors]
    if not finer:
        return out[:1]
    inside = {w.country for w in finer}
    # a country stays beside finer places when it is an item of the same list as one of them
    # ("in Kaliningrad and Belarus"), not when it only says where they are ("Kaliningrad, Russia")
    listed = {g for w in finer for g in groups.get(w.place_id, ())}
    return [w for w in out if w in finer or (w.country not in inside and groups.get(w.place_id, set()) & listed)]


def _list_of(doc: Any, span: tuple[int, int, str, str | None]) -> int | None:
    """The first item (a token index) of the coordinated list of places a place is an item of."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return None
    root = tokens.root
    if root.dep_ != "conj" and not any(c.dep_ == "conj" for c in root.children):
        return None
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return int(root.i)


def _based(anchor: Any, places: DocPlaces, holder: str | None) -> list[Where]:
    """ "Kaliningrad-based missiles", "Italy-based Jupiters": the place before "-based"."""
    out = []
    for child in anchor.children:
        if child.dep_ in ("amod", "compound") and child.lower_ == "based" and child.i > 0 \
                and anchor.doc[child.i - 1].text == "-":
            left = child.left_edge
            if left.i < child.i - 1:
                span = (left.idx, anchor.doc[child.i - 2].idx + len(anchor.doc[child.i - 2].text))
                out.extend(w for w in (places.where(s, holder) for s in places.within(*span)) if w is not None)
    return out


def _with_conjuncts(anchors: list[Any]) -> list[Any]:
    """The anchors, the noun a name tagged as punctuation hangs on ("Fateh-110 missiles"),
    and the later conjuncts of a noun anchor: in "deployed A, B and C systems in X" the
    parser hangs "in X" on the last conjunct, and it is the whole list's."""
    out: list[Any] = []
    for anchor in anchors:
        todo = [anchor]
        if anchor.dep_ == "punct" and anchor.head.pos_ in ("NOUN", "PROPN"):
            todo.append(anchor.head)
        following = anchor.doc[anchor.i + 1] if anchor.i + 1 < len(anchor.doc) else None
        if anchor.dep_ in ("dep", "punct", "nummod") and following is not None and following.pos_ == "NOUN" \
                and following.head.i == anchor.head.i:
            todo.append(following)  # "deployed HQ-9 batteries" with the name parsed apart from its noun
        while todo:
            token = todo.pop(0)
            if all(token.i != seen.i for seen in out):
                out.append(token)
            if token.pos_ in ("NOUN", "PROPN"):
                todo.extend(c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
    return out


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
