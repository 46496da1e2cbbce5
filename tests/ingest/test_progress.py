"""The progress output is finished before the summary prints (issue 8, part 5)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.cli._ingest import progress_reporter

from ..conftest import WIRE, write
from ..store.targets import DbTarget


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_summary_starts_after_a_finished_progress_line(db_target: DbTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    write(tmp_path / "in" / "a.txt", WIRE)
    write(tmp_path / "in" / "b.txt", WIRE.replace("Sunday", "Monday"))
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db_target("t")), str(tmp_path / "in"), str(tmp_path / "nope")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    progress = [i for i, line in enumerate(lines) if "files read" in line]
    summary = next(i for i, line in enumerate(lines) if line.startswith("new: "))
    assert progress and progress[-1] < summary
    assert lines[progress[-1]] == "ingest: 3/3 files read"  # the missing path counts as done too
    assert all("ingest:" not in line for line in lines[summary:])
    assert result.output.endswith("systems show NAME\n")


def test_terminal_bar_ends_its_line() -> None:
    terminal = FakeTerminal()
    with progress_reporter(3, terminal, bar=True) as progress:
        for name in ("a", "b", "c"):
            progress(name)
    written = terminal.getvalue()
    assert "ingesting" in written and written.endswith("\n")


def test_bar_line_is_ended_even_when_the_run_stops_early() -> None:
    terminal = FakeTerminal()
    with pytest.raises(KeyboardInterrupt):
        with progress_reporter(5, terminal, bar=True) as progress:
            progress("a")
            raise KeyboardInterrupt
    assert terminal.getvalue().endswith("\n")


def test_log_lines_every_hundred_files_and_at_the_end() -> None:
    stream = io.StringIO()
    with progress_reporter(250, stream, bar=False) as progress:
        for i in range(250):
            progress(str(i))
    assert stream.getvalue().splitlines() == [
        "ingest: 100/250 files read", "ingest: 200/250 files read", "ingest: 250/250 files read"
    ]
