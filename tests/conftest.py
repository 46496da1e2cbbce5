"""Shared fixtures: tiny, hermetic, and no model unless a test asks for one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.extract import NlpExtractor
from armswatch.settings import Settings
from armswatch.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
DEV = SHARED_EVAL / "dev"


@pytest.fixture
def settings() -> Settings:
    """Fast settings: a blank English pipeline (tokens and sentences, no entities). The
    relevance gate is off, so that every test text is extracted whatever its subject; the
    gate's own tests turn it on (tests/test_gate_store.py)."""
    return Settings(nlp_model="blank:en", batch_size=4, gate=False)


@pytest.fixture(scope="session")
def blank_extractor() -> NlpExtractor:
    return NlpExtractor("blank:en")


@pytest.fixture(scope="session")
def model_extractor() -> NlpExtractor:
    """The real English pipeline (installed from the pinned PyPI package)."""
    return NlpExtractor(Settings().nlp_model)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "test.db") as db:
        yield db


@pytest.fixture
def dev_folder() -> Path:
    if not (DEV / "gold.jsonl").is_file():
        pytest.skip("../shared/eval/dev is not beside this checkout")
    return DEV


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# A wire story written for these tests.
WIRE = (
    "Launch reported off the east coast\n\n"
    "SEOUL, May 4 (Test Wire) — North Korea fired a short-range ballistic missile into the sea on "
    "Sunday, the Joint Chiefs of Staff said, the third launch this month. The missile flew about 600 km.\n\n"
    "Japan's defence ministry said the missile fell outside its exclusive economic zone and that no "
    "damage had been reported to ships or aircraft in the area.\n"
)
