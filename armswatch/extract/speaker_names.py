"""People's names in a parsed text: a PERSON entity with the name parts the tagger left out,
without titles, possessives or section headings glued to it (speakers.py)."""

from __future__ import annotations

import re
from typing import Any

from ._spacy import doc_ents
from .stance import cue_set

_HEADINGS = cue_set("speakers_extra", "headings")
_TITLES = re.compile(r"^(?:(?:MEP|MP|Mr|Mrs|Ms|Dr|Sen|Senator|Rep|President|Prime Minister|Minister|General|Gen|Col|Admiral|Adm)\.?\s+)+")


def proper_name(token: Any, actors: dict[int, str]) -> str | None:
    """"the Ecuadorian president, Jaime Roldos,": a two- or three-word proper name set beside a
    role names a person even when the tagger calls it an organisation."""
    words = [t for t in token.subtree if t.i <= token.i]
    if token.i in actors or not 2 <= len(words) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
        return None
    return " ".join(t.text for t in words)


def person_at(doc: Any, token: Any) -> str | None:
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.start <= token.i < _person_end(doc, ent):
            name = clean_name(person_text(doc, ent))
            return name or None
    return None


def person_text(doc: Any, ent: Any) -> str:
    """A PERSON entity with the name parts the tagger left out ("Yoon Suk" + "Yeol")."""
    return doc[ent.start:_person_end(doc, ent)].text


def _person_end(doc: Any, ent: Any) -> int:
    end = ent.end
    while (end < len(doc) and end - ent.start < 5 and doc[end].pos_ == "PROPN" and not doc[end].ent_type_
           and doc[end].text[:1].isupper() and doc[end].text.isalpha() and not doc[end].text.isupper()):
        end += 1
    if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
            and doc[end + 1].is_alpha):
        end += 2  # "Jae" + "-" + "in": a hyphenated given name the tagger cut at its hyphen
    return end


def clean_name(text: str) -> str:
    """A person's name without a possessive, a leading title or a section heading glued to it
    ("MEP Urmas Paet" → "Urmas Paet", "Background Khrushchev" → "Khrushchev")."""
    name = re.sub(r"[’']s$", "", text.strip()).strip()
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(":") in _HEADINGS:
        words = words[1:]
    name = " ".join(words)
    return _TITLES.sub("", name) or name


def nearest_person_before(doc: Any, token: Any) -> str | None:
    """The last person named before `token` (within the last few sentences)."""
    best = None
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.end <= token.i and token.idx - ent.start_char < 1500:
            best = person_text(doc, ent)
    return clean_name(best) if best else None


def person_within(doc: Any, token: Any) -> str | None:
    """A named person inside a longer subject ("lecturer Soli Ozel of Istanbul's Kadir Has")."""
    left = {t.i for t in token.subtree if t.i <= token.i}
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and any(t.i in left for t in ent):
            return clean_name(person_text(doc, ent))
    return None
