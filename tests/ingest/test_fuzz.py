"""Property tests: whatever bytes the readers get, the run never raises, every input is
stored or reported with a one-line reason, and the run reaches its summary."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.cli import cli
from armswatch.extract import NlpExtractor
from armswatch.models import IngestReport
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
SETTINGS = Settings(nlp_model="blank:en", batch_size=4, max_file_bytes=200_000)

# Pieces the generators put together: odd characters, escapes and markup.
ODD_CHARS = ["\x00", "\ud800", "\udfff", "\ufeff", "\u2028", "\x1b", "\x0b", "\x85", "\uffff", "é", "“", "\U0001f680"]
WORDS = ["The", "ministry", "said", "missiles", "were", "moved", "Iskander", "9M729", "on", "Monday", ".", "\n", "\n\n"]
text_piece = st.one_of(
    st.sampled_from(WORDS + ODD_CHARS),
    st.text(max_size=20),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=20),
)
texts = st.lists(text_piece, max_size=40).map(" ".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "url": st.one_of(texts, json_values),
        "title": st.one_of(texts, json_values),
        "published": st.one_of(st.sampled_from(["2021-02-03", "03 Feb 2021", "yesterday"]), json_values),
        "text": st.one_of(texts, json_values),
        "outlet": json_values,
    },
)


def _encode_record(value: dict[str, object], ascii_only: bool) -> bytes:
    line = json.dumps(value, ensure_ascii=ascii_only)  # ascii keeps lone surrogates as \\ud800 escapes
    return line.encode("utf-8", errors="surrogatepass")


jsonl_line = st.one_of(
    st.builds(_encode_record, record, st.booleans()),
    st.sampled_from([
        b"{not json", b"[1, 2, 3]", b'"just a string"', b"null", b"42", b"{}",
        b"[" * 3000 + b"]" * 3000, b'{"text": ' + b"9" * 5000 + b"}",
        b'{"text": "caf\xe9 latin-1 bytes in a line"}', b'{"text": "nul \x00 in raw bytes"}',
        b'{"text": "escaped \\u0000 nul and \\ud800 lone"}', b'{"text": "x", "title": "\\udc80"}',
        b"\xef\xbb\xbf" + b'{"text": "a BOM before the first record of the export"}',
        b'{"text": "' + b"word " * 50_000 + b'"}',  # over the per-line limit
    ]),
    st.binary(max_size=60),
)
html_piece = st.one_of(
    st.sampled_from([
        "<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<script>", "</script>", "<!--", "-->",
        "<![CDATA[", "]]>", "<!DOCTYPE html>", "&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&amp",
        "&nbsp;", "<br/>", "<a href='", "'>", "<meta property='og:title' content='", "<title>", "</title>",
        "<![if !IE]>", "<!X", "<?xml version='1.0'?>", "<table><tr><td>", "<p>" * 200, "</" * 50,
    ]),
    text_piece,
)
html_doc = st.lists(html_piece, max_size=60).map(lambda parts: "<html><body>" + "".join(parts))
text_doc = st.one_of(
    texts,
    st.lists(st.sampled_from(["---", "title: 'x", 'title: "\\ud800"', "date: 2021-02-30", "url: http://x", "...",
                              "# Heading", "**bold", "[link](", "> quote", "* * *", "Background:", "Crisis In it"])
             | text_piece, max_size=30).map("\n".join),
)
encoding = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251", "utf-8-sig", "mixed"])


def _to_bytes(text: str, codec: str) -> bytes:
    if codec == "mixed":
        half = len(text) // 2
        return text[:half].encode("utf-8", "surrogatepass") + text[half:].encode("latin-1", "replace")
    return text.encode(codec, errors="surrogatepass" if codec.startswith("utf-8") else "replace")


@contextmanager
def _folder(files: dict[str, bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "in"
        folder.mkdir()
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        yield folder


@pytest.fixture
def extractor(blank_extractor: NlpExtractor) -> NlpExtractor:
    return blank_extractor  # the session's pipeline: its knowledge base loads once


def _run(folder: Path, extractor: NlpExtractor) -> tuple[IngestReport, list[str]]:
    with Store.open(":memory:") as store:
        report = ingest([folder], store, settings=SETTINGS, extractor=extractor)
        locations = [a.location for a in store.list_articles()]
        for article in store.list_articles():
            article.body.encode("utf-8")  # storable and readable back as UTF-8
    for skipped in report.skipped:
        assert skipped.reason and "\n" not in skipped.reason, skipped
    return report, locations


@FUZZ
@given(lines=st.lists(jsonl_line, min_size=1, max_size=8))
def test_jsonl_every_line_is_stored_or_reported(lines: list[bytes], extractor: NlpExtractor) -> None:
    data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + b"\n"
    with _folder({"feed.jsonl": data}) as folder:
        report, locations = _run(folder, extractor)
        path = str(folder / "feed.jsonl")
    numbered = [i for i, line in enumerate(data.split(b"\n")[:-1], start=1) if line.strip()]
    accounted = {loc.rsplit(":", 1)[1] for loc in locations if loc.startswith(path + ":")}
    accounted |= {s.location.rsplit(":", 1)[1] for s in report.skipped if s.location.startswith(path + ":")}
    missing = [n for n in numbered if str(n) not in accounted]
    # a line missing from both lists can only be a repeat of a stored line (same content hash)
    assert len(missing) <= report.unchanged, (missing, report)


@FUZZ
@given(page=html_doc, codec=encoding)
def test_html_pages_are_stored_or_reported(page: str, codec: str, extractor: NlpExtractor) -> None:
    with _folder({"page.html": _to_bytes(page, codec)}) as folder:
        report, locations = _run(folder, extractor)
    assert len(locations) + len(report.skipped) == 1, (locations, report.skipped)


@FUZZ
@given(docs=st.lists(st.tuples(text_doc, encoding), min_size=1, max_size=4))
def test_text_files_are_stored_or_reported(docs: list[tuple[str, str]], extractor: NlpExtractor) -> None:
    files = {f"doc{i}.txt": _to_bytes(text, codec) for i, (text, codec) in enumerate(docs)}
    with _folder(files) as folder:
        report, locations = _run(folder, extractor)
    assert len(locations) + len(report.skipped) + report.unchanged == len(files), (locations, report)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(lines=st.lists(jsonl_line, min_size=1, max_size=4), page=html_doc, text=text_doc)
def test_the_cli_run_always_reaches_its_summary(
    lines: list[bytes], page: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    files = {
        "feed.jsonl": b"\n".join(line.replace(b"\n", b" ") for line in lines),
        "page.html": page.encode("utf-8", "surrogatepass"),
        "note.txt": text.encode("utf-8", "surrogatepass"),
    }
    with _folder(files) as folder:
        result = CliRunner().invoke(cli, ["ingest", "--db", str(folder.parent / "fuzz.db"), str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "new: " in result.output and "store: " in result.output
