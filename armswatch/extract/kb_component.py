"""A spaCy component that runs the knowledge-base gazetteer before the statistical NER.

Found names become preset entities (WEAPON, LAW, GPE, ORG, FAC) that spaCy's `ner`
respects, so "Iskander" is a weapon rather than a person, and the matches themselves
are kept on `doc._.kb_found` for the store. Importing this module registers the
factory; it is imported only when a pipeline is loaded.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..kb import KnowledgeBase, load_kb
from ..kb.gazetteer import Found, gazetteer_for
from ..kb.names import heading_pattern
from ._spacy import doc_text
from .gate import take_scan

COMPONENT = "armswatch_kb"
_LABELS = {"system": "WEAPON", "treaty": "LAW", "site": "FAC"}

if not Doc.has_extension("kb_found"):
    Doc.set_extension("kb_found", default=())


def entity_label(found: Found, kb: KnowledgeBase) -> str:
    if found.kind == "actor":
        actor = kb.actors[found.id]
        return "GPE" if actor.actor_kind == "state" else "ORG"
    return _LABELS[found.kind]


class KbRecognizer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.gazetteer = gazetteer_for(kb)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = take_scan(text, self.gazetteer)  # the relevance gate scanned this body already
        if found is None:
            found = tuple(self.gazetteer.find(text))
        doc._.kb_found = found
        spans = []
        for item in found:
            span = doc.char_span(item.start, item.end, label=entity_label(item, self.kb), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        ents = filter_spans(list(doc.ents) + spans)
        doc.set_ents(ents, blocked=_heading_spans(doc, text, ents), default="unmodified")
        return doc


def _heading_spans(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    """Section headings ("Background:", "Background and Pre-crisis" run into a paragraph):
    spaCy's `ner` may not make them, or any part of them, an entity."""
    blocked = []
    for match in heading_pattern().finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if span is not None and len(span) and not any(e.start < span.end and span.start < e.end for e in ents):
            blocked.append(span)
    return blocked


@Language.factory(COMPONENT)
def make_kb_recognizer(nlp: Language, name: str) -> Any:
    return KbRecognizer(load_kb())


PLACES_COMPONENT = "armswatch_places"
# Entity labels under which a city name is still read as a place. PERSON and ORG are
# spaCy's word that the name is someone or something else ("Jackson", "Moscow Times").
_KEEP_LABELS = {"GPE", "LOC"}
_YIELD_TO = {"PERSON", "ORG", "NORP"}
_LOCATIVES = {"in", "at", "near", "from", "into", "outside"}


if not Doc.has_extension("places_found"):
    Doc.set_extension("places_found", default=())


class PlaceRecognizer:
    """After spaCy's `ner`: city names from GeoNames become GPE entities where spaCy
    missed them or gave them a non-place label, and are kept on `doc._.places_found`."""

    def __init__(self) -> None:
        from ..kb.places import place_gazetteer

        self.gazetteer = place_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        kb_spans = [(f.start, f.end) for f in doc._.kb_found]
        kept = []
        new_ents = []
        for found in self.gazetteer.find(doc_text(doc)):
            if any(s < found.end and found.start < e for s, e in kb_spans):
                continue  # the knowledge base named it already (a site, a state)
            overlapping = [ent for ent in doc.ents if ent.start_char < found.end and found.start < ent.end_char]
            before = doc_text(doc)[max(0, found.start - 6) : found.start].lower().split()
            after_locative = bool(before) and before[-1] in _LOCATIVES  # "in Kovrov" is a place, whatever NER says
            if any(ent.label_ in _YIELD_TO for ent in overlapping) and not after_locative:
                continue
            kept.append(found)
            if not any(ent.label_ in _KEEP_LABELS for ent in overlapping):
                span = doc.char_span(found.start, found.end, label="GPE", alignment_mode="expand")
                if span is not None:
                    new_ents.append(span)
        doc._.places_found = tuple(kept)
        if new_ents:
            others = [ent for ent in doc.ents if not any(ent.start < n.end and n.start < ent.end for n in new_ents)]
            doc.set_ents(filter_spans(others + new_ents))
        return doc


@Language.factory(PLACES_COMPONENT)
def make_place_recognizer(nlp: Language, name: str) -> Any:
    return PlaceRecognizer()
