"""Cleaning page captures. Every fixture here was written for these tests."""

from __future__ import annotations

from armswatch.clean import clean_document
from armswatch.ingest.files import content_hash
from armswatch.models import Cleaned, Hints, SourceDoc

CAPTURE = """Accessibility links
Skip to main content
The Northern Ledger
Home | World | Europe | Defence
Breaking News

Europe
Coastal missiles arrive on the island chain as talks stall
The ministry says the batteries are defensive; neighbours call the move a provocation
By Ilse Varga, Security editor
Published 3 June 2024

A Bal launcher is unloaded at the port of Severo-Kurilsk.
A Bal launcher is unloaded at the port of Severo-Kurilsk. Photograph: Ivan Petrov/Northern Pictures

Russia has moved two batteries of Bal coastal missile systems to the island chain, the defence ministry said on Monday, in a step it described as a routine strengthening of its eastern flank.

Read more: What is the Bal coastal defence system?

"These are purely defensive measures taken on our own territory," the ministry's spokeswoman, Anna Orlova, told reporters in Moscow. "No one should see a threat in them."

Tokyo lodged a protest, saying the deployment ran counter to efforts to build trust in the region and to the spirit of earlier agreements on the islands.

The ministry said the batteries were on permanent combat duty on the island chain.

Analysts said the systems, which have a range of about 260 km, would cover the straits between the islands and the approaches used by foreign ships.

Additional reporting by Tomas Lind

• This article was amended on 4 June 2024 to correct the name of the port.

Ilse Varga in Vladivostok

© 2024 The Northern Ledger. All rights reserved.

Related content

Article image
Japan plans new long-range missiles for its southern islands
Tokyo says the purchase will deter attacks
By Ken Mori
02, Feb, 2024 @9:15 AM

Article image
Navy drills in the Sea of Okhotsk draw protest
Exercises involved ships and aircraft
By Staff
11, Jan, 2024 @7:02 AM

We provide independent news from the region every day. Subscribe to our newsletter to support our journalism.
"""


def clean(text: str, **hints: str) -> Cleaned:
    doc = SourceDoc(
        source_key="file:///tmp/capture.txt",
        location="capture.txt",
        fmt="text",
        raw=text.encode(),
        text=text,
        encoding="utf-8",
        content_hash=content_hash(text.encode()),
        hints=Hints(**hints),
    )
    return clean_document(doc)


def kinds(cleaned: Cleaned) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for removed in cleaned.removed:
        out.setdefault(removed.kind, []).append(removed.text)
    return out


def test_body_starts_with_standfirst_and_ends_with_last_paragraph() -> None:
    cleaned = clean(CAPTURE)
    assert cleaned.body.startswith("The ministry says the batteries are defensive")
    assert cleaned.body.rstrip().endswith("approaches used by foreign ships.")


def test_metadata_from_the_page() -> None:
    meta = clean(CAPTURE).metadata
    assert meta.title == "Coastal missiles arrive on the island chain as talks stall"
    assert meta.byline == "Ilse Varga"
    assert meta.dateline == "Vladivostok"
    assert meta.published == "2024-06-03"
    assert meta.corrections == ("This article was amended on 4 June 2024 to correct the name of the port.",)
    assert meta.language == "en"


def test_chrome_captions_teasers_credits_and_promotion_are_cut() -> None:
    cleaned = clean(CAPTURE)
    cut = kinds(cleaned)
    for text in ["Accessibility links", "Home | World | Europe | Defence", "Breaking News", "The Northern Ledger"]:
        assert text in cut["chrome"]
    assert len(cut["caption"]) == 2
    assert "Read more: What is the Bal coastal defence system?" in cut["teaser"]
    assert "Japan plans new long-range missiles for its southern islands" in cut["teaser"]
    assert "02, Feb, 2024 @9:15 AM" in cut["teaser"]
    assert cut["credits"] == ["Additional reporting by Tomas Lind"]
    assert cut["promo"][0].startswith("We provide independent news")
    for gone in ["Photograph", "Related content", "Subscribe", "Ken Mori", "Additional reporting", "amended"]:
        assert gone not in cleaned.body


def test_published_hint_wins_over_text() -> None:
    assert clean(CAPTURE, published="2024-06-04").metadata.published == "2024-06-04"


def test_caption_repeating_a_body_sentence_is_cut_but_the_sentence_stays() -> None:
    text = (
        "Missile brigade returns to base\n\n"
        "The Iskander-M brigade that took part in the drills returned to its garrison near Luga on Friday, "
        "the district command said, ending a three-week deployment to the exercise area.\n\n"
        "The brigade returned to its garrison near Luga on Friday, the command said\n\n"
        "Officers said the launchers had fired no live missiles during the exercise and that all "
        "equipment had been accounted for.\n"
    )
    cleaned = clean(text)
    assert kinds(cleaned)["caption"] == ["The brigade returned to its garrison near Luga on Friday, the command said"]
    assert "returned to its garrison near Luga on Friday, the district command said" in cleaned.body


def test_a_paragraph_the_page_prints_twice_is_kept_once() -> None:
    paragraph = (
        "Each regiment reportedly has two batteries of eight launchers, according to officials "
        "familiar with the plans, and the last one is due next year."
    )
    text = f"Deliveries resume\n\n{paragraph}\n\nOfficials gave no further details of the schedule today.\n\n{paragraph}\n"
    cleaned = clean(text)
    assert cleaned.body.count("Each regiment reportedly") == 1
    assert kinds(cleaned)["repeat"] == [paragraph]


def test_wire_dateline_gives_place_and_agency() -> None:
    text = (
        "Launch reported\n\n"
        "SEOUL, May 4 (Test Wire) — North Korea fired a short-range ballistic missile into the sea on Sunday, "
        "the Joint Chiefs of Staff said.\n"
    )
    cleaned = clean(text)
    meta = cleaned.metadata
    assert meta.dateline == "Seoul" and meta.outlet == "Test Wire" and meta.title == "Launch reported"
    assert cleaned.body.startswith("North Korea fired")  # the dateline is metadata, cut from the body
    assert kinds(cleaned)["dateline"] == ["SEOUL, May 4 (Test Wire) — "]


def test_hard_wrapped_prose_is_one_paragraph() -> None:
    text = (
        "Statement by the ministry\n\n"
        "The ministry of defence announces that a division of the S-400 air defence\n"
        "system has taken up combat duty in the northern region, and that crews have\n"
        "completed their training at the range in the south of the country.\n"
    )
    cleaned = clean(text)
    assert cleaned.body.count("\n\n") == 0
    assert cleaned.body.startswith("The ministry of defence") and cleaned.body.endswith("country.")


def test_a_page_of_nothing_but_furniture_is_refused() -> None:
    import pytest

    from armswatch.errors import CleanError

    with pytest.raises(CleanError, match="no article body"):
        clean("Menu\nSearch\nSign in\n")
