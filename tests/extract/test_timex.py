"""Date expressions resolved against the publication date (armswatch.extract.timex)."""

from __future__ import annotations

import pytest

from armswatch.extract.timex import NormalizedDate, normalize_date

THU = "2019-02-14"  # a Thursday
TUE = "2019-02-12"  # a Tuesday
JAN3 = "2019-01-03"  # a Thursday, early in the year
DEC = "2019-12-10"


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        # explicit dates, with or without a publication date
        ("2 February 2019", None, "2019-02-02", "day"),
        ("February 2, 2019", THU, "2019-02-02", "day"),
        ("Tuesday, February 12, 2019", None, "2019-02-12", "day"),
        ("the 2nd of February, 2019", None, "2019-02-02", "day"),
        ("2019-02-12", None, "2019-02-12", "day"),
        ("February 2019", None, "2019-02", "month"),
        ("December 2021", THU, "2021-12", "month"),
        ("2019-02", None, "2019-02", "month"),
        ("in 2026", THU, "2026", "year"),
        ("1987", None, "1987", "year"),
        ("early 2019", None, "2019", "year"),
        ("mid-2019", None, "2019", "year"),
        # a bare weekday: the most recent one on or before publication
        ("Tuesday", THU, "2019-02-12", "day"),
        ("on Tuesday", THU, "2019-02-12", "day"),
        ("Thursday", THU, "2019-02-14", "day"),
        ("Friday", THU, "2019-02-08", "day"),
        ("Tuesday night", THU, "2019-02-12", "day"),
        ("late on Tuesday", THU, "2019-02-12", "day"),
        ("Monday", "2019-01-01", "2018-12-31", "day"),
        # last / next weekday: strictly before / after
        ("last Tuesday", TUE, "2019-02-05", "day"),
        ("this past Tuesday", THU, "2019-02-12", "day"),
        ("next Tuesday", TUE, "2019-02-19", "day"),
        ("next Monday", THU, "2019-02-18", "day"),
        # day words and "ago"
        ("yesterday", THU, "2019-02-13", "day"),
        ("yesterday morning", THU, "2019-02-13", "day"),
        ("today", THU, "2019-02-14", "day"),
        ("earlier today", THU, "2019-02-14", "day"),
        ("tomorrow", "2019-12-31", "2020-01-01", "day"),
        ("yesterday", "2019-01-01", "2018-12-31", "day"),
        ("three days ago", THU, "2019-02-11", "day"),
        ("two years ago", THU, "2017", "year"),
        ("14 months ago", THU, "2017-12", "month"),
        # a day without a year: the publication year, unless that lies > ~2 months ahead
        ("February 2", THU, "2019-02-02", "day"),
        ("Feb. 2nd", THU, "2019-02-02", "day"),
        ("Tue 12 Feb", THU, "2019-02-12", "day"),
        ("2 February", THU, "2019-02-02", "day"),
        ("March 20", THU, "2019-03-20", "day"),
        ("October 5", THU, "2018-10-05", "day"),
        ("December 30", JAN3, "2018-12-30", "day"),
        ("January 2", JAN3, "2019-01-02", "day"),
        ("January 5", DEC, "2019-01-05", "day"),
        # a month name alone, and last / this / next month name
        ("October", THU, "2018-10", "month"),
        ("in March", THU, "2019-03", "month"),
        ("January", DEC, "2019-01", "month"),
        ("May", "2019-06-01", "2019-05", "month"),
        ("late October", THU, "2018-10", "month"),
        ("last October", THU, "2018-10", "month"),
        ("last December", JAN3, "2018-12", "month"),
        ("last January", JAN3, "2018-01", "month"),
        ("last January", THU, "2019-01", "month"),
        ("this October", THU, "2019-10", "month"),
        ("next January", JAN3, "2020-01", "month"),
        ("next March", THU, "2019-03", "month"),
        # last / this / next month and year
        ("last month", JAN3, "2018-12", "month"),
        ("earlier this month", THU, "2019-02", "month"),
        ("next month", DEC, "2020-01", "month"),
        ("last year", THU, "2018", "year"),
        ("late last year", JAN3, "2018", "year"),
        ("earlier this year", THU, "2019", "year"),
        ("next year", THU, "2020", "year"),
        # the publication date in the forms articles carry
        ("Tuesday", "2019-02-14T09:30:00Z", "2019-02-12", "day"),
        ("Tuesday", "14 February 2019", "2019-02-12", "day"),
    ],
)
def test_resolves(text: str, published: str | None, value: str, precision: str) -> None:
    result = normalize_date(text, published)
    assert result is not None
    assert (result.value, result.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # leap days
        ("29 February 2020", None, "2020-02-29"),
        ("February 29", "2024-03-05", "2024-02-29"),
        ("February 29", "2021-03-01", "2020-02-29"),  # no such day in 2021: the year before
        ("yesterday", "2024-03-01", "2024-02-29"),
        ("Thursday", "2024-03-01", "2024-02-29"),
    ],
)
def test_leap_days(text: str, published: str | None, value: str) -> None:
    result = normalize_date(text, published)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "published", "how"),
    [
        ("2 February 2019", THU, "explicit"),
        ("on Tuesday", THU, "weekday on or before publication"),
        ("February 2", THU, "month and day, year from publication"),
        ("December 30", JAN3, "month and day, previous year (would be after publication)"),
        ("October", THU, "month name, previous year (would be after publication)"),
        ("last October", THU, "relative: last October"),
        ("yesterday", THU, "relative: yesterday"),
        ("late last year", JAN3, "relative: last year; 'late' dropped"),
    ],
)
def test_explains_how(text: str, published: str, how: str) -> None:
    result = normalize_date(text, published)
    assert result is not None and result.how == how


@pytest.mark.parametrize(
    "text",
    ["Tuesday", "yesterday", "February 2", "October", "last October", "last year",
     "next month", "three days ago"],
)
def test_relative_needs_a_publication_date(text: str) -> None:
    assert normalize_date(text, None) is None
    assert normalize_date(text, "not a date") is None


@pytest.mark.parametrize(
    "text",
    [
        # vague: no day, month or year to give
        "this week", "last week", "next week", "last weekend", "recent years",
        "the past decade", "the 1980s", "decades", "recently", "a few days ago",
        "several years ago", "this Tuesday", "last spring", "the first quarter of 2019",
        "February 2-4", "between 2019 and 2021", "12/02/2019", "since 2019",
        # not dates at all
        "9M729", "2,500", "the 1987", "500", "12", "may", "", "   ", "???", "Tuesdayx",
        "the 12th", "months Feb.", "Tuesday February", "February 30", "31 April 2019", "29 February 2019",
        "February 29", "x" * 500,
    ],
)
def test_returns_none(text: str) -> None:
    assert normalize_date(text, "2023-03-01") is None


@pytest.mark.parametrize("published", [None, "", "garbage", "2019-13-45", 20190214, ["2019"]])
def test_never_raises_on_odd_input(published: object) -> None:
    for text in ("Tuesday", "February 2019", None, 42, "\u00a0on\u00a0Tuesday\u00a0"):
        normalize_date(text, published)  # type: ignore[arg-type]


def test_non_breaking_spaces_and_case() -> None:
    assert normalize_date("ON\u00a0TUESDAY", THU) == NormalizedDate(
        "2019-02-12", "day", "weekday on or before publication"
    )


def test_is_frozen() -> None:
    result = normalize_date("2019", None)
    assert result is not None
    with pytest.raises(AttributeError):
        result.value = "2020"  # type: ignore[misc]
