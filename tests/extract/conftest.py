"""Fixtures shared by the claim tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import Claim, extract_claims


@pytest.fixture(scope="module")
def claims_of(model_extractor: NlpExtractor) -> Any:
    """Claims of a text (and an optional statement title) under the real model."""

    def run(text: str, title: str | None = None) -> list[Claim]:
        return extract_claims(model_extractor.nlp(text), title=title)

    return run


def pairs(claims: list[Claim]) -> set[tuple[str, str]]:
    return {(c.speaker, c.stance) for c in claims}
