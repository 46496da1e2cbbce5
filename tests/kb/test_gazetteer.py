"""Recognition of knowledge-base names in text (sentences written for these tests)."""

from __future__ import annotations

import pytest

from armswatch.kb import load_kb
from armswatch.kb.gazetteer import find_names


def systems(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.id) for f in find_names(text) if f.kind == "system"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Batteries of S-400s were moved north.", [("S-400", "ru.s-400")]),
        ("The S400 and the S 400 are one system.", [("S400", "ru.s-400"), ("S 400", "ru.s-400")]),
        ("The S-400's radar was switched on.", [("S-400", "ru.s-400")]),
        ("Bombers fired Kh\u2011101 missiles overnight.", [("Kh\u2011101", "ru.kh-101")]),
        ("Two 9M729-equipped battalions were formed.", [("9M729", "ru.9m729")]),
        ("The SSC-8, or Screwdriver, is a cruise missile.", [("SSC-8", "ru.9m729"), ("Screwdriver", "ru.9m729")]),
        ("Iskander-M is not Iskander-K.", [("Iskander-M", "ru.iskander-m"), ("Iskander-K", "ru.iskander-k")]),
        ("China paraded the DF21D.", [("DF21D", "cn.df-21d")]),
        ("Kyiv asked for more Patriots to stop ballistic missiles.", [("Patriots", "us.patriot")]),
    ],
)
def test_variants_are_found_and_resolved(text: str, expected: list[tuple[str, str]]) -> None:
    assert systems(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Patriot Act was renewed by Congress.",
        "Iskander Akhmetov, a lawyer, spoke to reporters.",
        "Troops left Camp Bastion in 2014.",
        "The city is a bastion of liberal politics.",
        "It was a triumph for diplomacy, said the minister.",
        "He is a patriot, his friends said.",
        "Theresa May met her counterpart in May.",
    ],
)
def test_names_that_are_words_or_other_names_are_left_alone(text: str) -> None:
    assert systems(text) == []


def test_ambiguous_names_need_weapons_context_in_the_same_sentence() -> None:
    assert systems("Russia placed Bastion coastal missiles on the islands.") == [("Bastion", "ru.bastion-p")]
    assert systems("The Bastion was mentioned. Missiles were also discussed.") == []


def test_one_sense_per_article() -> None:
    found = systems("Russia fired six Kinzhal missiles. The Kinzhal is carried by jets.")
    assert found == [("Kinzhal", "ru.kh-47m2"), ("Kinzhal", "ru.kh-47m2")]


def test_actors_treaties_and_case() -> None:
    found = [(f.kind, f.id) for f in find_names("Washington said Moscow broke the INF Treaty; the Kremlin and Nato disagreed, as did US officials.")]
    assert found == [("actor", "US"), ("actor", "RU"), ("treaty", "inf"), ("actor", "RU"), ("actor", "nato"), ("actor", "US")]
    assert [f.id for f in find_names("Give us the details.")] == []


def test_offsets_point_at_the_text() -> None:
    text = "Officials said the SA-21 Growler battery was ready."
    [found] = [f for f in find_names(text) if f.kind == "system"]
    assert text[found.start : found.end] == found.text == "SA-21 Growler" and found.id == "ru.s-400"


def test_kb_resolve_aliases() -> None:
    kb = load_kb()
    assert kb.resolve("Triumf").id == "ru.s-400"
    assert kb.resolve("the Kremlin").id == "RU"
    assert kb.resolve("Intermediate-Range Nuclear Forces Treaty").id == "inf"
    assert kb.resolve_id("no such weapon") is None
