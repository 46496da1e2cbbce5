"""Place phrases that spaCy's entities miss or cut short, for the deployment extractor.

- Names the gazetteer holds whole, written with their generic word: "the Kursk region",
  "Kursk oblast", "the Taiwan Strait", "the Gulf of Aden", "the South China Sea" (where the
  entity recogniser sees "Taiwan" or "the South" and "China").
- A division the gazetteer lacks, written with its word ("Homs governorate", "the province
  of Idlib"): the name is passed on whole, and the geoparser reads it as the town of that
  name, the division's centre as a rule.
- A proper noun after a locative preposition that the gazetteer knows as a town of the
  recogniser's size or a region, whatever label spaCy gave it ("moved launchers to Belgorod").
- Borders: "its border with X", "X's northern border", "the border between X and Y", "the
  X-Y border", "the Xian-Yian frontier", with the states they name (`Border`); the caller
  completes a one-sided border with the holder ("Libya ... near Sudan's border": Libya-Sudan).

Cue words are in place_cues.toml beside this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import NOUN

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._context import _actor_state_at
from ._spacy import doc_text

CUES_FILE = Path(__file__).with_name("place_cues.toml")
_LONGEST = 6  # words in a place phrase
# Kinds a one-word gazetteer name may have to count as a place phrase ("Crimea", "Donbas").
_ONE_WORD_KINDS = frozenset({"region", "oblast", "krai", "province", "republic", "island", "peninsula", "territory",
                             "country_part"})
_NOT_PHRASES = frozenset({"country", "continent"})  # states are the KB's
_NOT_BARE = frozenset({"country_part", "landmark"})  # "in English", "at the Pentagon": not a bare place name
MIN_TOWN = 5_000  # a town named after a locative preposition counts from this size (the recogniser's)
MIN_ALTERNATE_TOWN = 100_000  # ... and by another spelling of its name ("Hama" for Ḩamāh) from this size


@dataclass(frozen=True)
class PlaceCues:
    admin: frozenset[str]
    natural: frozenset[str]
    joiners: frozenset[str]
    locative: frozenset[str]
    border: frozenset[str]
    not_places: frozenset[str]


@lru_cache(maxsize=1)
def place_cues() -> PlaceCues:
    with CUES_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    return PlaceCues(**{key: frozenset(str(raw[key]).split()) for key in PlaceCues.__dataclass_fields__})


@dataclass(frozen=True)
class Border:
    """A border phrase: the states it names in text order, and whether it is the
    subject's own ("its border with X")."""

    start: int
    end: int
    states: tuple[str, ...]
    own: bool


def region_phrases(doc: Any, gazetteer: Any) -> list[tuple[int, int, str]]:
    """(start, end, name to look up) of the place phrases of `doc` (see the module's doc)."""
    c = place_cues()
    out: list[tuple[int, int, str]] = []
    for sent in doc.sents:
        tokens = list(sent)
        i = 0
        while i < len(tokens):
            found = _phrase_at(tokens, i, gazetteer, c)
            if found is None:
                i += 1
                continue
            j, name = found
            out.append((tokens[i].idx, tokens[j - 1].idx + len(tokens[j - 1].text), name))
            i = j
    return out


def _phrase_at(tokens: list[Any], i: int, gazetteer: Any, c: PlaceCues) -> tuple[int, str] | None:
    first = tokens[i]
    generic = c.admin | c.natural
    if first.lower_ in c.admin and i + 2 < len(tokens) and tokens[i + 1].lower_ == "of":
        # "the province of Idlib": looked up as "Idlib province"
        k = i + 2
        while k < len(tokens) and k < i + 5 and _capitalised(tokens[k]):
            k += 1
        if k > i + 2:
            head = _text(tokens[i + 2:k])
            name = f"{head} {first.lower_}"
            if _known_division(name, head, gazetteer):
                return k, name
        return None
    if not _capitalised(first) or first.lower_ in c.not_places or first.lower_ in c.joiners:
        return None
    for j in range(min(len(tokens), i + _LONGEST), i, -1):
        words = tokens[i:j]
        last = words[-1]
        if not (_capitalised(last) or last.lower_ in generic):
            continue
        if not all(_capitalised(w) or w.lower_ in c.joiners or w.lower_ in generic for w in words):
            continue
        if any(w.is_punct for w in words):
            continue
        name = _text(words)
        hits = [h for h in gazetteer.non_cities(name) if h.place.kind not in _NOT_PHRASES]
        if len(words) == 1:
            hits = [h for h in hits if h.place.kind in _ONE_WORD_KINDS]
            if hits and first.pos_ == "PROPN" and first.ent_type_ not in ("PERSON", "NORP", "LANGUAGE"):
                return j, name
            continue
        if hits:
            return j, name
        if last.lower_ in c.admin and all(_capitalised(w) for w in words[:-1]):
            if _known_division(name, _text(words[:-1]), gazetteer):
                return j, name  # "Homs governorate": the town of that name
    return None


def _known_division(name: str, head: str, gazetteer: Any) -> bool:
    if gazetteer.non_cities(name):
        return True
    return any(c.place.kind not in _NOT_PHRASES and (
        c.place.kind not in ("city", "capital") or c.place.population >= (MIN_TOWN if c.primary else MIN_ALTERNATE_TOWN)
    ) for c in gazetteer.candidates(head))


def locative_names(doc: Any, gazetteer: Any, kb_spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Proper nouns after a locative preposition that the gazetteer knows as a town of
    MIN_TOWN people or more, or as a region: "to Belgorod", whatever spaCy labelled them."""
    c = place_cues()
    out = []
    for token in doc:
        if token.pos_ != "PROPN" or token.lower_ in c.not_places:
            continue
        based = token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ == "based"
        if token.dep_ not in ("pobj", "conj") and not based:
            continue  # "Kaliningrad-based missiles": a place before "-based" too
        head = token
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if not based and (head.dep_ != "pobj" or head.head.lower_ not in c.locative):
            continue
        if token.ent_type_ == "PERSON" and head.head.lower_ not in ("in", "at", "near"):
            continue
        left = token
        while left.i > 0 and doc[left.i - 1].pos_ == "PROPN" and doc[left.i - 1].dep_ == "compound" \
                and doc[left.i - 1].head.i == token.i:
            left = doc[left.i - 1]
        start, end = left.idx, token.idx + len(token.text)
        if any(s < end and start < e for s, e in kb_spans) or (left.i > 0 and doc[left.i - 1].lower_ == "the"):
            continue  # a KB name; "to the Alliance", "in the Union": a body, not a town
        name = doc_text(doc)[start:end]
        if state_of_demonym(name):
            continue
        if any(cand.primary and cand.place.kind not in _NOT_PHRASES and cand.place.kind not in _NOT_BARE
               and (cand.place.kind not in ("city", "capital") or cand.place.population >= MIN_TOWN)
               for cand in gazetteer.candidates(name)):
            out.append((start, end, name))
    return out


def borders(doc: Any, kb: KnowledgeBase) -> list[Border]:
    """Every border phrase of `doc` with the states it names."""
    c = place_cues()
    out = []
    words = {doc.vocab.strings[word] for word in c.border}
    table = doc.to_array([POS, LOWER]).tolist() if len(doc) else []
    # Read as integers: a Token is built only for a border word, not for every word of the doc.
    for token in (doc[i] for i, (pos, lower) in enumerate(table) if pos == NOUN and lower in words):
        if token.pos_ != "NOUN" or token.lower_ not in c.border:
            continue
        parts = [child for child in token.children
                 if child.dep_ in ("poss", "amod", "compound", "nmod", "det")
                 or (child.dep_ == "prep" and child.lower_ in ("with", "between", "of"))]
        covered = sorted({t.i for part in parts for t in part.subtree} | {token.i})
        states: list[str] = []
        own = False
        for i in covered:
            word = doc[i]
            if word.lower_ in ("its", "their", "our") and word.dep_ == "poss" and word.head.i == token.i:
                own = True
            state = _actor_state_at(doc, word.idx, kb)
            if state is None and word.text[:1].isupper():
                state = state_of_demonym(word.text)
            if state and state not in states:
                states.append(state)
        first, last = doc[covered[0]], doc[covered[-1]]
        out.append(Border(first.idx, last.idx + len(last.text), tuple(states), own))
    return out


def _capitalised(token: Any) -> bool:
    return token.text[:1].isupper() and token.is_alpha or (token.text[:1].isupper() and "-" in token.text)


def _text(tokens: list[Any]) -> str:
    return doc_text(tokens[0].doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
