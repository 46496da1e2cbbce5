"""Find input files and read each into `SourceDoc`s (or `Skipped` results)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Format, Hints, Skipped, SourceDoc
from .decode import decode_bytes

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files we never treat as articles when walking a folder (gold files, notes, archives).
_IGNORED_NAMES = {"gold.jsonl", "SOURCES.md", "README.md"}


def discover_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Yield the files under `paths` in a stable order, streaming (a folder of 100,000
    files is never held as a list), or a `Skipped` for a path that does not exist."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list folder {folder}: {exc.strerror}") from exc
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
    location = str(path)
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
            data = head + handle.read()
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
    try:
        text, encoding, note = decode_bytes(data)
    except InputError as exc:
        yield Skipped(location, str(exc))
        return
    yield SourceDoc(
        source_key=path.resolve().as_uri(),
        location=location,
        fmt=fmt,
        raw=data,
        text=text,
        encoding=encoding,
        encoding_note=note,
        content_hash=content_hash(data),
        hints=hints or Hints(),
    )


def _read_jsonl(path: Path, lines: Iterable[bytes], *, max_line_bytes: int) -> Iterator[SourceDoc | Skipped]:
    """Stream a JSON Lines export with url/title/published/text fields."""
    uri = path.resolve().as_uri()
    good = 0
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        if len(line) > max_line_bytes:
            yield Skipped(where, f"line too large ({len(line):,} bytes > limit {max_line_bytes:,})")
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield Skipped(where, "line is not UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "line is not a JSON object")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(where, "no 'text' field, or it is empty")
            continue
        hints = Hints(
            url=_str_or_none(record.get("url")),
            title=_str_or_none(record.get("title")),
            published=_str_or_none(record.get("published")),
            outlet=_str_or_none(record.get("outlet") or record.get("source")),
        )
        # The hash covers the fields that make the article, not key order or spacing.
        canonical = json.dumps(
            {"url": hints.url, "title": hints.title, "published": hints.published, "text": text},
            sort_keys=True,
            ensure_ascii=False,
        ).encode("utf-8")
        fmt: Format = "html" if text.lstrip()[:1] == "<" else "jsonl"
        good += 1
        yield SourceDoc(
            source_key=hints.url or f"{uri}#L{number}",
            location=where,
            fmt=fmt,
            raw=line.rstrip(b"\r\n"),
            text=text,
            encoding="utf-8",
            content_hash=content_hash(canonical),
            hints=hints,
        )
    if good == 0:
        yield Skipped(str(path), "JSON Lines file has no usable record")


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
