"""Narrative precision: speech verbs used as actions, refusals, commands, facts stated with a
demand verb, and speakers named by a role, a pronoun or a former state's adjective (sentences
written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract.stance import content_stance

from .conftest import pairs


@pytest.mark.parametrize(
    "text",
    [
        "Turkey called up forty thousand reservists on the first day.",
        "The Arab League called an emergency meeting of its council.",
        "Egypt denied the foreign ships passage through the straits.",
        "Syria dismissed its chief of staff after the defeat.",
        "Pakistan pressed its offensive in the northern valleys.",
        "India committed three divisions to the eastern front.",
        "In the end Peru and Ecuador resolved the dispute through mediation.",
        "Greece moved two brigades to defend the islands against a landing.",
    ],
)
def test_a_speech_verb_used_as_an_action_is_no_claim(claims_of: Any, text: str) -> None:
    assert claims_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Greece denied the report that its aircraft had crossed the line.", ("GR", "deny")),
        ("Turkey called for talks without preconditions.", ("TR", "demand")),
        ("Peru defended its decision as lawful and necessary.", ("PE", "justify")),
        ("Norway demanded that the seized trawlers be released at once.", ("NO", "demand")),
    ],
)
def test_the_speech_sense_still_counts(claims_of: Any, text: str, expected: tuple[str, str]) -> None:
    assert expected in pairs(claims_of(text))


def test_rejecting_a_call_is_a_refusal_even_when_the_noun_is_tagged_as_a_verb(claims_of: Any) -> None:
    found = pairs(claims_of("Syria rejected Turkish and Iraqi calls for it to withdraw its troops from the border."))
    assert ("SY", "deny") not in found


def test_a_demand_verb_with_an_indicative_past_clause_asserts_a_fact(claims_of: Any) -> None:
    found = pairs(claims_of(
        "Foreign Minister Ilse Varga rejected the report, demanding that the withdrawal had been completed weeks earlier."
    ))
    assert ("Ilse Varga", "assert") in found
    assert ("Ilse Varga", "demand") not in found


def test_the_patient_of_a_proposed_passive_does_not_speak(claims_of: Any) -> None:
    claims = claims_of("A letter to the council proposed that Trieste be neutralized and declared an open city.")
    assert all(c.stance != "announce" for c in claims)


def test_an_object_controlled_infinitive_is_not_the_subjects_statement(claims_of: Any) -> None:
    found = pairs(claims_of("Japan urged Iran to agree to the inspections."))
    assert ("JP", "demand") in found
    assert ("JP", "announce") not in found


def test_a_command_is_a_decision_unless_it_is_aimed_at_another_party(claims_of: Any) -> None:
    assert ("GR", "announce") in pairs(claims_of("The Greek government ordered the mobilization of its reserves."))
    assert ("EG", "demand") in pairs(claims_of("Egypt ordered Britain to withdraw its troops from the zone."))


def test_a_document_with_nothing_said_about_it_is_no_claim(claims_of: Any) -> None:
    assert claims_of("Spain sent replies to the note on 5 May.") == []


def test_a_speech_noun_under_negation_reports_no_statement(claims_of: Any) -> None:
    found = pairs(claims_of("Cuba said it would never accept an American ultimatum."))
    assert ("US", "threaten") not in found
    assert any(speaker == "CU" for speaker, _ in found)


def test_former_states_and_a_news_agency_speak(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The East German government protested against the new checkpoints. "
        "The Tass news agency warned that any incursion would lead to war."
    ))
    assert ("DD", "accuse") in found
    assert ("ru.tass", "threaten") in found


def test_a_role_only_leader_is_the_person_named_before(claims_of: Any) -> None:
    text = ("Brezhnev spoke at length about the border. Two days later the Soviet leader denied "
            "that any troops had crossed it.")
    found = pairs(claims_of(text))
    assert any(stance == "deny" and speaker.endswith("Brezhnev") for speaker, stance in found)
    assert ("SU", "deny") not in found


def test_a_role_only_leader_with_no_named_holder_is_the_state(claims_of: Any) -> None:
    found = pairs(claims_of("The Libyan leader warned that any attack would be met with force."))
    assert ("LY", "threaten") in found


def test_it_and_the_government_refer_back_to_the_state_last_acting(claims_of: Any) -> None:
    found = pairs(claims_of(
        "Chile closed its border with Bolivia in May. In June it demanded that the talks resume. "
        "The government said the closure was a response to the raids."
    ))
    assert ("CL", "demand") in found
    assert ("CL", "justify") in found


def test_it_after_a_thing_is_no_speaker(claims_of: Any) -> None:
    claims = claims_of("The plan was drafted in Paris. It proposed a conference of all the parties.")
    assert claims == []


def test_a_body_the_text_equates_with_a_state_speaks_as_that_state(claims_of: Any) -> None:
    found = pairs(claims_of("The fighting spread north and Hezbollah (Lebanon) announced a truce on 3 May."))
    assert ("LB", "announce") in found


def test_content_rules_read_a_hard_wrapped_line_as_one() -> None:
    assert content_stance("to manage the threat to the\nregional order posed\nby the regime")[0] == "accuse"


def test_conformity_with_a_national_policy_is_no_justification() -> None:
    assert content_stance("commits to consult its ally, consistent with the national posture review")[0] != "justify"
    assert content_stance("the strikes were consistent with the UN Charter")[0] == "justify"


def test_a_fronted_phrase_does_not_steal_the_subject(claims_of: Any) -> None:
    found = pairs(claims_of(
        "As during the previous crisis, Sweden, Austria, and Ireland believed that the quarrel could be settled by talks."
    ))
    assert {("SE", "assert"), ("AT", "assert"), ("IE", "assert")} <= found


def test_assurances_owned_by_a_conjoined_state_and_demonym(claims_of: Any) -> None:
    found = pairs(claims_of(
        "Chad renewed its complaint, despite U.S. and Nigerian assurances that the danger had passed."
    ))
    assert ("US", "assert") in found
    assert ("NG", "assert") in found


def test_an_agentless_resolution_speaks_for_the_body_named_before(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The Security Council met for three days; and a resolution was passed condemning the incursion "
        "and demanding that the troops leave at once."
    ))
    assert ("un.security-council", "accuse") in found
    assert ("un.security-council", "demand") in found


def test_a_letter_or_message_says_what_its_words_say(claims_of: Any) -> None:
    found = pairs(claims_of("Two days later Syria sent a message to the Arab League urging joint action."))
    assert ("SY", "demand") in found


def test_a_warning_about_what_others_may_do_is_no_threat(claims_of: Any) -> None:
    found = pairs(claims_of("The economist Lena Holm warns that such sanctions could push the government into a corner."))
    assert ("Lena Holm", "assert") in found
    assert ("Lena Holm", "threaten") not in found
    assert ("GR", "threaten") in pairs(claims_of("Greece warned that it would sink any ship that entered the zone."))


def test_hypothetical_speech_inside_a_statement_is_the_outer_speakers(claims_of: Any) -> None:
    claims = claims_of("Analysts say Tehran would welcome the closure of the base.")
    assert all(c.speaker != "IR" for c in claims)


def test_a_response_that_was_a_statement(claims_of: Any) -> None:
    found = pairs(claims_of(
        "The blockade triggered a crisis for Cuba. Its response was a statement calling the blockade an act of aggression."
    ))
    assert ("CU", "accuse") in found


@pytest.mark.parametrize(
    ("content", "justifies"),
    [
        ("the deployment was purely defensive", True),
        ("a defensive measure against the raids", True),
        ("the partners will provide more defensive weapons", False),
    ],
)
def test_defensive_justifies_only_as_a_claim_about_the_act(content: str, justifies: bool) -> None:
    assert (content_stance(content)[0] == "justify") is justifies


def test_it_refers_back_past_a_passive_sentence_to_the_body_last_acting(claims_of: Any) -> None:
    claims = claims_of(
        "The Arab League tried two mediations; both were fruitless. League observers were sent to the border in May. "
        "In June it called for a ceasefire."
    )
    demands = [c for c in claims if c.stance == "demand"]
    assert demands and demands[0].speaker_text == "it"
    assert demands[0].speaker_kind == "actor" and demands[0].speaker.islower()  # a body's id, not a state's code
