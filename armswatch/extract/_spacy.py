"""Cached views of a finished spaCy Doc.

`doc.ents` and `span.ents` rebuild every entity Span on each access (a pass over the
whole document); the extractors ask for them per sentence and per token. Once the
pipeline has run, entities no longer change, so they are computed once per doc.
Also two small readers of the dependency parse (`lem`, `kids`) the rule-based extractors share.
"""

from __future__ import annotations

from typing import Any

_KEY = "armswatch.ents"


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """The doc's entities, computed once (call only after the pipeline has finished)."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = tuple(doc.ents)
        doc.user_data[_KEY] = cached
    return cached


def ents_between(doc: Any, start: int, end: int) -> list[Any]:
    """Entities that lie within body offsets [start, end)."""
    return [ent for ent in doc_ents(doc) if start <= ent.start_char and ent.end_char <= end]


def doc_text(doc: Any) -> str:
    """The doc's text, computed once: spaCy's `doc.text` joins every token on each access."""
    cached = doc.user_data.get("armswatch.text")
    if cached is None:
        cached = doc.text
        doc.user_data["armswatch.text"] = cached
    return cached


def first_date(doc: Any, start: int, end: int, published: str | None) -> Any:
    """The first DATE entity in [start, end) that resolves against `published`
    (a `timex.NormalizedDate`), else None."""
    from .timex import normalize_date

    for ent in ents_between(doc, start, end):
        if ent.label_ == "DATE":
            resolved = normalize_date(ent.text, published)
            if resolved:
                return resolved
    return None


def lem(token: Any) -> str:
    """The token's lemma, lower-cased."""
    return str(token.lemma_).lower()


def kids(token: Any, *deps: str) -> list[Any]:
    """The token's children whose dependency label is one of `deps`, in text order."""
    return [c for c in token.children if c.dep_ in deps]
