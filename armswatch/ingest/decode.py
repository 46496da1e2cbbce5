"""Turn bytes into text without ever failing on a decode error.

Order: a byte-order mark; strict UTF-8; charset-normalizer's best guess; and last,
UTF-8 with replacement characters, reported as a mixed or unknown encoding.
"""

from __future__ import annotations

import codecs
import os
import re

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters (other than tab/newline/CR/form feed) above which text
# is judged binary. Real text has none; a JPEG or a zip has plenty within 8 KB.
BINARY_CONTROL_SHARE = 0.05
_SNIFF = 8192
# Characters no later stage may see: NUL (SQLite's C strings and lxml stop at it) and
# lone UTF-16 surrogates (not encodable as UTF-8, so SQLite and spaCy cannot take them).
_UNSAFE = re.compile(r"[\x00\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (images, archives, PDFs)."""
    head = data[:_SNIFF]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS[:1] + _BOMS[3:]):
        return False  # UTF-16/32 text has NULs by design
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > BINARY_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    """Decode `data`; return (text, encoding name, note or None).

    The note says when the encoding was guessed or bytes were replaced.
    Raises `InputError` for empty or binary data.

    >>> decode_bytes("Kh‑101".encode("utf-8"))[:2]
    ('Kh‑101', 'utf-8')
    """
    if not data.strip():
        raise InputError("empty file")
    if looks_binary(data):
        raise InputError("binary file, not text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        text = str(best)
        return text, best.encoding, f"not UTF-8 (first bad byte at {first_bad}); read as {best.encoding}"
    text = data.decode("utf-8", errors="replace")
    return text, "utf-8", f"mixed or unknown encoding: undecodable bytes replaced (first at {first_bad})"


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds a surrogate code point (only a lone one survives decoding)."""
    return _SURROGATE.search(text) is not None


def scrub_text(text: str) -> tuple[str, str | None]:
    """Replace NULs and lone surrogates by U+FFFD, one for one, so that offsets into the
    text are unchanged; return (text, note or None)."""
    found = _UNSAFE.findall(text)
    if not found:
        return text, None
    nuls = sum(1 for char in found if char == "\x00")
    parts = []
    if nuls:
        parts.append(f"{nuls} NUL character{'s' if nuls > 1 else ''}")
    if len(found) > nuls:
        parts.append(f"{len(found) - nuls} lone surrogate{'s' if len(found) - nuls > 1 else ''}")
    return _UNSAFE.sub(REPLACEMENT, text), " and ".join(parts) + " replaced by U+FFFD"


def display_path(path: object) -> str:
    """A path as printable, storable text: undecodable bytes of a file name (which Python
    carries as lone surrogates) are written as \\xNN escapes."""
    raw = os.fsencode(path)  # type: ignore[call-overload]
    return raw.decode("utf-8", errors="backslashreplace")
