"""A spaCy component that runs the knowledge-base gazetteer before the statistical NER.

Found names become preset entities (WEAPON, LAW, GPE, ORG, FAC) that spaCy's `ner`
respects, so "Iskander" is a weapon rather than a person, and the matches themselves
are kept on `doc._.kb_found` for the store. Importing this module registers the
factory; it is imported only when a pipeline is loaded.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..kb import KnowledgeBase, load_kb
from ..kb.gazetteer import Found, gazetteer_for

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
        found = self.gazetteer.find(doc.text)
        doc._.kb_found = tuple(found)
        spans = []
        for item in found:
            span = doc.char_span(item.start, item.end, label=entity_label(item, self.kb), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.set_ents(filter_spans(list(doc.ents) + spans), default="unmodified")
        return doc


@Language.factory(COMPONENT)
def make_kb_recognizer(nlp: Language, name: str) -> Any:
    return KbRecognizer(load_kb())
