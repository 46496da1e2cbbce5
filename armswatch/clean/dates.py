"""Read dates written the way news pages write them; no free-text guessing.

Only explicit day-month-year forms are read here ("14 March 2025", "March 14, 2025",
"Tue 22 Nov 2016", "2025-03-14", "02, Feb, 2024"); relative dates ("on Tuesday")
are resolved by a later stage against the publication date.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"\b" + _DAY + r",?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
]


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first explicit full date in `text`, as (ISO date, start, end), or None."""
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso and (best is None or match.start() < best[1]):
                best = (iso, match.start(), match.end())
                break
    return best


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else MONTHS[groups["month"].lower().rstrip(".")]
    try:
        return date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def iso_date_prefix(value: str | None) -> str | None:
    """Normalise a metadata date ("2025-03-14T09:00:00Z", "14 March 2025") to YYYY-MM-DD."""
    if not value:
        return None
    found = find_date(value)
    return found[0] if found else None
