"""A letter's or message's signature at its foot stays in the body: it names the letter's "I"
(texts written for these tests)."""

from __future__ import annotations

from armswatch.clean import clean_document
from armswatch.ingest.files import content_hash
from armswatch.models import Cleaned, Hints, SourceDoc

BODY = (
    "I am writing to inform you that I have ordered the deployment of two additional "
    "air defense batteries to protect our forces in the region.\n\n"
    "I have taken this action pursuant to my constitutional authority, and I appreciate "
    "the continued support of the Congress.\n\n"
)


def clean(text: str) -> Cleaned:
    doc = SourceDoc(
        source_key="file:///tmp/letter.txt", location="letter.txt", fmt="text", raw=text.encode(),
        text=text, encoding="utf-8", content_hash=content_hash(text.encode()),
        hints=Hints(title="Letter to the Presiding Officers of the Assembly"),
    )
    return clean_document(doc)


def cut(cleaned: Cleaned) -> list[str]:
    return [r.text.strip() for r in cleaned.removed]


def test_a_capitalised_name_before_the_place_and_date_of_signing_stays() -> None:
    cleaned = clean(BODY + "MARGARET L. HOLLOWAY JR.\n\nTHE EXECUTIVE MANSION,\n    April 3, 2031.\n")
    assert cleaned.body.rstrip().endswith("MARGARET L. HOLLOWAY JR.")
    assert "THE EXECUTIVE MANSION," in " ".join(cut(cleaned))


def test_a_name_after_a_complimentary_close_stays_and_the_close_is_cut() -> None:
    for name in ("MARGARET L. HOLLOWAY", "Margaret L. Holloway"):
        cleaned = clean(BODY + "Sincerely,\n\n" + name + "\n")
        assert cleaned.body.rstrip().endswith(name)
        assert "Sincerely," in cut(cleaned)


def test_a_closing_name_with_neither_close_nor_signing_line_is_still_cut() -> None:
    cleaned = clean(BODY + "MARGARET HOLLOWAY\n")
    assert "MARGARET HOLLOWAY" not in cleaned.body
    assert "MARGARET HOLLOWAY" in cut(cleaned)


def test_a_title_case_name_without_a_close_is_not_a_signature() -> None:
    cleaned = clean(BODY + "Margaret Holloway\n\nTHE EXECUTIVE MANSION,\n")
    assert "Margaret Holloway" not in cleaned.body


def test_a_final_capitalised_heading_line_is_not_a_signer() -> None:
    cleaned = clean(BODY + "Sincerely,\n\nTHE WHITE HOUSE STAFF,\n")
    assert "STAFF" not in cleaned.body
