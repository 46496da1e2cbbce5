"""Paragraph breaks are sentence breaks.

The cleaner joins the units of a body (paragraphs, section headings) with a blank
line. No sentence runs across one, but spaCy's parser will happily glue a heading
("Background:", "Pre-crisis") onto the paragraph under it, and the heading then reads
as part of a name or a subject. This component, placed before the parser, starts a
sentence at the first token after every blank line; the parser keeps preset starts.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

PARAGRAPH_COMPONENT = "armswatch_paragraphs"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_breaks(doc: Any) -> Any:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
