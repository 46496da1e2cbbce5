"""Official statements stored with YAML front matter and a markdown body (issue 9), and
section headings in narratives. Every fixture here was written for these tests."""

from __future__ import annotations

import pytest

from armswatch.clean import clean_document, to_source
from armswatch.clean.frontmatter import read_front_matter
from armswatch.clean.text import split_units
from armswatch.extract import NlpExtractor
from armswatch.models import SourceDoc

from .test_offsets import check_round_trip

STATEMENT = """---
date: '2031-05-14'
published_time: 2031-05-14 10:02:11-04:00
source_url: https://gov.example/briefing/statements/2031/05/14/joint-statement/
tags: statements-releases
title: "Joint Statement by the Leaders of Northland and Southmark on Air\\
  \\ Defense Cooperation \\u2013 Phase\\_Two"
---

# Joint Statement by the Leaders of Northland and Southmark

The leaders of **Northland** and *Southmark* met on the 14<sup>th</sup> of May
to review their air defense cooperation. They welcomed the delivery of the
[second interceptor battery](https://gov.example/fact-sheet) to the eastern
region &amp; agreed to expand training.

## Commitments

- Northland will provide two additional radar units.
- Southmark will host a joint training center.

> We will not waver, the leaders said.

* * *

\\###
"""

NARRATIVE = """CASE 901

HARBOUR QUARANTINE

Background:

The crisis over the harbour began on 3 March 1961 and ended on 9 June 1961.

Background The two states had disputed the channel since the armistice, and patrols had clashed twice.

Pre-crisis In the spring the navy announced exercises near the channel and moved two missile boats.

Crisis The blockade began when the coast guard stopped a freighter carrying radar parts.
"""


def doc(text: str, location: str = "statement.txt") -> SourceDoc:
    return SourceDoc("file:///" + location, location, "text", text.encode(), text, "utf-8", "h")


def test_front_matter_values_are_read() -> None:
    front = read_front_matter(STATEMENT)
    assert front is not None and STATEMENT[front.end :].startswith("\n# Joint")
    assert front.values["title"] == (
        "Joint Statement by the Leaders of Northland and Southmark on Air Defense Cooperation – Phase\xa0Two"
    )
    assert front.values["date"] == "2031-05-14" and front.values["tags"] == "statements-releases"


def test_not_front_matter_when_no_keys_or_no_closing_line() -> None:
    assert read_front_matter("---\nThe minister spoke at length about the talks.\n---\nBody.") is None
    assert read_front_matter("---\ntitle: x\nno closing line\n") is None
    assert read_front_matter("title: x\n---\n") is None


def test_statement_metadata_comes_from_the_front_matter() -> None:
    meta = clean_document(doc(STATEMENT)).metadata
    assert meta.title and meta.title.startswith("Joint Statement by the Leaders of Northland")
    assert meta.published == "2031-05-14" and meta.published_from == "meta"
    assert meta.url == "https://gov.example/briefing/statements/2031/05/14/joint-statement/"


def test_statement_body_has_no_front_matter_and_no_markup() -> None:
    cleaned = clean_document(doc(STATEMENT))
    body = cleaned.body
    assert "title:" not in body and "source_url" not in body and "---" not in body
    for markup in ("#", "**", "*Southmark*", "](", "<sup>", "&amp;", "- Northland", "> We", "* * *"):
        assert markup not in body, markup
    assert "The leaders of Northland and Southmark met on the 14th of May" in body
    assert "of the\nsecond interceptor battery to the eastern\nregion & agreed" in body
    assert "Commitments" in body and "Northland will provide two additional radar units." in body
    assert "We will not waver, the leaders said." in body
    # the headline repeated as a markdown heading is the title, not body
    assert not body.startswith("Joint Statement")
    assert any(r.kind == "front_matter" and r.start == 0 for r in cleaned.removed)


def test_statement_body_round_trips_to_the_source() -> None:
    cleaned = clean_document(doc(STATEMENT))
    mapped = check_round_trip(cleaned.body, cleaned.runs, STATEMENT)
    assert mapped >= len(cleaned.body) - cleaned.body.count("\n\n") * 2
    bold = cleaned.body.index("Northland and")
    where = to_source(cleaned.runs, bold)
    assert where is not None and STATEMENT[where - 2 : where] == "**"
    link = cleaned.body.index("second interceptor")
    where = to_source(cleaned.runs, link)
    assert where is not None and STATEMENT[where - 1] == "["


def test_markdown_heading_is_its_own_unit() -> None:
    cleaned = clean_document(doc(STATEMENT))
    assert "\n\nCommitments\n\n" in cleaned.body


def test_hard_wrapped_paragraph_is_joined_even_before_a_capitalised_word() -> None:
    text = (
        "The ministers agreed to provide the partner with additional systems, including\n"
        "Patriot batteries donated by three states and radar components donated by\n"
        "Northland. These systems will help protect cities, civilians and soldiers, and\n"
        "the partners are coordinating closely with the government on the deliveries.\n"
        "\n"
        "Short closing line.\n"
    )
    units = split_units(text)
    assert len(units) == 2
    assert units[0].text.endswith("on the deliveries.") and "including\nPatriot" in units[0].text


def test_page_capture_lines_are_not_joined() -> None:
    text = (
        "Launch reported off the east coast as the talks in the capital stall again\n"
        "SEOUL, May 4 (Test Wire) — North Korea fired a missile into the sea on Sunday.\n"
        "Japan said the missile fell outside its exclusive economic zone on the day.\n"
    )
    assert len(split_units(text)) == 3


def test_narrative_headings_are_separate_from_their_paragraphs() -> None:
    cleaned = clean_document(doc(NARRATIVE, "case.txt"))
    body = cleaned.body
    assert cleaned.metadata.title == "HARBOUR QUARANTINE"
    assert body.startswith("Background:\n\nThe crisis over the harbour")
    for heading, sentence in (("Background", "The two states"), ("Pre-crisis", "In the spring"), ("Crisis", "The blockade")):
        assert f"\n\n{heading}\n\n{sentence}" in body, heading
    check_round_trip(body, cleaned.runs, NARRATIVE)


def test_glued_section_words_are_left_alone_without_section_layout() -> None:
    text = "Crisis Group analysts said the two navies had avoided contact for a month near the channel.\n"
    assert clean_document(doc(text)).body == text.strip()


@pytest.mark.parametrize("heading", ["Background:", "Pre-crisis"])
def test_heading_is_its_own_sentence_with_the_real_model(heading: str, model_extractor: NlpExtractor) -> None:
    body = f"{heading}\n\nThe coast guard stopped a freighter carrying radar parts near the channel."
    [annotations] = list(model_extractor.pipe([body]))
    sentences = [m.text.strip() for m in annotations.mentions if m.kind == "sentence"]
    assert sentences[0] == heading
    assert sentences[1].startswith("The coast guard")
