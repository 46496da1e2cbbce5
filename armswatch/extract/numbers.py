"""Numbers as writers write them, read from spaCy tokens: "64", "1,500", "2.5 million",
"sixteen", "twenty-four", "two hundred and fifty", "a dozen", "half a dozen", "two dozen".
(extract/quantities.py binds them to units and systems.)"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["HYPHENS", "can_start_number", "read_number"]

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_SMALL = {w: n for n, w in enumerate(_WORDS.split())} | {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
HYPHENS = {"-", "‐", "‑", "–", "—"}


def can_start_number(lower: str) -> bool:
    return lower[:1].isdigit() or lower in _SMALL or lower in ("a", "an", "half")


def read_number(doc: Any, i: int, stop: int) -> tuple[int, int] | None:
    """(value, index after) for a number starting at token i, else None."""
    if not can_start_number(doc[i].lower_):
        return None  # most tokens cannot start a number: skip the look-ahead
    words = [t.lower_ for t in doc[i : min(stop, i + 8)]]
    if words[:2] in (["a", "dozen"], ["an", "dozen"]):
        return 12, i + 2
    if words[:3] == ["half", "a", "dozen"]:
        return 6, i + 3
    total, current, j = 0, None, i
    while j < stop:
        text = doc[j].lower_
        if current is None and _DIGITS.match(text):
            current = int(text.replace(",", ""))
        elif current is None and _DECIMAL.match(text) and j + 1 < stop and doc[j + 1].lower_ in _SCALES:
            return round(float(text) * _SCALES[doc[j + 1].lower_]), j + 2
        elif text in _SMALL and (current is None or ((doc[j - 1].is_alpha or doc[j - 1].text in HYPHENS) and ((current % 100 >= 20 and _SMALL[text] < 10) or current % 100 == 0))):
            current = (current or 0) + _SMALL[text]
        elif text in _SCALES and current is not None:
            total, current = (total + current * _SCALES[text], 0) if text != "hundred" else (total, current * 100)
        elif text in HYPHENS and current and doc[j - 1].whitespace_ == "" and j + 1 < stop and doc[j + 1].lower_ in _SMALL and not doc[j + 1].lower_.isdigit():
            pass  # "twenty-four"
        elif text == "and" and current and current % 100 == 0 and j + 1 < stop and doc[j + 1].lower_ in _SMALL:
            pass  # "two hundred and fifty"
        else:
            break
        j += 1
    if current is None:
        return None
    value = total + current
    if j < stop and doc[j].lower_ == "dozen":
        return value * 12, j + 1
    return value, j
