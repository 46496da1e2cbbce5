"""General spelling rules of the recogniser (armswatch/kb/names.py), on sentences written
for these tests. Most use a small invented knowledge base, so that the rules are shown to
work for any entry, not because the shipped data lists a spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.evaluation.recognition import evaluate_recognition
from armswatch.kb import System, load_kb
from armswatch.kb.gazetteer import Gazetteer, find_names
from armswatch.kb.names import heading_pattern, name_forms, roman_value, to_roman

DATA = Path(__file__).resolve().parent.parent / "data"


def _system(id: str, name: str, *aliases: str, ambiguous: tuple[str, ...] = ()) -> System:
    return System(
        id=id, name=name, aliases=aliases, ambiguous_aliases=ambiguous, cls="SRBM", profile="ballistic",
        basing=("ground",), range_km=None, range_source=None, nuclear=None, status=None, developer=None,
        operators=(), fires=(), variant_of=None, replaced_by=None,
    )


# Invented entries: only the knowledge base's own spelling of each is given.
TOY = Gazetteer([
    _system("xx.falcon-3", "Falcon-3"),
    _system("xx.kestrel-iv", "Kestrel-IV"),
    _system("xx.lance-1", "Lance-1"),
    _system("xx.hawkmoth-c", "Hawkmoth-C"),
    _system("xx.sa-9", "SA-9"),
    _system("xx.sa-12", "SA-12", "SA-12 Rampart"),
    _system("kp.paekma", "Paekma-2"),
    _system("kp.chollima", "Chollima"),
    _system("cn.hq-77", "HQ-77"),
    _system("cn.df-99", "DF-99"),
    _system("cn.yj-55", "YJ-55"),
    _system("cn.jl-8", "JL-8"),
    _system("xx.f-77", "F-77"),
    _system("xx.a-12", "A-12"),
    _system("xx.b-3", "B-3"),
    _system("xx.mig-55", "MiG-55"),
    _system("xx.tu-88", "Tu-88"),
    _system("xx.at-6", "AT-6"),
    _system("xx.red-spear", "Red Spear"),
])


def toy(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.id) for f in TOY.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Roman and Arabic numerals, both ways, after a name word.
        ("The army paraded the Falcon III for the first time.", [("Falcon III", "xx.falcon-3")]),
        ("A Falcon 3 and a Falcon-III were on show.", [("Falcon 3", "xx.falcon-3"), ("Falcon-III", "xx.falcon-3")]),
        ("Engineers tested a Kestrel 4 missile.", [("Kestrel 4", "xx.kestrel-iv")]),
        ("The Lance I missile entered service.", [("Lance I", "xx.lance-1")]),
        # Letters after a space, a hyphen or none.
        ("It fired a Hawkmoth C, a Hawkmoth-C and a HawkmothC.",
         [("Hawkmoth C", "xx.hawkmoth-c"), ("Hawkmoth-C", "xx.hawkmoth-c"), ("HawkmothC", "xx.hawkmoth-c")]),
        ("Gunners fired a Red-Spear and a RedSpear.", [("Red-Spear", "xx.red-spear"), ("RedSpear", "xx.red-spear")]),
        # The SAM-N of older reporting for NATO SA-N.
        ("Crews fired SAM-9 and SAM 12 missiles; SAM-9s were lost.",
         [("SAM-9", "xx.sa-9"), ("SAM 12", "xx.sa-12"), ("SAM-9", "xx.sa-9")]),
        ("The SA 9 battery was moved.", [("SA 9", "xx.sa-9")]),
        # Romanised syllables joined or split.
        ("Launch crews readied the Paek-ma 2 and the Paek ma 2.", [("Paek-ma 2", "kp.paekma"), ("Paek ma 2", "kp.paekma")]),
        ("Analysts counted Chol-lima and Chol lima missiles.", [("Chol-lima", "kp.chollima"), ("Chol lima", "kp.chollima")]),
        # Pinyin behind Chinese letter prefixes, one word or two.
        ("The Hongqi-77 and the Hong Qi 77 guard the coast.", [("Hongqi-77", "cn.hq-77"), ("Hong Qi 77", "cn.hq-77")]),
        ("A Dongfeng 99, a Dong Feng-99 and a Ying Ji 55 were shown.",
         [("Dongfeng 99", "cn.df-99"), ("Dong Feng-99", "cn.df-99"), ("Ying Ji 55", "cn.yj-55")]),
        ("The Julang-8 arms the submarines.", [("Julang-8", "cn.jl-8")]),
        # Designations with or without hyphen or space, plurals, any case.
        ("Pilots flew F77 jets, F 77 jets and F-77s.", [("F77", "xx.f-77"), ("F 77", "xx.f-77"), ("F-77", "xx.f-77")]),
        ("The MiG-55s, MIG-55s and Mig 55 fighters took off.",
         [("MiG-55", "xx.mig-55"), ("MIG-55", "xx.mig-55"), ("Mig 55", "xx.mig-55")]),
        ("Two Tu 88 bombers and a Tu88 flew.", [("Tu 88", "xx.tu-88"), ("Tu88", "xx.tu-88")]),
        # Words before a name.
        ("They bought U.S.-made F-77s and Chinese-made HQ-77s.", [("F-77", "xx.f-77"), ("HQ-77", "cn.hq-77")]),
    ],
)
def test_spellings_writers_use(text: str, expected: list[tuple[str, str]]) -> None:
    assert toy(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We approved a 12-month plan and a 3 percent rise.",  # "a 12", not A-12
        "A 12-month plan was approved for the missiles.",  # spaced one-letter designation before a compound
        "Plan B 3 was dropped; the fighter jets stayed home.",  # one letter and one digit, spaced
        "The meeting starts at 6 and ends At 6:30.",  # "at 6" is no AT-6, "6:30" is a time
        "Falcon I think is the best name for it, said the missile engineer.",  # "I" the pronoun
        "The Falcon iii was a typo.",  # a Roman numeral must be in capitals
        "No lima beans were served at the missile base.",  # a split syllable needs a capital
        "In the case of lineage B.3.12 the missile tests went ahead.",  # a dotted number
    ],
)
def test_readings_that_are_not_designations(text: str) -> None:
    assert toy(text) == []


def test_spaced_one_letter_designation_needs_weapons_context() -> None:
    assert toy("The A 12 was seen.") == []
    assert toy("The A 12 fighter jets were seen.") == [("A 12", "xx.a-12")]


def test_derived_forms_never_take_another_entrys_own_name() -> None:
    gazetteer = Gazetteer([_system("xx.orca-5", "Orca-5"), _system("xx.orca-v", "Orca V")])
    assert [f.id for f in gazetteer.find("The Orca V missile flew.")] == ["xx.orca-v"]
    assert [f.id for f in gazetteer.find("The Orca 5 missile flew.")] == ["xx.orca-5"]


def test_name_forms_and_numerals() -> None:
    assert [to_roman(n) for n in (1, 4, 9, 14, 20)] == ["i", "iv", "ix", "xiv", "xx"]
    assert roman_value("xiv") == 14 and roman_value("iiii") is None and roman_value("mix") is None
    forms = dict(name_forms("xx.kestrel-iv", "Kestrel-IV"))
    assert forms[("kestrel", "4")] == "roman"
    assert ("sam", "9") in dict(name_forms("xx.sa-9", "SA-9"))
    # Syllable splits and pinyin only for Chinese and Korean entries; none for non-weapons.
    assert ("chol", "lima") in dict(name_forms("kp.chollima", "Chollima"))
    assert ("chol", "lima") not in dict(name_forms("xx.chollima", "Chollima"))
    assert ("dongfeng", "99") in dict(name_forms("cn.df-99", "DF-99"))
    assert ("dongfeng", "99") not in dict(name_forms("xx.df-99", "DF-99"))
    assert dict(name_forms("US", "White House", weapon=False)) == {}


def systems(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.id) for f in find_names(text) if f.kind == "system"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt moved SAM-6 batteries to the canal.", [("SAM-6", "ru.kub")]),
        ("Pakistan tested a Shaheen 3 this week.", [("Shaheen 3", "pk.shaheen-iii")]),
        ("North Korea fired a No-dong into the sea.", [("No-dong", "kp.nodong")]),
        ("The Hong Qi 9 was shown at the parade.", [("Hong Qi 9", "cn.hq-9")]),
        ("Ankara took delivery of mobile S-400 batteries.", [("S-400", "ru.s-400")]),
        ("Officials praised the advanced Patriot missile defense system.", [("Patriot", "us.patriot")]),
        ("Warsaw would like medium-range Tomahawks, a diplomat said.", [("Tomahawks", "us.tomahawk")]),
    ],
)
def test_shipped_knowledge_base(text: str, expected: list[tuple[str, str]]) -> None:
    assert systems(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Senator Jane Shaheen is asking for answers.",  # "is" is no plural of a Roman I
        "That's 300 more tests than last week, the spokesman said.",  # "'s 300" is no S-300
        "The White House said the bill covers as many as 40 agencies.",
        "Staff from the Relief Agency left the missile range.",  # a name inside another name
        "Maria Vega-Lopez spoke about missile policy.",  # a hyphenated personal name
        "The report covered ground-based nuclear missiles and MiG aircraft.",  # generic phrases
        "The shop sold a range of Tomahawk axes, the owner said.",  # "a range of" is no range class
        "An intern wrote a Python script that counts missile launches.",  # software talk
    ],
)
def test_shipped_knowledge_base_leaves_these_alone(text: str) -> None:
    assert systems(text) == []


def test_section_headings_are_matched_at_line_starts_only() -> None:
    text = "Background:\n\nBackground and Pre-crisis Ruritania and Freedonia clashed.\nBackground checks were run."
    assert [m.group() for m in heading_pattern().finditer(text)] == ["Background:", "Background and Pre-crisis"]


def test_section_headings_never_become_entities(blank_extractor) -> None:  # type: ignore[no-untyped-def]
    from armswatch.extract.kb_component import KbRecognizer

    doc = KbRecognizer(load_kb())(blank_extractor.nlp.make_doc("Background and Pre-crisis Syria moved SAM-6 batteries."))
    assert [(e.text, e.label_) for e in doc.ents] == [("Syria", "GPE"), ("SAM-6", "WEAPON")]
    heading = [t for t in doc if t.idx < doc.text.index("Syria")]
    assert heading and all(t.ent_iob == 3 and not t.ent_type_ for t in heading)  # blocked for `ner`


def test_name_recognition_cases() -> None:
    result = evaluate_recognition(DATA / "recognition_names.jsonl")
    assert result.cases >= 30
    assert result.score.precision >= 0.95 and result.score.recall >= 0.95, result.errors
