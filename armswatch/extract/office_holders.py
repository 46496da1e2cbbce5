"""People behind roles: a state's office at a document's date resolves to the person who held
it (kb/data/office_holders.toml), and a surname to the full name of a holder of the time.

- "We, the leaders of A, B, and C": each state's leader on the statement's date;
- "the President of A and the Prime Minister of B": each office's holder;
- "President Yoon" in a 2023 statement: "Yoon Suk Yeol" (the family name first, as the holder
  writes it), "Donald J. Trump": "Donald Trump"; a name written as the text writes it is kept
  when it differs only in spacing or hyphens ("Lee Jae Myung").
The title words and group words are in claim_cues.toml [offices].
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any, TypeVar

from ..kb import KnowledgeBase
from ..kb.gazetteer import find_names
from ..kb.model import OfficeHolder
from .stance import cues

_C = TypeVar("_C")
_TITLES: dict[str, str] = cues()["offices"]["titles"]
_GROUPS: list[str] = cues()["offices"]["groups"]["leaders"]
_SUFFIXES = frozenset(cues()["offices"]["groups"]["suffixes"])
_TITLE_WORDS = "|".join(sorted((re.escape(t) for t in _TITLES), key=len, reverse=True))
_OFFICE_OF = re.compile(r"\b(?:the[\s\xa0]+)?(" + _TITLE_WORDS + r")[\s\xa0]+of[\s\xa0]+", re.I)
_GROUP_OF = re.compile(
    r"\b(?:the[\s\xa0]+)?(?:" + "|".join(re.escape(g) for g in sorted(_GROUPS, key=len, reverse=True)) + r")[\s\xa0]+of[\s\xa0]+", re.I
)
_TITLE_LEADERS = re.compile(r"\bleaders?[’']?\b", re.I)
# Between two states of one list: commas, "and", "the", a parenthesised short form.
_LIST_GAP = re.compile(r"(?:[\s\xa0,()]|\band\b|\bthe\b)*", re.I)


def name_words(name: str) -> list[str]:
    """Lower-case words of a name without accents, initials or suffixes."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w.strip(".,’'") for w in plain.replace("\xa0", " ").split()]
    return [w for w in words if w and w not in _SUFFIXES and not (len(w) == 1 or (len(w) == 2 and w.endswith(".")))]


def _key(words: list[str]) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(words))


@lru_cache(maxsize=8192)
def _forms(name: str) -> tuple[list[str], str, list[str]]:
    """A name's words, their key and the words sorted (held for the table's names and the
    text's, which come back sentence after sentence). Callers must not change the lists."""
    words = name_words(name)
    return words, _key(words), sorted(words)


def in_office(kb: KnowledgeBase, date: str | None) -> list[OfficeHolder]:
    """Holders in office on `date` (every holder when the date is unknown)."""
    if not date:
        return list(kb.office_holders)
    day = date[:10]
    return [h for h in kb.office_holders if h.start[:len(day)] <= day and (h.end is None or day < h.end[:len(day)])]


def holder_named(kb: KnowledgeBase, name: str, date: str | None) -> OfficeHolder | None:
    """The one holder in office on `date` that `name` names: the whole name (in any order,
    spacing or hyphenation), or a single word that is the first or last of the holder's name."""
    words, key, ordered = _forms(name)
    if not words:
        return None
    found: dict[str, OfficeHolder] = {}
    for holder in in_office(kb, date):
        theirs, their_key, their_order = _forms(holder.name)
        if key == their_key or ordered == their_order or (
            len(words) == 1 and words[0] in (theirs[0], theirs[-1], _key(theirs[1:]))
        ) or (len(words) > 1 and words[-1] == theirs[-1] and words[0][:1] == theirs[0][:1]):
            found.setdefault(holder.name, holder)
    return next(iter(found.values())) if len(found) == 1 else None


def canonical(kb: KnowledgeBase, name: str, date: str | None) -> str:
    """The holder's full name for a name the text gives, else the name as written."""
    holder = holder_named(kb, name, date)
    if holder is None:
        return name
    if _key(name_words(name)) == _key(name_words(holder.name)):
        return name  # "Lee Jae Myung" as the text spells "Lee Jae-myung"
    return holder.name


def _states_listed(text: str, kb: KnowledgeBase) -> list[str]:
    """The states of a list at the start of `text`: "Japan, the Republic of Korea (ROK), and the
    United States, convened ..." gives JP, KR, US."""
    states: list[str] = []
    position = 0
    for found in find_names(text[:400], kb):
        if found.kind != "actor" or found.start < position:
            continue
        if not _LIST_GAP.fullmatch(text[position:found.start]):
            break
        state = kb.state_of(found.id)
        if state is None:
            break
        if state not in states:
            states.append(state)
        position = found.end
    return states


def leaders_named(text: str, kb: KnowledgeBase, date: str | None) -> list[tuple[str, str | None]]:
    """(state, leader's name or None) for "the leaders of A, B and C" in `text`."""
    match = _GROUP_OF.search(text)
    if match is None:
        return []
    out = []
    for state in _states_listed(text[match.end():], kb):
        leader = kb.leader_of(state, date)
        out.append((state, leader.name if leader else None))
    return out


def leaders_of_states(states: list[str], kb: KnowledgeBase, date: str | None) -> list[tuple[str, str | None]]:
    out = []
    for state in states:
        leader = kb.leader_of(state, date)
        out.append((state, leader.name if leader else None))
    return out


def title_names_leaders(title: str | None) -> bool:
    """"U.S.-ROK Leaders' Joint Statement": the states of the title speak through their leaders."""
    return bool(title and _TITLE_LEADERS.search(title))


def offices_named(text: str, kb: KnowledgeBase, date: str | None) -> list[tuple[str, str]]:
    """(state, holder's name) for each "the President of A", "the Prime Minister of B" in `text`
    whose holder on `date` the table knows."""
    out = []
    for match in _OFFICE_OF.finditer(text):
        office = _TITLES[" ".join(match.group(1).lower().split())]
        states = _states_listed(text[match.end():], kb)
        holder = kb.holder_of(states[0], office, date) if states else None
        if holder is not None and (holder.state, holder.name) not in out:
            out.append((holder.state, holder.name))
    return out


def office_holder(kb: KnowledgeBase, title: str, state: str | None, date: str | None) -> OfficeHolder | None:
    """The holder of the office a title names ("Secretary of State", "National Security Advisor")
    for `state` on `date`."""
    office = _TITLES.get(" ".join(title.lower().split()))
    if office is None or state is None or not date:
        return None
    return kb.holder_of(state, office, date)


def family_name_last(kb: KnowledgeBase, name: str, date: str | None) -> str:
    """`name` with its family name last, as gold sets and readers match people: a holder of the
    time written family name first ("Kishida Fumio") or with a suffix ("Joseph R. Biden Jr.") is
    the table's name; anyone else loses the suffix only. Korean names, which the table writes
    family name first, stay as they are."""
    words = name.split()
    holder = holder_named(kb, name, date) if len(words) > 1 else None
    theirs = name_words(holder.name) if holder is not None else []
    if holder is not None and _key(name_words(name)) != _key(theirs) and name_words(words[-1]) != theirs[-1:]:
        return holder.name
    while len(words) > 2 and words[-1].strip(".,").lower() in _SUFFIXES:
        words = words[:-1]
    return " ".join(words).rstrip(",") if len(words) < len(name.split()) else name


def people_family_last(claims: list[_C], kb: KnowledgeBase, date: str | None) -> list[_C]:
    """Claims (records with `speaker` and `speaker_kind`) whose person speakers are written with
    the family name last (`family_name_last`)."""
    out = []
    for claim in claims:
        record: Any = claim
        if record.speaker_kind == "person":
            named = family_name_last(kb, record.speaker, date)
            if named != record.speaker:
                claim = replace(record, speaker=named)
        out.append(claim)
    return out
