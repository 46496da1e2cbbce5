"""Turn bytes into text without ever failing on a decode error.

Order: a byte-order mark; strict UTF-8; charset-normalizer's best guess; and last,
UTF-8 with replacement characters, reported as a mixed or unknown encoding.
"""

from __future__ import annotations

import codecs

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
