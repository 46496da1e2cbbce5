"""Browser tests: the web pages in Debian's chromium, driven by Playwright (no browser download).

The app runs under uvicorn on 127.0.0.1 (a free port) in a thread, over a store filled by
ingesting the invented articles below with the real English model. Without chromium the
tests skip with one line, except under CI, where they fail.
"""

from __future__ import annotations

import contextlib

import json
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.serve import create_app
from armswatch.settings import Settings
from armswatch.store import Store
from ..store.targets import DbTargets

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Screenshots go to a scratch folder, so that a test run leaves the checkout as it found it;
# `ARMSWATCH_SCREENSHOTS=docs/img make test` refreshes the README's pictures.
SHOTS = Path(os.environ.get("ARMSWATCH_SCREENSHOTS") or Path(tempfile.gettempdir()) / "armswatch-screenshots").resolve()

# Payloads that set window.__pwned or open a dialog if anything runs them.
SCRIPT = "<script>window.__pwned='script';alert('script')</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
SVG = "<svg onload=\"window.__pwned='svg';alert('svg')\"><script>window.__pwned='svg-script'</script></svg>"
LINK = "<a href=\"javascript:window.__pwned='href'\">more</a>"
HOSTILE_TITLE = f"{SCRIPT}{IMG} Launchers seen near the border"

# (url, published, title, text): invented for these tests.
ARTICLES = [
    ("https://alpha.example.org/1", "2024-02-05", "Missiles moved to the exclave",
     "Russia has deployed Iskander-M missiles to Kaliningrad, the defence ministry said on Monday. "
     "The brigade arrived by rail over the weekend."),
    ("https://beta.example.org/2", "2024-05-10", "Air defence units arrive",
     "Russia deployed S-400 air defence systems near Pskov, two officials said on Friday."),
    ("https://gamma.example.org/3", "2024-06-01", "Patriot batteries reach the airport",
     "The United States has deployed Patriot batteries in Rzeszow, the Pentagon said on Saturday."),
    ("https://delta.example.org/4", "2024-07-12", "Washington and Moscow trade charges",
     "The State Department accused Russia of deploying the 9M729 cruise missile in violation of the INF Treaty. "
     "The Kremlin denied the accusation, calling it false."),
    ("https://epsilon.example.org/5", "2024-09-03", "Report on new launchers",
     "China has deployed DF-26 missiles near Korla, the newspaper reported, citing two intelligence officials. "
     "Beijing denied the report on Tuesday."),
    ("javascript:window.__pwned='url'", "2024-08-20", HOSTILE_TITLE,
     f"Russia has moved S-400 launchers to Pskov {SCRIPT}, a regional official said. "
     f"A spokesman for {SVG} the ministry said {IMG} the move was routine. {LINK}"),
]


def chromium_executable() -> str:
    """Debian's chromium; a one-line skip when it is missing, a failure under CI."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        reason = "chromium is not installed (make test installs it with apt-get as root)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, db_targets: DbTargets, model_extractor: NlpExtractor) -> str | Path:
    folder = tmp_path_factory.mktemp("web")
    lines = [json.dumps({"url": u, "published": p, "title": t, "text": x}) for u, p, t, x in ARTICLES]
    (folder / "web.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = db_targets.new(folder, "web")
    with Store.open(db) as store:
        ingest([folder / "web.jsonl"], store, settings=Settings(), extractor=model_extractor)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over `db` under uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[str]:
    """The app under uvicorn over the web store; yields its base URL."""
    with serving(web_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - test.lock pins it
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed (make test installs it)")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


class Watched:
    """A page with everything that would show a script ran: dialogs, console output, and
    every request (all must go to the app)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page_errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    page = browser_context.new_page()
    yield Watched(page)
    page.close()
