"""The lock files are complete, hash-pinned sets (issue 8): `scripts/check_lock.py`.

The install runs pip with `--no-deps --require-hashes`, so a requirement the locks do
not pin would be missing at run time rather than fetched. These tests show that the
check catches each way a lock can be incomplete, and that today's locks pass it.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from .conftest import REPO

_spec = importlib.util.spec_from_file_location("check_lock", REPO / "scripts" / "check_lock.py")
assert _spec and _spec.loader
check_lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_lock)

LOCKS = [REPO / "requirements" / name for name in ("pip.lock", "run.lock", "test.lock")]
HASH = "    --hash=sha256:" + "0" * 64


def test_todays_locks_are_complete() -> None:
    assert check_lock.check(LOCKS) == []


def test_makefile_installs_every_lock_without_resolving() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"PIP_INSTALL := .*--require-hashes --no-deps", makefile)
    for lock in ("pip.lock", "run.lock", "test.lock"):
        assert f"$(PIP_INSTALL) -r requirements/{lock}" in makefile
    assert "pip check" in makefile
    # pip is bootstrapped from its own lock before anything else is installed
    assert makefile.index("requirements/pip.lock") < makefile.index("requirements/run.lock")


def test_a_range_or_a_missing_hash_is_reported(tmp_path: Path) -> None:
    lock = tmp_path / "bad.lock"
    lock.write_text(f"click>=8.1 \\\n{HASH}\nspacy==3.8.18\n", encoding="utf-8")
    pins, problems = check_lock.read_lock(lock)
    assert pins == {"spacy": "3.8.18"}
    assert any("not pinned with ==: click>=8.1" in p for p in problems)
    assert any("spacy==3.8.18 has no hash" in p for p in problems)


def test_an_extra_whose_requirements_are_not_locked_is_reported(tmp_path: Path) -> None:
    """The failure of 2026-12: weasel needs smart-open[http], and the http extra needs
    requests. Take requests out of the run lock and the check must say so."""
    text = (REPO / "requirements" / "run.lock").read_text(encoding="utf-8")
    without = re.sub(r"(?ms)^requests==.*?(?=^\S)", "", text)
    assert without != text
    lock = tmp_path / "run.lock"
    lock.write_text(without, encoding="utf-8")
    problems = check_lock.check([LOCKS[0], lock, LOCKS[2]])
    assert any("smart-open[http] needs requests" in p for p in problems), problems


def test_two_pins_of_one_package_are_reported(tmp_path: Path) -> None:
    other = tmp_path / "other.lock"
    other.write_text(f"click==0.1 \\\n{HASH}\n", encoding="utf-8")
    problems = check_lock.check([*LOCKS, other])
    assert any("click pinned at 0.1" in p for p in problems)


def test_usage_without_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_lock.main([]) == 2
    assert "usage" in capsys.readouterr().err
