"""The claim record and the small text helpers that every claim pattern shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .stance import Modality

EXTRACTOR = "claims.rules.v1"
_QUOTE_PAIRS = (("“", "”"), ('"', '"'))


@dataclass(frozen=True)
class Claim:
    speaker: str  # a person's full name, a KB actor id ("RU", "nato"), or the words used
    speaker_kind: str  # person | actor | unresolved
    speaker_text: str  # the words in the body
    cue: str
    stance: str
    stance_evidence: str
    content: str
    start: int  # content span in the body
    end: int
    target: str | None
    about: tuple[str, ...]
    cited: tuple[str, ...]  # speaker → cites → ... chain (the cited sources, in order)
    modality: Modality
    evidence: tuple[tuple[int, int], ...] = ()
    answers: int | None = None  # a denial: the start offset of the accusation it answers
    extractor: str = EXTRACTOR

    def key(self) -> tuple[str, str, str]:
        return (self.speaker, self.stance, norm(self.content)[:80])


def about(doc: Any, start: int, end: int) -> tuple[str, ...]:
    """The systems and treaties named in [start, end)."""
    found = [f.id for f in doc._.kb_found if f.kind in ("system", "treaty") and start <= f.start < end]
    return tuple(dict.fromkeys(found))


def norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches; a quote opened and not closed in its paragraph runs on (news style)."""
    spans = []
    for opening, closing in _QUOTE_PAIRS:
        position = 0
        while True:
            start = text.find(opening, position)
            if start < 0:
                break
            end = text.find(closing, start + 1)
            if end < 0:
                break
            spans.append((start + 1, end))
            position = end + 1
    return sorted(spans)


def quote_in(sent: Any, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    for start, end in quotes:
        if start < sent.end_char + 200 and end > sent.start_char - 5:
            return start, end
    return None
