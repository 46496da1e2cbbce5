"""Fixtures shared by the claim and treaty-action tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import Claim, extract_claims
from armswatch.extract.treaty_actions import extract_treaty_actions


@pytest.fixture(scope="module")
def claims_of(model_extractor: NlpExtractor) -> Any:
    """Claims the rules read in a text (and an optional statement title) under the real model
    (the trained filter on top of them, claim_scorer.py, has its own tests)."""

    def run(text: str, title: str | None = None) -> list[Claim]:
        return extract_claims(model_extractor.nlp(text), title=title, method="rules")

    return run


@pytest.fixture(scope="module")
def acts(model_extractor: NlpExtractor) -> Any:
    """Treaty actions of a text, as (treaty, party, action, date), under the real model."""

    def read(text: str, published: str | None = None) -> set[tuple[str, str, str, str | None]]:
        doc = model_extractor.nlp(text)
        found = extract_treaty_actions(doc, extract_claims(doc), published=published)
        return {(a.treaty, a.party, a.action, a.date) for a in found}

    return read


def pairs(claims: list[Claim]) -> set[tuple[str, str]]:
    return {(c.speaker, c.stance) for c in claims}
