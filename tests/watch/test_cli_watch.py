"""`armswatch watch` from the command line, and SIGTERM on a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli

from .conftest import Site, page, rss
from ..store.targets import DbTarget

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def _loopback_env() -> dict[str, str]:
    """The environment for a watch under test: blank pipeline, and no proxy that could take
    a loopback request elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in _PROXY_VARIABLES}
    env.update(ARMSWATCH_NLP_MODEL="blank:en", no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost")
    return env


def _feed(site: Site, *paths: str) -> None:
    site.route("/feed", rss(site.base, *[(p, f"Story {p}", "Fri, 07 Mar 2025 10:00:00 GMT") for p in paths]),
               content_type="application/rss+xml", etag='"v1"')
    for p in paths:
        site.route(p, page(f"Story {p}", f"Officials said the exercise at site {p[-1]} ended on Friday."))


def test_watch_once_from_the_command_line(db_target: DbTarget, site: Site, tmp_path: Path) -> None:
    _feed(site, "/n/1", "/n/2")
    db, state = db_target("w"), tmp_path / "w.json"
    args = ["watch", site.url("/feed"), "--db", str(db), "--state", str(state), "--once", "--host-interval", "0",
            "--changes-jsonl", str(tmp_path / "c.jsonl"), "--filter-by", "Russia", "--json"]
    result = CliRunner().invoke(cli, args, env=_loopback_env())
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert (report["new"], report["fetched"], report["skipped"]) == (2, 3, [])
    assert "pass 1:" in result.stderr
    assert (tmp_path / "c.jsonl").read_text(encoding="utf-8") == ""  # subscribed, nothing changed
    again = CliRunner().invoke(cli, args, env=_loopback_env())
    assert json.loads(again.stdout)[0]["not_modified"] == 1 and site.hits("/n/1") == 1


def test_unknown_filter_names_are_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["watch", "http://127.0.0.1:9/feed", "--db", str(tmp_path / "w.db"),
                                      "--filter-system", "Nonexistent Missile 9", "--once"], env=_loopback_env())
    assert result.exit_code == 1 and "Nonexistent Missile 9" in result.output
    assert not (tmp_path / "w.db.watch.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_finishes_the_current_page_saves_the_state_and_exits_0(db_target: DbTarget, site: Site, tmp_path: Path) -> None:
    _feed(site, "/n/1", "/n/2", "/n/3")
    slow = page("Story /n/2", "Officials said the exercise at site 2 ended on Friday.").encode()
    site.route("/n/2", slow, drip=4.0 / len(slow))  # about four seconds to send
    state = tmp_path / "w.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "armswatch", "watch", site.url("/feed"), "--db", str(db_target("w")),
         "--state", str(state), "--interval", "60", "--host-interval", "0", "--timeout", "10"],
        env=_loopback_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while site.hits("/n/2") == 0 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert site.hits("/n/2") == 1, process.stderr.read().decode() if process.poll() is not None else "no request"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err.decode()
    saved = json.loads(state.read_text(encoding="utf-8"))
    # The page being read when the signal came was finished and stored; the next was not begun.
    assert set(saved["pages"]) == {site.url("/n/1"), site.url("/n/2")}
    assert site.hits("/n/3") == 0 and saved["sources"] == {}
    assert "stopped early" in err.decode()
