"""Treaty actions in crisis narratives: agreements of every kind, named or not, on
sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.treaty_actions import treaty_mentions
from armswatch.kb import load_kb


def test_subjects_sign_a_named_disengagement_agreement(acts: Any) -> None:
    assert acts("Israel and Egypt signed Sinai II on 4 September 1975 after weeks of shuttle diplomacy.") == {
        ("sinai-ii", "IL", "sign", "1975-09-04"), ("sinai-ii", "EG", "sign", "1975-09-04")}


def test_participle_after_the_name_takes_the_kb_signatories(acts: Any) -> None:
    # the other signatories of this accord are movements, so the KB lists one state
    text = "The Alvor Accords, signed on 15 January 1975, set a date for the colony's independence."
    assert acts(text) == {("alvor-agreement", "PT", "sign", "1975-01-15")}


def test_the_accord_refers_back_and_the_agents_sign(acts: Any) -> None:
    text = ("Mediators in Switzerland drafted the Geneva Accords on Afghanistan through the winter. "
            "The accord was signed in Geneva on 14 April 1988 by Afghanistan, Pakistan, the United States and the Soviet Union.")
    assert {a[:3] for a in acts(text)} == {
        ("geneva-accords-1988", p, "sign") for p in ("AF", "PK", "US", "SU")}


def test_under_the_accords_signed_in_a_month(acts: Any) -> None:
    text = "Under the Dayton Accords, signed in Paris in December 1995, Serbia agreed to pull back its heavy weapons."
    assert acts(text) == {("dayton-agreement", p, "sign", "1995-12") for p in ("BA", "HR", "RS")}


def test_an_unnamed_agreement_is_found_by_its_date_and_a_named_party(acts: Any) -> None:
    text = "Exhausted by the fighting, Armenia and Azerbaijan signed a ceasefire agreement on 5 May 1994."
    assert acts(text) == {("bishkek-protocol", "AM", "sign", "1994-05-05"), ("bishkek-protocol", "AZ", "sign", "1994-05-05")}


def test_a_group_of_states_stands_for_the_signatories_of_the_event(acts: Any) -> None:
    text = "Tehran and the E3 signed an agreement on 15 November 2004 under which enrichment was frozen."
    assert acts(text) == {("paris-agreement-2004", p, "sign", "2004-11-15") for p in ("IR", "FR", "DE", "GB")}


def test_a_deal_reached_on_a_known_date(acts: Any) -> None:
    text = "The United States and the Soviet Union reached an understanding on 28 October 1962 that ended the standoff."
    assert {a[:3] for a in acts(text)} == {("cuba-understanding-1962", "US", "sign"), ("cuba-understanding-1962", "SU", "sign")}


def test_unnamed_passive_signing_takes_its_states_from_the_sentence_before(acts: Any) -> None:
    text = "Delegations of India and Pakistan met for a week in the mountains. An agreement was finally signed on 2 July 1972."
    assert acts(text) == {("simla-agreement", "IN", "sign", "1972-07-02"), ("simla-agreement", "PK", "sign", "1972-07-02")}


def test_accepting_a_resolution_and_agreeing_to_an_accord_are_consent(acts: Any) -> None:
    assert acts("On 18 July 1988 Tehran accepted Security Council Resolution 598.") == {("unscr-598", "IR", "sign", "1988-07-18")}
    assert {a[:3] for a in acts("Baghdad agreed to the Algiers Accord of 1975 after Iranian pressure.")} == {
        ("algiers-agreement-1975", "IQ", "sign")}


def test_signing_as_the_end_of_a_crisis(acts: Any) -> None:
    text = "The war ended with the signing of the Tashkent Declaration on 10 January 1966."
    assert {a[:3] for a in acts(text)} == {("tashkent-declaration", "IN", "sign"), ("tashkent-declaration", "PK", "sign")}


def test_the_signing_of_an_unnamed_agreement(acts: Any) -> None:
    text = "Fighting between Ethiopia and Eritrea stopped with the signing of a peace agreement on 12 December 2000."
    assert {a[:3] for a in acts(text)} == {("algiers-agreement-2000", "ET", "sign"), ("algiers-agreement-2000", "ER", "sign")}


def test_initialling_counts_as_signing_and_a_coordinated_verb_shares_the_treaty(acts: Any) -> None:
    text = "The Dayton Agreement was initialled in Ohio on 21 November 1995 and signed in Paris weeks later."
    assert {a[:3] for a in acts(text)} == {("dayton-agreement", p, "sign") for p in ("BA", "HR", "RS")}


def test_withdrawal_from_a_peace_agreement_by_notice(acts: Any) -> None:
    text = "Baghdad gave notice of its withdrawal from the 1975 Algiers Agreement on 17 September 1980."
    assert acts(text) == {("algiers-agreement-1975", "IQ", "withdraw", "1980-09-17")}


def test_suspension_of_a_grain_deal_and_return(acts: Any) -> None:
    assert {a[:3] for a in acts("Moscow announced its suspension of the Black Sea Grain Initiative in late October.", "2022-11-01")} == {
        ("black-sea-grain-initiative", "RU", "suspend")}
    assert {a[:3] for a in acts("Russia rejoined the Black Sea grain deal after four days.")} == {
        ("black-sea-grain-initiative", "RU", "return")}


@pytest.mark.parametrize("text", [
    # proposed, negotiated or discussed only
    "Talks on a peace treaty between the two Koreas resumed in the border village.",
    "Diplomats negotiated the Lusaka Protocol for months without result.",
    "The envoy proposed a ceasefire agreement between Armenia and Azerbaijan on 5 May 1994.",
    # "sign" of other documents
    "Egypt and Israel signed a contract for natural gas deliveries on 4 September 1975.",
    "The president signed the defence bill into law on 12 December.",
    "The two foreign ministers signed a letter to the Security Council.",
    # an agreement the knowledge base does not hold on that date
    "The two governments signed an agreement on 3 March 1991 on fishing rights.",
    # refusals and negations of consent
    "The junta refused to accept the Lusaka Protocol.",
    "Pretoria did not agree to the Nkomati Accord.",
    # consensus in principle is not a signature
    "Ankara and Washington reached agreement in principle on the Sochi Memorandum.",
    # the signing only dates something else
    "Raids continued from 1987 until the signing of the Oslo Accord in 1993.",
])
def test_no_action(acts: Any, text: str) -> None:
    assert acts(text) == set()


def test_shared_names_resolve_by_the_year_in_the_sentence(model_extractor: NlpExtractor) -> None:
    kb = load_kb()

    def meant(text: str, published: str | None = None) -> set[str]:
        return set(treaty_mentions(model_extractor.nlp(text), kb, published).values())

    assert meant("The Geneva Accords of 1954 partitioned the country.") == {"geneva-accords-1954"}
    assert meant("Soviet troops left under the Geneva Accords, signed in 1988.") == {"geneva-accords-1988"}
    assert meant("In November 2004 Iran accepted the Paris Agreement.") == {"paris-agreement-2004"}
    assert meant("The Algiers Agreement of 2000 ended the border war.") == {"algiers-agreement-2000"}


def test_a_longer_proper_name_is_not_the_kb_treaty_inside_it(model_extractor: NlpExtractor) -> None:
    doc = model_extractor.nlp("Both governments welcomed the Technology Safeguards Agreement on space launches.")
    assert treaty_mentions(doc, load_kb()) == {}
