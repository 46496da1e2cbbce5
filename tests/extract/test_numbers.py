"""Numbers as writers write them (extract/numbers.py), on sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from armswatch.extract.numbers import can_start_number, read_number

NLP = spacy.blank("en")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("64 launchers", 64),
        ("1,500 rockets", 1500),
        ("2.5 million shells", 2_500_000),
        ("sixteen batteries", 16),
        ("twenty-four missiles", 24),
        ("two hundred and fifty drones", 250),
        ("a dozen interceptors", 12),
        ("half a dozen launchers", 6),
        ("two dozen systems", 24),
        ("three thousand rounds", 3000),
    ],
)
def test_reads_the_number_at_the_start(text: str, value: int) -> None:
    doc = NLP(text)
    read = read_number(doc, 0, len(doc))
    assert read is not None and read[0] == value
    assert doc[read[1]].text == text.split()[-1]  # stops before the unit noun


@pytest.mark.parametrize("text", ["several launchers", "the third squadron", "dozens of drones"])
def test_vague_amounts_and_ordinals_are_not_numbers(text: str) -> None:
    doc = NLP(text)
    assert read_number(doc, 0, len(doc)) is None
    assert not can_start_number(doc[0].lower_)
