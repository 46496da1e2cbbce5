"""The resolver's sentence-level evidence and one sense per document, and the border
points the deployment extractor places borders at; on texts written for these tests."""

from __future__ import annotations

from armswatch.resolve import load_gazetteer, resolve_toponyms
from armswatch.resolve.gazetteer import distance_km


def spans(text: str, name: str) -> list[tuple[str, int, int]]:
    out, start = [], text.find(name)
    while start >= 0:
        out.append((name, start, start + len(name)))
        start = text.find(name, start + 1)
    return out


def test_a_foreign_neighbour_in_the_sentence_picks_the_namesake_near_it() -> None:
    text = ("Officials in Moscow met on Monday. "
            "The brigade now sits in Kaliningrad, squeezed between Poland and Lithuania.")
    picks = resolve_toponyms([*spans(text, "Moscow"), *spans(text, "Kaliningrad")], text)
    kaliningrad = picks[-1]
    assert kaliningrad is not None and distance_km(kaliningrad.lat, kaliningrad.lon, 54.71, 20.51) < 20


def test_without_such_a_sentence_the_capitals_suburb_still_competes() -> None:
    # the evidence is the sentence's: take it away and nothing moves the choice to the exclave
    text = "Officials in Moscow met on Monday. The brigade now sits in Kaliningrad."
    with_cue = "Officials in Moscow met on Monday. The brigade now sits in Kaliningrad, next to Lithuania."
    plain = resolve_toponyms([*spans(text, "Moscow"), *spans(text, "Kaliningrad")], text)[-1]
    cued = resolve_toponyms([*spans(with_cue, "Moscow"), *spans(with_cue, "Kaliningrad")], with_cue)[-1]
    assert plain is not None and cued is not None
    assert cued.score - plain.score > 0 or cued.place.id != plain.place.id


def test_one_sense_per_document() -> None:
    text = ("Officials in Moscow met on Monday. Kaliningrad was quiet. "
            "Troops arrived in Kaliningrad, which borders Poland and Lithuania. Kaliningrad stayed calm.")
    picks = resolve_toponyms([*spans(text, "Moscow"), *spans(text, "Kaliningrad")], text)
    ids = {p.place.id for p in picks[1:] if p is not None}
    assert len(ids) == 1
    only = next(p for p in picks[1:] if p is not None)
    assert distance_km(only.lat, only.lon, 54.71, 20.51) < 20


def test_border_point_lies_between_the_two_states() -> None:
    gazetteer = load_gazetteer()
    point = gazetteer.border_point("PL", "BY")
    assert point is not None
    assert gazetteer.border_point("BY", "PL") == point  # one point whatever the order
    assert distance_km(*point, 52.1, 23.7) < 250  # the border runs from about 51.5 N to 54 N at 23.5-24 E
    assert gazetteer.border_point("PL", "AU") is None  # no land anywhere near


def test_distance_to_a_country() -> None:
    gazetteer = load_gazetteer()
    inside = gazetteer.km_to_country(52.23, 21.01, "PL")  # Warsaw
    near = gazetteer.km_to_country(54.71, 20.51, "PL")
    assert inside is not None and inside < 10
    assert near is not None and near < 80
    assert gazetteer.km_to_country(-33.9, 151.2, "PL") is None
