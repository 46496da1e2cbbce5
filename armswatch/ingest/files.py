"""Find input files and read each into `SourceDoc`s (or `Skipped` results)."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..models import Format, Hints, Skipped, SourceDoc
from .decode import REPLACEMENT, decode_bytes, display_path, has_lone_surrogate, scrub_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files we never treat as articles when walking a folder (gold files, notes, archives).
_IGNORED_NAMES = {"gold.jsonl", "SOURCES.md", "README.md"}
_CHUNK = 1 << 20


def discover_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Yield the files under `paths` in a stable order, streaming (a folder of 100,000
    files is never held as a list), or a `Skipped` for a path that does not exist."""
    for raw in paths:
        path = Path(raw)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except (OSError, ValueError) as exc:  # a name too long, a NUL in the name
            yield Skipped(display_path(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        if is_dir:
            yield from _walk(path)
        elif is_file:
            yield path
        else:
            yield Skipped(display_path(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(display_path(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _IGNORED_NAMES:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def sniff_format(path: Path, head: bytes) -> Format:
    """Decide how to read a file: by its suffix, then by its first bytes."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    return "text"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_path(
    path: Path, *, max_file_bytes: int, hints: Hints | None = None
) -> Iterator[SourceDoc | Skipped]:
    """Read one file into source documents; never raises for bad input.

    A text or HTML file is one document. A JSON Lines file is streamed: each good
    line is a document, each bad line a `Skipped` naming its line number.
    """
    location = display_path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
            fmt = sniff_format(path, head)
            if fmt == "jsonl":
                handle.seek(0)
                yield from _read_jsonl(path, handle, max_line_bytes=max_file_bytes)
                return
            size = os.fstat(handle.fileno()).st_size
            if size > max_file_bytes:
                yield Skipped(location, f"file too large ({size:,} bytes > limit {max_file_bytes:,})")
                return
            data = head + handle.read(max_file_bytes + 1 - len(head))
    except FileNotFoundError:
        yield Skipped(location, "file vanished before it could be read")
        return
    except IsADirectoryError:
        yield Skipped(location, "is a folder, not a file")
        return
    except PermissionError:
        yield Skipped(location, "permission denied")
        return
    except OSError as exc:
        yield Skipped(location, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_file_bytes:  # it grew while we read it
        yield Skipped(location, f"file too large (over the limit of {max_file_bytes:,} bytes)")
        return
    try:
        text, encoding, note = decode_bytes(data)
    except InputError as exc:
        yield Skipped(location, str(exc))
        return
    text, scrubbed = scrub_text(text)
    yield SourceDoc(
        source_key=path.resolve().as_uri(),
        location=location,
        fmt=fmt,
        raw=data,
        text=text,
        encoding=encoding,
        encoding_note=_join_notes(note, scrubbed),
        content_hash=content_hash(data),
        hints=hints or Hints(),
    )


def _lines(handle: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) for each line of `handle`, reading at most `max_line_bytes`
    of any line into memory; a longer line is passed over and given as its length."""
    number = 0
    while True:
        line = handle.readline(max_line_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_line_bytes or line.endswith(b"\n"):
            yield number, line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = handle.readline(_CHUNK)
            size += len(line)
        yield number, size


def _read_jsonl(path: Path, handle: BinaryIO, *, max_line_bytes: int) -> Iterator[SourceDoc | Skipped]:
    """Stream a JSON Lines export with url/title/published/text fields."""
    uri = path.resolve().as_uri()
    location = display_path(path)
    good = 0
    for number, line in _lines(handle, max_line_bytes):
        where = f"{location}:{number}"
        if isinstance(line, int):
            yield Skipped(where, f"line too large ({line:,} bytes > limit {max_line_bytes:,})")
            continue
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        item = _record(line, where, uri, number)
        if isinstance(item, SourceDoc):
            good += 1
        yield item
    if good == 0:
        yield Skipped(location, "JSON Lines file has no usable record")


def _record(line: bytes, where: str, uri: str, number: int) -> SourceDoc | Skipped:
    """One line of a JSON Lines export as a document, or the reason it is not one."""
    try:
        decoded = line.decode("utf-8")
        line_note = None
    except UnicodeDecodeError:
        try:
            decoded, encoding, _ = decode_bytes(line)
        except InputError as exc:
            return Skipped(where, f"line is not text ({exc})")
        line_note = f"line is not UTF-8; read as {encoding}"
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Skipped(where, "not usable JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer too long to convert
        return Skipped(where, f"not usable JSON ({_one_line(str(exc))})")
    if not isinstance(record, dict):
        return Skipped(where, "line is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "no 'text' field, or it is empty")
    if has_lone_surrogate(text):
        return Skipped(where, "'text' holds a lone surrogate escape (\\ud800-\\udfff), not valid Unicode")
    text, text_note = scrub_text(text)
    if not text.strip(REPLACEMENT + " \t\r\n"):
        return Skipped(where, "'text' holds no readable characters")
    fields: dict[str, str | None] = {}
    field_notes = []
    for name, value in (
        ("url", record.get("url")),
        ("title", record.get("title")),
        ("published", record.get("published")),
        ("outlet", record.get("outlet") or record.get("source")),
    ):
        value = _str_or_none(value)
        if value is not None and has_lone_surrogate(value):
            value = None
            field_notes.append(f"'{name}' ignored (lone surrogate)")
        elif value is not None:
            value, scrubbed = scrub_text(value)
            if scrubbed:
                field_notes.append(f"'{name}': {scrubbed}")
        fields[name] = value
    hints = Hints(**fields)
    # The hash covers the fields that make the article, not key order or spacing.
    canonical = json.dumps(
        {"url": hints.url, "title": hints.title, "published": hints.published, "text": text},
        sort_keys=True,
        ensure_ascii=False,
    ).encode("utf-8")
    fmt: Format = "html" if text.lstrip()[:1] == "<" else "jsonl"
    return SourceDoc(
        source_key=hints.url or f"{uri}#L{number}",
        location=where,
        fmt=fmt,
        raw=line.rstrip(b"\r\n"),
        text=text,
        encoding="utf-8",
        encoding_note=_join_notes(line_note, text_note, *field_notes),
        content_hash=content_hash(canonical),
        hints=hints,
    )


def _join_notes(*notes: str | None) -> str | None:
    kept = [note for note in notes if note]
    return "; ".join(kept) if kept else None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
