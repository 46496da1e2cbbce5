"""Long bodies parsed in chunks, so that the model's memory is bounded by the chunk.

The model's arrays for one call grow with its tokens (about 15 KB a token for the small
English pipeline): a 250,000-character body parsed whole would hold over a gigabyte at
once. A body of more than the limit (characters other than spaces: the gate's blanks cost
nothing) is cut into chunks:

1. at paragraph breaks, the cleaner's blank lines, where the pipeline starts a sentence
   anyway (paragraphs.py), so no sentence of the whole-body parse is split;
2. a paragraph longer than the limit, at line breaks; then after a sentence's final
   punctuation; then at any space. A run without a space goes whole.

Every chunk but the first starts at the first character after a run of whitespace, and
spaCy's tokeniser splits at whitespace, so the chunks' tokens are the body's tokens. The
model reads each chunk in a window (`windows`) with some context on either side, as it
would in the whole body, and the chunk's part of each window's Doc is kept: `join_chunks`
gives one Doc whose text is the body, character for character, with the tags, arcs and
entities of the whole-body parse (on 40 long official statements cut into 193 chunks,
the annotations were identical).

What the pipeline decides over the whole article stays whole: the caller hands each
window its share of the knowledge-base scan of the whole body (one sense per article,
gazetteer.py), and finds GeoNames places on the joined Doc.

With every call of the model bounded, glibc's default malloc no longer keeps a long
article's peak: on the 8 longest official statements (up to 252,000 characters, full
pipeline) the process peaked at 576 MB, against 1,487 MB when they were parsed whole,
and fixing glibc's mmap threshold (mallopt) saved 4 % of that for 16 % more CPU, so it
is no longer set (benchmarks/bench_memory.py measures both).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

# Where a chunk may start: after a blank line; after a line break; after a sentence's
# final punctuation (and closing quotes or brackets) that ends a lowercase word or a
# number, before a capital ("U.S. Army", "Gen. Smith" and "Jan. 5" are not cut); after any whitespace.
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"(?<=[a-z\d]{3}[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z\"'\u201c(])"),
    re.compile(r"\s+"),
)


def size(text: str, start: int = 0, end: int | None = None) -> int:
    """What the model pays for `text[start:end]`: its characters other than spaces."""
    end = len(text) if end is None else end
    return end - start - text.count(" ", start, end)


def cut(text: str, max_chars: int) -> list[tuple[int, int]]:
    """[start, end) spans that cover `text` in order, each of at most `max_chars`
    characters other than spaces (a run without whitespace may exceed it); one span
    when the text is short enough."""
    return _cut(text, max_chars, 0, 0, len(text))


def _cut(text: str, max_chars: int, level: int, start: int, end: int) -> list[tuple[int, int]]:
    if size(text, start, end) <= max_chars or level == len(_BOUNDARIES):
        return [(start, end)]
    starts = [m.end() for m in _BOUNDARIES[level].finditer(text, start, end) if start < m.end() < end]
    chunks: list[tuple[int, int]] = []
    chunk: tuple[int, int] | None = None
    chunk_size = 0
    for unit_start, unit_end in zip([start, *starts], [*starts, end]):
        unit_size = size(text, unit_start, unit_end)
        if unit_size > max_chars:  # a unit too long alone: cut it at the next level
            if chunk is not None:
                chunks.append(chunk)
                chunk = None
            chunks.extend(_cut(text, max_chars, level + 1, unit_start, unit_end))
            continue
        if chunk is not None and chunk_size + unit_size > max_chars:
            chunks.append(chunk)
            chunk = None
        if chunk is None:
            chunk, chunk_size = (unit_start, unit_end), 0
        chunk = (chunk[0], unit_end)
        chunk_size += unit_size
    if chunk is not None:
        chunks.append(chunk)
    return chunks


def windows(text: str, spans: list[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """Each span of `cut`, widened by about `margin` characters on each side to the nearest
    token start: the text the model reads for it. The model's view of a token reaches a
    few tokens either side (its convolutions, the parser's look-ahead); with that context
    a chunk's tokens get the tags, arcs and entities the whole body's parse gives them."""
    out = []
    for start, end in spans:
        before = _token_start(text, max(0, start - margin)) if start > margin else 0
        out.append((min(before, start), _token_start(text, end + margin) if end + margin < len(text) else len(text)))
    return out


_SPACES = re.compile(r"\s+")


def _token_start(text: str, at: int) -> int:
    """The first position at or after `at` that follows a run of whitespace (or the end)."""
    match = _SPACES.search(text, at)
    return match.end() if match else len(text)


def share_of(found: tuple[Any, ...], start: int, end: int, shift: int) -> tuple[Any, ...]:
    """The scan items (`Found`) inside [start, end), their offsets moved by `shift`."""
    return tuple(replace(f, start=f.start + shift, end=f.end + shift) for f in found if start <= f.start and f.end <= end)


def join_chunks(parts: list[tuple[Any, int, tuple[int, int]]]) -> Any:
    """One Doc of the body from each chunk's window Doc, with where the window starts in
    the body and the chunk's span in the body: tokens, tags, lemmas, the
    parse, sentence starts and entities of the chunks, with the body's offsets, and
    `doc._.kb_found` in body offsets. Tensors and cached views are left behind (nothing
    downstream reads a tensor)."""
    from spacy.tokens import Doc

    cores = []
    found: list[Any] = []
    for window, at, (start, end) in parts:
        # "contract": a chunk cut after a sentence ends in a space, its last token's whitespace
        core = window.char_span(start - at, end - at, alignment_mode="contract")
        if core is None or core.start_char != start - at or core.end_char + len(core[-1].whitespace_) != end - at:
            raise ValueError(f"a chunk of the body ({start}-{end}) does not start and end on tokens")
        cores.append(core.as_doc())
        found.extend(share_of(window._.kb_found, start - at, end - at, at))
    joined = Doc.from_docs(cores, ensure_whitespace=False, exclude=["tensor", "user_data"])
    joined._.kb_found = tuple(found)
    return joined
