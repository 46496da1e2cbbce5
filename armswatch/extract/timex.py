"""Resolve one date expression ("on Tuesday", "last October") against the publication date.

The input is the text of one expression, as spaCy's DATE entities give it, never a whole
article: free-text date parsers misread tokens such as "9M729" or "2,500" as dates.

News reports past events, so a bare weekday or a day without a year points back from the
publication date. Without a publication date only explicit dates resolve ("2 February
2019", "February 2019", "2019"). Vague expressions give None rather than a guess: weeks
("this week", "last weekend"), decades ("the 1980s"), spans ("recent years", "the past
decade"), seasons, quarters, ranges ("February 2-4") and numeric dates such as
"12/02/2019", whose day and month order is unknown, and "this Tuesday", which papers use
for both the past and the coming Tuesday. The anchor date is returned; the meaning of
"since" or "until" is not (expressions starting with them give None). A month or day
without a year never moves into the next year ("January" in a December article is the
January just gone), and a weekday written before a date is not checked against it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from armswatch.clean.dates import MONTHS, find_date, iso_date_prefix

__all__ = ["NormalizedDate", "normalize_date"]

# News looks back, but "February 2" may announce a near event (a test, a summit). Beyond
# about two months ahead the writer almost surely meant the previous year.
FUTURE_GRACE_DAYS = 62
FUTURE_GRACE_MONTHS = 2
# DATE entities are a few words; anything longer is a clause, not one date.
MAX_EXPRESSION_CHARS = 60

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"a": 1, "an": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_REL = r"(?P<rel>last|this|next)"

_DAY_MONTH = re.compile(rf"(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?")
_MONTH_DAY = re.compile(rf"{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?")
_MONTH_YEAR = re.compile(rf"{_MONTH}(?:,|\s+of)?\s+{_YEAR}")
_ISO_MONTH = re.compile(rf"{_YEAR}-(?P<m>0[1-9]|1[0-2])")
_YEAR_ONLY = re.compile(_YEAR)
_MONTH_ONLY = re.compile(_MONTH)
_WEEKDAY_ONLY = re.compile(_WEEKDAY)
_REL_MONTH = re.compile(rf"{_REL}\s+{_MONTH}")
_REL_WEEKDAY = re.compile(rf"(?P<rel>last|next)\s+{_WEEKDAY}")
_REL_UNIT = re.compile(rf"{_REL}\s+(?P<unit>month|year)")
_AGO = re.compile(r"(?P<n>\d{1,3}|[a-z]+)\s+(?P<unit>day|month|year)s?\s+ago")
_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "this morning": 0,
              "this afternoon": 0, "this evening": 0, "tomorrow": 1}

# Words that start a DATE entity without changing the date it names.
_PREPOSITION = re.compile(r"^(?:on|in|during|at)\s+")
# Qualifiers narrow a date inside its precision; the date at that precision still holds.
_QUALIFIER = re.compile(
    r"^(?P<q>early|earlier|late|later|mid|the (?:end|beginning|start|middle) of)(?:\s+|-)"
)
# "Tuesday, February 12": the weekday adds nothing once a numbered day follows.
_WEEKDAY_PREFIX = re.compile(
    r"^(?:" + "|".join(_WEEKDAYS) + r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+"
    r"(?=\d|(?:" + "|".join(MONTHS) + r")\.?\s+\d)"
)
_PART_OF_DAY = re.compile(r"(day|tomorrow)\s+(?:morning|afternoon|evening|night)$")


@dataclass(frozen=True)
class NormalizedDate:
    """A resolved date: `value` is ISO ("2019-02-12", "2019-02" or "2019"), `precision` is
    "day", "month" or "year", and `how` says in a few words how it was resolved."""

    value: str
    precision: str
    how: str


def normalize_date(text: str, published: str | None) -> NormalizedDate | None:
    """Resolve one date expression against an article's publication date.

    Args:
        text: the expression alone, e.g. "on Tuesday", "last October", "2 February 2019".
        published: the publication date ("2019-02-12", or anything `iso_date_prefix`
            reads), or None; relative expressions then give None.

    Returns:
        A NormalizedDate, or None for vague, unreadable or unresolvable input. Never raises.

    Example:
        >>> normalize_date("on Tuesday", "2019-02-14")
        NormalizedDate(value='2019-02-12', precision='day', how='weekday on or before publication')
    """
    if not isinstance(text, str) or len(text) > MAX_EXPRESSION_CHARS:
        return None
    pub_iso = iso_date_prefix(published) if isinstance(published, str) else None
    pub = date.fromisoformat(pub_iso) if pub_iso else None
    phrase, qualifier = _clean(text)
    if not phrase:
        return None
    try:
        result = _resolve(phrase, pub, capital_may=not re.search(r"\bmay\b", text))
    except (ValueError, OverflowError):  # an impossible day ("February 30"), or far dates
        return None
    if result and qualifier:
        return NormalizedDate(result.value, result.precision, f"{result.how}; '{qualifier}' dropped")
    return result


def _clean(text: str) -> tuple[str, str | None]:
    """Lowercase, drop prepositions, a qualifier, a weekday before a date, a part of day."""
    phrase = " ".join(unicodedata.normalize("NFKC", text).lower().split()).strip(" ,;:()'\"")
    phrase = _PREPOSITION.sub("", phrase)
    qualifier = None
    if match := _QUALIFIER.match(phrase):
        qualifier = match["q"]
        phrase = _PREPOSITION.sub("", phrase[match.end() :])
    phrase = _WEEKDAY_PREFIX.sub("", phrase)
    phrase = _PART_OF_DAY.sub(r"\1", phrase).replace("this past ", "last ")
    return phrase.rstrip(" ."), qualifier


def _resolve(phrase: str, pub: date | None, *, capital_may: bool) -> NormalizedDate | None:
    """Try the explicit forms, then (with a publication date) the relative ones."""
    if found := find_date(phrase):
        iso, start, end = found
        if start == 0 and end == len(phrase):
            return NormalizedDate(iso, "day", "explicit")
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if (match := pattern.fullmatch(phrase)) and match["year"]:
            day = date(int(match["year"]), _month(match), int(match["day"]))
            return NormalizedDate(day.isoformat(), "day", "explicit")
    if match := _MONTH_YEAR.fullmatch(phrase) or _ISO_MONTH.fullmatch(phrase):
        return NormalizedDate(f"{match['year']}-{_month(match):02d}", "month", "explicit")
    if _YEAR_ONLY.fullmatch(phrase):
        return NormalizedDate(phrase, "year", "explicit")
    if pub is None:
        return None
    return _resolve_relative(phrase, pub, capital_may=capital_may)


def _resolve_relative(phrase: str, pub: date, *, capital_may: bool) -> NormalizedDate | None:
    """The forms that need the publication date."""
    if phrase in _DAY_WORDS:
        day = pub + timedelta(days=_DAY_WORDS[phrase])
        return NormalizedDate(day.isoformat(), "day", f"relative: {phrase}")
    if match := _WEEKDAY_ONLY.fullmatch(phrase):
        back = (pub.weekday() - _WEEKDAYS[match["weekday"]]) % 7
        return _day(pub - timedelta(days=back), "weekday on or before publication")
    if match := _REL_WEEKDAY.fullmatch(phrase):
        weekday, rel = _WEEKDAYS[match["weekday"]], match["rel"]
        if rel == "last":  # strictly before publication: a week back on the same weekday
            day = pub - timedelta(days=(pub.weekday() - weekday) % 7 or 7)
        else:
            day = pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7)
        return _day(day, f"relative: {rel} {match['weekday'].title()}")
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if match := pattern.fullmatch(phrase):
            return _month_day(_month(match), int(match["day"]), pub)
    if match := _MONTH_ONLY.fullmatch(phrase):
        if match["month"] == "may" and not capital_may:  # the modal verb, not the month
            return None
        month, how = _month(match), "month name, year from publication"
        year = pub.year
        if month - pub.month > FUTURE_GRACE_MONTHS:
            year, how = year - 1, "month name, previous year (would be after publication)"
        return NormalizedDate(f"{year:04d}-{month:02d}", "month", how)
    if match := _REL_MONTH.fullmatch(phrase):
        month, rel = _month(match), match["rel"]
        year = pub.year
        if rel == "last" and month >= pub.month:
            year -= 1
        elif rel == "next" and month <= pub.month:
            year += 1
        how = f"relative: {rel} {calendar.month_name[month]}"
        return NormalizedDate(f"{year:04d}-{month:02d}", "month", how)
    if match := _REL_UNIT.fullmatch(phrase):
        step = {"last": -1, "this": 0, "next": 1}[match["rel"]]
        return _shifted(pub, match["unit"], step, f"relative: {phrase}")
    if (match := _AGO.fullmatch(phrase)) and (count := _count(match["n"])) is not None:
        if match["unit"] == "day":
            return _day(pub - timedelta(days=count), f"relative: {phrase}")
        return _shifted(pub, match["unit"], -count, f"relative: {phrase}")
    return None


def _month_day(month: int, day_of_month: int, pub: date) -> NormalizedDate:
    """A day without a year: the publication year, or the year before when that day would
    lie more than FUTURE_GRACE_DAYS after publication or does not exist (February 29)."""
    how = "month and day, previous year (would be after publication)"
    try:
        day = date(pub.year, month, day_of_month)
    except ValueError:  # February 29 outside a leap year; a day that never exists fails again
        how = "month and day, previous year (no such day in the publication year)"
    else:
        if day - pub <= timedelta(days=FUTURE_GRACE_DAYS):
            return _day(day, "month and day, year from publication")
    return _day(date(pub.year - 1, month, day_of_month), how)


def _shifted(pub: date, unit: str, step: int, how: str) -> NormalizedDate:
    """The publication month or year moved by `step` months or years."""
    if unit == "year":
        return NormalizedDate(f"{pub.year + step:04d}", "year", how)
    year, month0 = divmod(pub.year * 12 + pub.month - 1 + step, 12)
    return NormalizedDate(f"{year:04d}-{month0 + 1:02d}", "month", how)


def _day(day: date, how: str) -> NormalizedDate:
    return NormalizedDate(day.isoformat(), "day", how)


def _month(match: re.Match[str]) -> int:
    numeric = match.groupdict().get("m")
    return int(numeric) if numeric else MONTHS[match["month"]]


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
