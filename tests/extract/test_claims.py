"""Attribution patterns, on sentences written for these tests (real English pipeline)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract.stance import classify_stance, read_modality

from .conftest import pairs


def test_said_that_with_surname_and_pronoun(claims_of: Any) -> None:
    text = (
        "Defence Minister Anna Orlova said on Monday that the batteries were a response to the alliance's drills. "
        "Orlova declined to say how many launchers had arrived. "
        "She added that the ministry would deploy two more batteries next year."
    )
    found = pairs(claims_of(text))
    assert ("Anna Orlova", "justify") in found
    assert ("Anna Orlova", "decline_comment") in found
    assert ("Anna Orlova", "announce") in found


def test_quote_then_said_name(claims_of: Any) -> None:
    text = "“We will respond to any strike on our territory with countermeasures,” said Pavel Ruslanov, the deputy foreign minister."
    [claim] = claims_of(text)
    assert claim.speaker == "Pavel Ruslanov" and claim.stance == "threaten"
    assert text[claim.start : claim.end].startswith("We will respond")


def test_according_to(claims_of: Any) -> None:
    text = "According to Marek Wolny, a researcher at the institute, the launchers were moved in March."
    claims = claims_of(text)
    assert ("Marek Wolny", "assert") in pairs(claims)
    assert claims[0].cue == "according to"


def test_citing_chain_keeps_an_anonymous_source(claims_of: Any) -> None:
    text = "Citing an unnamed intelligence official, the Baltic Courier reported that two brigades were stationed near the border."
    [claim] = claims_of(text)
    assert claim.speaker == "Baltic Courier"
    assert claim.cited == ("an unnamed intelligence official",)


def test_states_and_metonyms_as_speakers_and_targets(claims_of: Any) -> None:
    text = "Washington accused Moscow of violating the treaty. The Kremlin denied the accusation."
    claims = claims_of(text)
    assert ("US", "accuse") in pairs(claims) and ("RU", "deny") in pairs(claims)
    accusation = next(c for c in claims if c.stance == "accuse")
    denial = next(c for c in claims if c.stance == "deny")
    assert accusation.target == "RU" and "inf" not in accusation.about
    assert denial.answers == accusation.start


def test_two_subjects_two_claims(claims_of: Any) -> None:
    found = pairs(claims_of("Seoul and Tokyo condemned the launch of the Hwasong-18."))
    assert {("KR", "accuse"), ("JP", "accuse")} <= found


def test_role_resolved_through_apposition(claims_of: Any) -> None:
    text = (
        "The president's spokesman, Ilya Demin, said the exercise was routine. "
        "Later the president's spokesman said that the troops would stay until May."
    )
    assert {c.speaker for c in claims_of(text)} == {"Ilya Demin"}


def test_unnamed_office_speaks_for_its_state(claims_of: Any) -> None:
    [claim] = claims_of("The Russian foreign ministry said that the deployment of Patriot batteries was a provocation.")
    assert claim.speaker == "RU" and claim.stance == "accuse"


def test_quote_over_two_paragraphs_goes_to_its_speaker(claims_of: Any) -> None:
    text = (
        "“We have no choice but to strengthen our defences. The missiles will stay where they are.\n\n"
        "“Anyone who threatens us should think twice,” the general, Oleg Sidorenko, said."
    )
    claims = claims_of(text)
    assert {c.speaker for c in claims} == {"Oleg Sidorenko"}
    assert any("no choice" in c.content for c in claims)


def test_a_repeated_sentence_is_one_claim_with_two_evidence_spans(claims_of: Any) -> None:
    sentence = "Colonel Ruta Kaneva said the radar had been switched off."
    claims = claims_of(f"{sentence}\n\n{sentence}")
    assert len(claims) == 1 and len(claims[0].evidence) == 2


def test_non_speakers_are_not_speakers(claims_of: Any) -> None:
    assert claims_of("The move is merely defending the country's security, the paper's analysis suggests nothing else.") == [] or all(
        c.speaker != "move" for c in claims_of("The move is merely defending the country's security.")
    )


@pytest.mark.parametrize(
    ("lemma", "content", "stance"),
    [
        ("say", "the deployment is in breach of the treaty", "accuse"),
        ("say", "the report was fabricated", "deny"),
        ("say", "Moscow would deploy more launchers next year", "announce"),
        ("say", "the allies should spend more on defence", "demand"),
        ("say", "the battalion was formed in 2017", "assert"),
        ("warn", "any attack would meet retaliation", "threaten"),
        ("urge", "Russia to return to compliance", "demand"),
        ("decline", "to comment on the report", "decline_comment"),
    ],
)
def test_stance_rules(lemma: str, content: str, stance: str) -> None:
    assert classify_stance(lemma, content)[0] == stance


def test_modality_flags() -> None:
    flags = read_modality("if the talks fail, Russia could deploy the missiles, which it reportedly would not withdraw")
    assert flags.conditional and flags.hypothetical and flags.reported and flags.negated and flags.future


def test_interview_turns_belong_to_the_named_person(claims_of: Any) -> None:
    text = (
        "The outlet spoke with Helga Brandt, a former defence official, about the new batteries. "
        "Reporter: What did you see during the visit? "
        "Helga Brandt, former state secretary: The launchers are already in place near the coast. "
        "Reporter: Is that a threat? "
        "Brandt: Russia violated every agreement on these missiles. The allies should buy more interceptors now."
    )
    found = pairs(claims_of(text))
    assert {("Helga Brandt", "assert"), ("Helga Brandt", "accuse"), ("Helga Brandt", "demand")} <= found
    assert not any(speaker == "Reporter" for speaker, _ in found)
