from __future__ import annotations

import pytest

from armswatch.errors import InputError
from armswatch.ingest.decode import decode_bytes, looks_binary


def test_utf8_is_read_as_is() -> None:
    text, encoding, note = decode_bytes("Kh‑101 and “S‑400s”".encode())
    assert (text, encoding, note) == ("Kh‑101 and “S‑400s”", "utf-8", None)


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig"])
def test_byte_order_marks(codec: str) -> None:
    text, encoding, _ = decode_bytes("Moscow denies the report.".encode(codec))
    assert text == "Moscow denies the report."
    assert encoding == codec


def test_legacy_encoding_is_detected_and_noted() -> None:
    source = "Der Außenminister sagte, die Raketen würden nicht verlegt. Über die Stationierung wird später entschieden."
    text, encoding, note = decode_bytes(source.encode("cp1252"))
    assert "Außenminister" in text and "würden" in text
    assert note is not None and "not UTF-8" in note


def test_mixed_encodings_never_raise() -> None:
    data = "café ".encode() + "naïve".encode("latin-1") + b" \xff\xfe\xfd end"
    text, _, note = decode_bytes(data)
    assert text.startswith("caf") and text.endswith("end")
    assert note is not None


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(data)


def test_binary_input_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert looks_binary(png)
    with pytest.raises(InputError, match="binary"):
        decode_bytes(png)
