"""Docs drift: every setting and command is documented; the public API is honest."""

from __future__ import annotations

from pathlib import Path

import armswatch
from armswatch.cli import cli
from armswatch.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:600]
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented() -> None:
    for setting in SETTINGS:
        assert f"ARMSWATCH_{setting.name.upper()}" in README, setting.name


def test_every_command_is_documented() -> None:
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"armswatch {name}" in README, name


def test_exported_members_exist() -> None:
    for name in armswatch.__all__:
        assert hasattr(armswatch, name), name
