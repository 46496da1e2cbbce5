"""Press briefings and background calls: who speaks each turn of a transcript.

- "Q" turns are reporters' questions: never claims.
- "MS. SMITH:", "ADMIRAL KIRBY:", "SECRETARY BLINKEN:": the named briefer (full name from the
  title or the body).
- "THE PRESIDENT:", "THE VICE PRESIDENT:": the holder of that office of the transcript's
  government on its date (office_holders.py), else the title's person.
- "SENIOR ADMINISTRATION OFFICIAL:": an unnamed official speaks for the government (as a
  state), the state of the first office-holder the title or the body names.
- "MODERATOR:", "AUDIENCE:": neither questions nor statements.
- A briefer's "I'm not going to comment on ..." is a refusal to comment when the sentence, or
  the question before it, is about a subject of the schema (a weapon, a treaty; the words in
  claim_cues.toml [briefing]).
Labels are all-capital words before a colon at the start of a line.
"""

from __future__ import annotations

import re
from typing import Any

from ._spacy import doc_text
from .office_holders import holder_named, office_holder
from .speakers import Speakers
from .stance import cues

_CUES = cues()["briefing"]
_LABEL_TITLES = "|".join(_CUES["label_titles"])
_BRIEFING_LABEL = re.compile(
    r"(?m)^[ \t\xa0]*(?:(Q)(?=[\s\xa0:.])[:.]?|(?!TO[ \t])([A-Z][A-Z’'.-]*(?:[ \t\xa0]+[A-Z][A-Z’'.-]*){0,5})[ \t\xa0]*:)"
)
_ANONYMOUS = frozenset(_CUES["anonymous"])
_PROCEDURAL = frozenset(_CUES["procedural"])
_OFFICE_LABELS = {" ".join(o.split()) for o in _CUES["offices"]}
_DECLINE = re.compile(r"\b(?:" + "|".join(_CUES["decline_patterns"]) + ")", re.I)
_TOPICS = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _CUES["topics"]) + r")\b", re.I)

_TITLED = re.compile(r"\b(?:President|Prime Minister|Chancellor|Secretary|Vice President)[\s\xa0]+([A-Z][\w’'-]+)")
_HOME_REACH = 6000  # characters of the body searched for the government's office-holders
Turn = tuple[int, int, str, str]  # start, end, speaker, kind ("person" or "actor")


def briefing_turns(doc: Any, speakers: Speakers, title_people: list[str]) -> tuple[list[tuple[int, int]], list[Turn]]:
    """A transcript's question turns (spans) and answer turns (spans with the speaker).
    Only a text with a question turn, or two labelled turns of a known kind, is a transcript."""
    text = doc_text(doc)
    labels = [m for m in _BRIEFING_LABEL.finditer(text) if m.group(1) or _label_kind(m.group(2))]
    if not any(m.group(1) for m in labels) and len(labels) < 2:
        return [], []
    questions: list[tuple[int, int]] = []
    answers: list[Turn] = []
    home: list[str | None] = []
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        if match.group(1):
            questions.append((match.start(), end))
            continue
        kind = _label_kind(match.group(2))
        if kind == "procedural":
            continue
        if not home and kind in ("anonymous", "office"):
            home.append(_home_state(speakers, title_people, text))
        if kind == "anonymous":
            if home[0]:
                answers.append((match.end(), end, home[0], "actor"))
            continue
        name = _office_label(match.group(2), speakers, title_people, home[0]) if kind == "office" else None
        name = name or _briefer(match.group(2), speakers, title_people)
        if name:
            answers.append((match.end(), end, name, "person"))
    return questions, answers


def declines(sentence: str, question: str, about_schema: bool) -> bool:
    """A refusal to comment on a subject of the schema."""
    return bool(_DECLINE.search(sentence)) and (about_schema or bool(_TOPICS.search(sentence) or _TOPICS.search(question)))


def refusal(sentence: str) -> str | None:
    match = _DECLINE.search(sentence)
    return match.group(0) if match else None


def _label_kind(label: str | None) -> str | None:
    if not label:
        return None
    words = re.sub(r"[.’']", " ", label).split()
    if not words:
        return None
    if words[-1] in _ANONYMOUS:
        return "anonymous"
    if words[-1] in _PROCEDURAL:
        return "procedural"
    plain = " ".join(w for w in words if w != "THE")
    if plain in _OFFICE_LABELS:
        return "office"
    if words[0] in _CUES["label_titles"] and len(words) > 1:
        return "named"
    return None


def _home_state(speakers: Speakers, title_people: list[str], text: str) -> str | None:
    """The transcript's government: the state of the first office-holder the title or the body
    names ("President Biden will travel ...")."""
    titled = [m.group(1) for m in _TITLED.finditer(text[:_HOME_REACH])]
    for name in [*title_people, *titled, *speakers.people]:
        holder = holder_named(speakers.kb, name, speakers.date)
        if holder is not None:
            return speakers.kb.state_of(holder.state) or holder.state
    return None


def _office_label(label: str, speakers: Speakers, title_people: list[str], home: str | None) -> str | None:
    """"THE PRESIDENT" → the home state's president on the date; else the title's person."""
    office = " ".join(w for w in label.split() if w != "THE").lower()
    holder = office_holder(speakers.kb, office, home, speakers.date)
    if holder is not None:
        return holder.name
    return next(iter(title_people), None)


def _briefer(label: str, speakers: Speakers, title_people: list[str]) -> str | None:
    """"MS. SMITH" → "Jane Smith" (from the title or the body) or "Smith"."""
    words = re.sub(r"^(?:THE\s+)?(?:" + _LABEL_TITLES + r")\.?\s*", "", label.strip()).split()
    if not words:
        return None
    surname = "-".join(part.capitalize() for part in words[-1].split("-"))
    for person in title_people:
        if person.split()[-1].lower() == surname.lower():
            return person
    return speakers.full_name(surname)
