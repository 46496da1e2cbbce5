"""People and their states in a statement's title and opening: "Statement from President X Ahead
of ...", "Readout of National Security Advisor X's Call", "President of France X", "ROK National
Security Advisor X" (claim_patterns.py). Title words are in claim_cues.toml [statements]."""

from __future__ import annotations

import re
from typing import Any

from ..kb.gazetteer import find_names
from .stance import cues

_PERSON_TITLE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(t) for t in cues()["statements"]["person_titles"]), key=len, reverse=True)) + r")"
    r"[\s\xa0]+((?:[A-Z][\w.’'-]*[\s\xa0]+){0,3}[A-Z][\w’'-]+)"
)
_PERSON_TITLE_OF = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(t) for t in cues()["statements"]["person_titles"]), key=len, reverse=True)) + r")"
    r"[\s\xa0]+of[\s\xa0]+"
)
_NAME_STOPS = frozenset(cues()["statements"]["name_stops"])
_ONE_WORD_TITLES = frozenset(t for t in cues()["statements"]["person_titles"] if " " not in t)


def _state_just_before(doc: Any, offset: int, actors: dict[int, str]) -> str | None:
    """"ROK National Security Advisor X": the state written just before a person's title."""
    index = next((t.i for t in doc if t.idx >= offset), 0)
    while index > 0 and doc[index - 1].is_space:
        index -= 1
    if not index:
        return None
    before = doc[index - 1]
    return actors.get(before.i) if before.i in actors and not before.is_punct else None


def _state_in(span: Any, actors: dict[int, str]) -> str | None:
    """"President X of A and ...": the state of a person's phrase, before a comma or "and" ends it."""
    for token in span:
        if token.text == "," or token.lower_ == "and":
            return None
        if token.i in actors:
            return actors[token.i]
    return None


def _title_people(title: str | None) -> list[str]:
    return [name for name, _ in _title_people_at(title)]


def _title_people_at(title: str | None, kb: Any = None) -> list[tuple[str, int]]:
    """People a title names after their office: "President X", "X's Call" (X), and, given the
    knowledge base, "Chancellor of Germany X" (the place skipped)."""
    if not title:
        return []
    out = []
    for match in _PERSON_TITLE.finditer(title):
        name = _clean_title_name(match.group(1))
        if name:
            out.append((name, match.start()))
    if kb is not None:
        for match in _PERSON_TITLE_OF.finditer(title):
            name = _after_place(title[match.end():], kb)
            if name and not any(name == n for n, _ in out):
                out.append((name, match.start()))
    return sorted(out, key=lambda pair: pair[1])


def _clean_title_name(raw: str) -> str | None:
    """"Joe Biden Ahead" → "Joe Biden", "Jake Sullivan’s Call" → "Jake Sullivan"."""
    name = re.sub(r"[\s\xa0]+", " ", raw).strip()
    name = re.sub(r"[’']s\b.*$", "", name)
    words = name.split()
    while len(words) > 1 and words[0] in _ONE_WORD_TITLES:
        words = words[1:]  # "NSC Spokesperson Adrienne Watson": the second title is no part of the name
    cut = next((i for i, w in enumerate(words) if i > 0 and w.rstrip(".") in _NAME_STOPS), len(words))
    name = " ".join(words[:cut])
    return name if len(name) > 2 else None


def _after_place(rest: str, kb: Any) -> str | None:
    """The name after "of <place>" in "Prime Minister of the United Kingdom and Northern Ireland X"."""
    segment = re.split(r",|\s+(?:on|regarding|about|to|at|in)\s", rest, maxsplit=1)[0]
    places = [f for f in find_names(segment, kb) if f.kind in ("actor", "region")]
    if not places:
        return None
    end = places[0].end
    for place in places[1:]:  # "the United Kingdom and Northern Ireland": one place
        if re.fullmatch(r"[\s\xa0]*(?:(?:and|of|the|Northern|Southern|Eastern|Western)[\s\xa0]+)*", segment[end:place.start]):
            end = place.end
        else:
            break
    tail = segment[end:]
    match = re.match(r"[\s\xa0]+((?:[A-Z][\w.’'-]*[\s\xa0]+){0,3}[A-Z][\w’'-]+)", tail)
    return _clean_title_name(match.group(1)) if match else None


def _state_before(title: str, position: int, kb: Any) -> str | None:
    """The state named just before a title: "U.S. President", "German Chancellor"."""
    before = title[max(0, position - 25):position]
    found = [f for f in find_names(before, kb) if f.kind == "actor"]
    return (kb.state_of(found[-1].id) or found[-1].id) if found else None


def _state_after(title: str, position: int, kb: Any) -> str | None:
    """The state of "President of France X": the first one named after the office."""
    match = _PERSON_TITLE_OF.match(title, position)
    if match is None:
        return None
    found = [f for f in find_names(re.split(r",", title[match.end():], maxsplit=1)[0], kb) if f.kind == "actor"]
    return (kb.state_of(found[0].id) or found[0].id) if found else None
