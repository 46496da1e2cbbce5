"""Shared fixtures: tiny, hermetic, and no model unless a test asks for one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.extract import NlpExtractor
from armswatch.settings import Settings
from armswatch.store import Store
from .store.targets import PG_ENV, DbTarget, DbTargets, check_postgres, mark_store_tests

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
DEV = SHARED_EVAL / "dev"


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The structures resolve/cache.py keeps between runs go to a folder of this session,
    never to the user's cache (subprocesses inherit the variable)."""
    folder = tmp_path_factory.mktemp("armswatch-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_CACHE_DIR", str(folder))
        yield folder


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
def store(db_target: DbTarget) -> Iterator[Store]:
    with Store.open(db_target()) as db:
        yield db


@pytest.fixture(scope="session")
def db_targets() -> Iterator[DbTargets]:
    """Fresh databases for a whole session (see tests/store/targets.py)."""
    targets = DbTargets(os.environ.get(PG_ENV) or None)
    yield targets
    targets.drop_all()


@pytest.fixture
def db_target(db_targets: DbTargets, tmp_path: Path) -> DbTarget:
    """`db_target(name="test")`: a database for this test, empty when first named: a SQLite
    file in tmp_path, or a PostgreSQL schema (a URL) when $ARMSWATCH_TEST_POSTGRES is set.
    The same name in the same test is the same database."""
    made: dict[str, str | Path] = {}

    def target(name: str = "test") -> str | Path:
        if name not in made:
            made[name] = db_targets.new(tmp_path, name)
        return made[name]

    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "uses_store: reaches a store through db_target or store (set here)")
    config.addinivalue_line("markers", "sqlite_only(reason): SQLite by nature (a file, WAL, datasette): skipped on PostgreSQL")


def pytest_sessionstart(session: pytest.Session) -> None:
    check_postgres(os.environ.get(PG_ENV) or None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_store_tests(items, postgres=bool(os.environ.get(PG_ENV)))


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
