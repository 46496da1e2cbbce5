"""Claims in the prose of a history, organs speaking for their state, statements issued in
their signatories' names, and press-briefing transcripts (sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract.speakers import clean_name
from armswatch.extract.stance import classify_stance

from .conftest import pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey warned Greece that any new patrol near the islands would be met with force.", ("TR", "threaten")),
        ("In March the United States demanded that the inspectors be readmitted at once.", ("US", "demand")),
        ("Israel accused Syria of arming the militia with new rockets.", ("IL", "accuse")),
        ("The Soviet Union rejected the accusation as a crude fabrication.", ("SU", "deny")),
        ("Egypt protested to the Security Council about the border raids.", ("EG", "accuse")),
        ("Washington condemned the seizure of the tanker.", ("US", "accuse")),
        ("Iran pledged to halt enrichment for six months.", ("IR", "announce")),
        ("Pakistan called the test a defensive necessity.", ("PK", "justify")),
        ("India proposed a conference of all the states of the region.", ("IN", "demand")),
        ("Japan appealed to both sides to stop the shelling.", ("JP", "demand")),
        ("China agreed to a ceasefire along the whole front.", ("CN", "announce")),
    ],
)
def test_states_speak_in_the_prose_of_a_history(claims_of: Any, text: str, expected: tuple[str, str]) -> None:
    assert expected in pairs(claims_of(text))


def test_a_state_merely_acting_makes_no_claim(claims_of: Any) -> None:
    assert claims_of("Israel bombed the depot and Syria moved two brigades to the border.") == []


def test_issued_an_ultimatum_and_a_statement(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The NATO Council issued an ultimatum to the rebels. "
        "Two days later the IAEA issued a statement calling on Iran to admit the inspectors."
    ))
    assert ("nato", "threaten") in found
    assert ("iaea", "demand") in found


def test_possessive_and_agent_speech_nouns(claims_of: Any) -> None:
    found = pairs(claims_of(
        "Kenya's request for an urgent session was granted. "
        "An appeal by Foreign Minister Ilse Varga to the alliance went unanswered."
    ))
    assert ("KE", "demand") in found
    assert ("Ilse Varga", "demand") in found


def test_a_passive_speech_verb_speaks_through_its_agent(claims_of: Any) -> None:
    claims = claims_of("The new government was recognized by Brazil within a week. Chile was accused of harbouring the rebels.")
    assert ("BR", "announce") in pairs(claims)
    assert all(c.speaker != "CL" for c in claims)


def test_each_state_of_a_list_speaks(claims_of: Any) -> None:
    found = pairs(claims_of("Germany, Italy, and Spain believed that the dispute could be settled by talks."))
    assert {("DE", "assert"), ("IT", "assert"), ("ES", "assert")} <= found


def test_organs_and_demonyms_speak_for_their_state(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The Iraqi cabinet condemned the new sanctions. British and French officials argued that the strikes were in self-defence."
    ))
    assert ("IQ", "accuse") in found
    assert {("GB", "justify"), ("FR", "justify")} <= found


def test_a_short_form_refers_back_to_the_body(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The UN Security Council met on Monday. The Council passed a resolution critical of the blockade and called for talks."
    ))
    assert ("un.security-council", "accuse") in found
    assert ("un.security-council", "demand") in found


def test_soviet_era_metonyms_stand_for_the_ussr(claims_of: Any) -> None:
    text = "In 1961 the Soviet Union resumed testing. The Kremlin threatened to sign a separate treaty."
    assert ("SU", "threaten") in pairs(claims_of(text))
    modern = "Russia and the Soviet Union are often confused. The Kremlin threatened to leave the talks."
    assert ("RU", "threaten") in pairs(claims_of(modern))


def test_a_refusal_is_not_a_denial(claims_of: Any) -> None:
    claims = claims_of("Iraq rejected the proposal for surprise inspections.")
    assert ("IQ", "deny") not in pairs(claims)


def test_a_relative_clause_does_not_set_the_stance(claims_of: Any) -> None:
    text = ("Danish officials argued that the raid was consistent with the charter, "
            "which warns that violators will face retaliation.")
    assert ("DK", "justify") in pairs(claims_of(text))


def test_section_headings_are_not_parts_of_names() -> None:
    assert clean_name("Background Khrushchev") == "Khrushchev"
    assert clean_name("Summary: Marta Kowalczyk") == "Marta Kowalczyk"
    assert clean_name("Ilse Varga") == "Ilse Varga"


def test_warning_about_a_third_party_is_not_a_threat() -> None:
    assert classify_stance("warn", "that the talks would lead to war")[0] == "threaten"
    assert classify_stance("warn", "the allies of an impending raid", about_other=True)[0] == "assert"
    assert classify_stance("agree", "that the evidence was thin", that_clause=True)[0] == "assert"
    assert classify_stance("agree", "to a ceasefire")[0] == "announce"


JOINT_TITLE = "Joint Statement by Canadian Prime Minister Ella Marchetti and Norwegian Prime Minister Sven Aarud"
JOINT_BODY = (
    "We are committed to supplying Ukraine with more air defence interceptors. "
    "We condemn Russia's continued aggression against Ukrainian cities. "
    "Our partnership has been tested many times and has never been stronger. "
    "Several allies, including Spain, will also provide support."
)


def test_a_joint_statement_speaks_for_each_signatory(claims_of: Any) -> None:
    found = pairs(claims_of(JOINT_BODY, title=JOINT_TITLE))
    for leader in ("Ella Marchetti", "Sven Aarud"):
        assert (leader, "announce") in found
        assert (leader, "accuse") in found
        assert (leader, "assert") in found
    assert not any(speaker == "ES" for speaker, _ in found)


def test_without_a_statement_title_we_is_nobody(claims_of: Any) -> None:
    assert claims_of(JOINT_BODY, title="Allies pledge more interceptors") == []


def test_a_state_sentence_in_a_declaration_goes_to_its_leader(claims_of: Any) -> None:
    body = (
        "President Tomas Ferreira of Brazil and President Lena Holm of Sweden met on Monday in Brasilia. "
        "Brazil commits to host the next summit. "
        "The two Presidents announced a new consultative group."
    )
    found = pairs(claims_of(body, title="Brasilia Declaration"))
    assert ("Tomas Ferreira", "announce") in found and ("Lena Holm", "announce") in found
    assert not any(speaker in ("BR", "two Presidents") for speaker, _ in found)


def test_a_statement_by_a_state_speaks_for_it(claims_of: Any) -> None:
    found = pairs(claims_of(
        "We will continue to deliver air defence systems to our partners.",
        title="Joint Statement by the United States and Germany",
    ))
    assert {("US", "announce"), ("DE", "announce")} <= found


BRIEFING = (
    "MS. OKAFOR:  Good afternoon. We will send two more Patriot batteries to Poland next month.\n\n"
    "Q    Is Russia violating the treaty with these launchers?\n\n"
    "MS. OKAFOR:  Russia is in clear violation of the treaty, and it should return to compliance.\n"
)


def test_briefing_answers_are_the_briefers_and_questions_are_nobodys(claims_of: Any) -> None:
    claims = claims_of(BRIEFING, title="Press Briefing by Press Secretary Grace Okafor")
    found = pairs(claims)
    assert ("Grace Okafor", "announce") in found
    assert ("Grace Okafor", "accuse") in found
    question = BRIEFING.index("Is Russia")
    assert not any(question <= c.start < question + 60 for c in claims)


def test_indicate_is_speech_only_for_a_person(claims_of: Any) -> None:
    found = pairs(claims_of(
        "On 3 May, Omar Haddad indicated to a visiting envoy that his country would accept the monitors. "
        "Satellite images indicated that the launchers had moved."
    ))
    assert ("Omar Haddad", "announce") in found
    assert len(found) == 1


def test_a_divided_states_demonym_is_not_its_neighbours(claims_of: Any) -> None:
    found = pairs(claims_of("The East German government announced its support for the plan."))
    assert ("DE", "announce") not in found


def test_a_name_the_tagger_cut_short_is_made_whole(claims_of: Any) -> None:
    body = (
        "President Marta Kowalczyk of Poland and President\nAhn Jae Hoon of the Republic of Korea met in Warsaw. "
        "President Ahn reaffirmed that the ROK will apply the full range of its capabilities to the defence posture."
    )
    speakers = {c.speaker for c in claims_of(body, title="Warsaw Declaration")}
    assert "Ahn Jae Hoon" in speakers and "Ahn" not in speakers


def test_the_cue_file_names_only_known_stances() -> None:
    from armswatch.extract.stance import STANCES, cues

    data = cues()
    assert set(data["verbs"]) <= set(STANCES) | {"neutral", "belief", "person_only"}
    assert {rule["stance"] for rule in data["content"]} <= set(STANCES)
    assert set(data["issue"]["nouns"].values()) <= set(STANCES)
    stanced = {lemma for stance, lemmas in data["verbs"].items() if stance in STANCES for lemma in lemmas}
    assert not stanced & set(data["verbs"]["neutral"]), "a verb is either stanced or neutral"


def test_a_participle_repeating_the_stance_is_the_same_statement(claims_of: Any) -> None:
    one = claims_of("The ministry denied that the battery had moved, calling the report a fabrication.")
    assert [c.stance for c in one] == ["deny"]
    two = pairs(claims_of("The Kenyan delegation rejected the charge, demanding an apology from the envoy."))
    assert {("KE", "deny"), ("KE", "demand")} <= two
