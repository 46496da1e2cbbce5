"""A letter or message is its signer's: the name at its foot, as the office-holder table
spells the holder (texts written for these tests)."""

from __future__ import annotations

from armswatch.extract.claims import extract_claims
from armswatch.extract.nlp import NlpExtractor

BODY = (
    "I have determined that the deployment of additional air defense batteries is necessary "
    "to protect our forces from ballistic missile attacks.\n\n"
    "I will continue to review these deployments with my advisers.\n\n"
)


def speakers(extractor: NlpExtractor, text: str, title: str, published: str | None = None) -> set[str]:
    return {c.speaker for c in extract_claims(extractor.nlp(text), title=title, published=published)}


def test_a_letters_first_person_is_its_capitalised_signer(model_extractor: NlpExtractor) -> None:
    found = speakers(model_extractor, BODY + "MARGARET L. HOLLOWAY", "Letter to the Presiding Officers of the Assembly")
    assert found == {"Margaret L. Holloway"}


def test_the_signer_is_named_as_the_office_holder_table_names_the_holder(model_extractor: NlpExtractor) -> None:
    for title in ("Message to the Congress on the Continuation of the National Emergency",
                  "A Letter on the Continuation of the National Emergency",
                  "Text of a Letter from the President to the Presiding Officers"):
        found = speakers(model_extractor, BODY + "JOSEPH R. BIDEN JR.", title, published="2023-05-02")
        assert found == {"Joe Biden"}, title


def test_a_title_case_signature_counts_too(model_extractor: NlpExtractor) -> None:
    found = speakers(model_extractor, BODY + "Margaret L. Holloway", "Letter to the Governors")
    assert found == {"Margaret L. Holloway"}


def test_without_a_signature_a_letter_has_no_issuer(model_extractor: NlpExtractor) -> None:
    assert speakers(model_extractor, BODY.rstrip(), "A Message on the Anniversary of the Treaty") == set()


def test_a_news_story_ending_in_a_name_is_not_a_letter(model_extractor: NlpExtractor) -> None:
    assert speakers(model_extractor, BODY + "MARGARET L. HOLLOWAY", "Missile defence plans draw criticism") == set()
