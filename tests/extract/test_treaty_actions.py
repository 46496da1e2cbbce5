"""Treaty actions and allegations, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.treaty_actions import cues, extract_allegations, extract_treaty_actions, treaty_mentions
from armswatch.kb import load_kb


@pytest.fixture(scope="module")
def read(model_extractor: NlpExtractor) -> Any:
    def records(text: str, published: str | None = None) -> tuple[list[Any], list[Any]]:
        doc = model_extractor.nlp(text)
        claims = extract_claims(doc)
        return extract_treaty_actions(doc, claims, published=published), extract_allegations(doc, claims)

    return records


def actions(read: Any, text: str, published: str | None = None) -> set[tuple[str, str, str, str | None]]:
    return {(a.treaty, a.party, a.action, a.date) for a in read(text, published)[0]}


def allegations(read: Any, text: str) -> set[tuple[str, str, frozenset[str], str | None]]:
    return {(a.treaty, a.accused, frozenset(a.by), a.system) for a in read(text)[1]}


# ----- actions -----------------------------------------------------------------------------


def test_verb_with_day_date(read: Any) -> None:
    found = read("Moscow suspended its participation in the Open Skies Treaty on 3 March 2011.")[0]
    assert [(a.treaty, a.party, a.action, a.date, a.date_precision) for a in found] == [
        ("open-skies", "RU", "suspend", "2011-03-03", "day")]


def test_announced_future_withdrawal_resolves_against_publication(read: Any) -> None:
    text = "On Tuesday, the Kremlin announced that it will withdraw from the CFE Treaty."
    assert actions(read, text, "2015-06-12") == {("cfe", "RU", "withdraw", "2015-06-09")}


def test_nominal_notice_of_withdrawal_with_month_precision(read: Any) -> None:
    found = read("In June 1998 the United States handed Moscow formal notice of its withdrawal from the SALT II treaty.")[0]
    assert [(a.treaty, a.party, a.action, a.date, a.date_precision) for a in found] == [
        ("salt-ii", "US", "withdraw", "1998-06", "month")]


def test_owned_nominal_actions(read: Any) -> None:
    assert actions(read, "Analysts said Russia's suspension of the CFE Treaty in 2007 worried Europe.") == {
        ("cfe", "RU", "suspend", "2007")}
    assert actions(read, "The American withdrawal from the ABM Treaty was completed in June 2002.") == {
        ("abm", "US", "withdraw", "2002-06")}


def test_each_subject_and_each_agent_is_a_party(read: Any) -> None:
    assert actions(read, "Britain and France ratified the CTBT in April 1998.") == {
        ("ctbt", "GB", "ratify", "1998-04"), ("ctbt", "FR", "ratify", "1998-04")}
    assert actions(read, "The Open Skies Treaty was signed by Canada and Hungary in 1992.") == {
        ("open-skies", "CA", "sign", "1992"), ("open-skies", "HU", "sign", "1992")}


def test_the_accord_refers_back_and_parties_come_from_the_kb_event(read: Any) -> None:
    text = ("Negotiators spent years on the Intermediate-Range Nuclear Forces Treaty. "
            "The accord was finally signed on 8 December 1987 at a summit.")
    assert actions(read, text) == {("inf", "US", "sign", "1987-12-08"), ("inf", "SU", "sign", "1987-12-08")}


def test_the_two_leaders_are_both_parties(read: Any) -> None:
    text = "After long talks, the two leaders signed New START in the Czech capital in April 2010."
    assert actions(read, text) == {("new-start", "US", "sign", "2010-04"), ("new-start", "RU", "sign", "2010-04")}


def test_people_titled_by_their_state(read: Any) -> None:
    text = ("Russian leader Ivan Petrov and American President John Carter met in a neutral capital. "
            "Petrov and Carter signed the CTBT there.")
    assert {a[:3] for a in actions(read, text)} == {("ctbt", "RU", "sign"), ("ctbt", "US", "sign")}


def test_joining_is_ratifying_and_a_later_withdrawal_keeps_the_treaty(read: Any) -> None:
    # accession binds a state as ratification does; the KB records accessions as "ratify"
    text = "Pyongyang acceded to the Non-Proliferation Treaty in 1985 and announced its withdrawal in January 2003."
    assert actions(read, text) == {("npt", "KP", "ratify", "1985"), ("npt", "KP", "withdraw", "2003-01")}


def test_coordinated_verbs_share_the_treaty_and_negation_is_kept(read: Any) -> None:
    assert actions(read, "Israel signed but has never ratified the CTBT.") == {("ctbt", "IL", "sign", None)}


def test_return_rejoin_resume_and_extend(read: Any) -> None:
    assert {a[:3] for a in actions(read, "In 2021 Washington rejoined the Open Skies Treaty.")} == {("open-skies", "US", "return")}
    assert {a[:3] for a in actions(read, "Russia resumed participation in the CFE Treaty last year.", "2024-05-01")} == {
        ("cfe", "RU", "return")}
    assert actions(read, "Moscow and Washington extended New START by five years in February 2021.") == {
        ("new-start", "RU", "extend", "2021-02"), ("new-start", "US", "extend", "2021-02")}


def test_phrasal_withdrawal(read: Any) -> None:
    assert {a[:3] for a in actions(read, "The United States pulled out of the ABM Treaty in 2002.")} == {("abm", "US", "withdraw")}


@pytest.mark.parametrize("text", [
    "Washington urged Russia to return to the New START treaty.",
    "Moscow threatened to withdraw from the CTBT.",
    "Russia has not ratified the CTBT.",
    "Russia would quit the CFE Treaty if NATO kept expanding.",
    "Some senators said the United States could leave the Open Skies Treaty.",
    "Diplomats called for the ratification of the CTBT by all states.",
    "The minister refused to extend New START.",
    "Moscow warned of a possible withdrawal from the INF Treaty.",
])
def test_demands_threats_refusals_and_conditions_are_not_actions(read: Any, text: str) -> None:
    assert actions(read, text) == set()


def test_date_of_the_treaty_name_is_not_the_date_of_the_action(read: Any) -> None:
    text = "The United States said it would withdraw from the 1987 INF Treaty unless Russia came back into compliance."
    assert actions(read, text) == {("inf", "US", "withdraw", None)}


def test_an_unnamed_agreement_breaks_the_reference(read: Any) -> None:
    text = ("The ABM Treaty was discussed at the summit. Later an interim agreement on trade was reached, "
            "and the agreement was signed on 3 May 1990.")
    assert actions(read, text) == set()


# ----- allegations -------------------------------------------------------------------------


def test_accused_of_breaching_with_every_accuser_merged(read: Any) -> None:
    text = ("The IAEA and Germany accused Iran of breaching the Non-Proliferation Treaty. "
            "France also said Iran was in violation of the NPT.")
    assert allegations(read, text) == {("npt", "IR", frozenset({"iaea", "DE", "FR"}), None)}


def test_found_in_material_breach(read: Any) -> None:
    assert allegations(read, "The Security Council found Iraq in material breach of the Non-Proliferation Treaty.") == {
        ("npt", "IQ", frozenset({"un.security-council"}), None)}


def test_system_at_issue_and_violation_by_the_subject(read: Any) -> None:
    text = "Washington says Russia violated the INF Treaty by testing the 9M729."
    assert allegations(read, text) == {("inf", "RU", frozenset({"US"}), "ru.9m729")}


def test_not_meeting_obligations_is_a_breach(read: Any) -> None:
    text = "The IAEA concluded that Syria had not met its obligations under the Non-Proliferation Treaty."
    assert allegations(read, text) == {("npt", "SY", frozenset({"iaea"}), None)}


@pytest.mark.parametrize("text", [
    "Russia denied that it had violated the INF Treaty.",
    "Russia has not violated the INF Treaty, the ministry said.",
    "The test could breach the CTBT, experts warned.",
])
def test_denials_and_possibilities_are_not_allegations(read: Any, text: str) -> None:
    assert allegations(read, text) == set()


# ----- mentions and cues ---------------------------------------------------------------------


def test_the_treaty_refers_to_the_last_named_one(model_extractor: NlpExtractor) -> None:
    doc = model_extractor.nlp("New START was extended. The CTBT was signed in 1996. The treaty has not entered into force.")
    mentions = treaty_mentions(doc, load_kb())
    treaty_word = next(t for t in doc if t.lower_ == "treaty")
    assert mentions[treaty_word.i] == "ctbt"


def test_cue_file_uses_schema_actions_only() -> None:
    allowed = {"sign", "ratify", "withdraw", "suspend", "return", "extend"}
    c = cues()
    assert set(c["verbs"].values()) | set(c["nouns"].values()) | set(c["phrasal"].values()) <= allowed
    assert c["resume"]["action"] in allowed


def test_causative_withdrawal_names_the_state_moved_out(read: Any) -> None:
    text = "In 2019 the president pulled the United States out of the INF Treaty."
    assert {a[:3] for a in actions(read, text)} == {("inf", "US", "withdraw")}


def test_the_resolution_does_not_refer_to_a_treaty(model_extractor: NlpExtractor) -> None:
    doc = model_extractor.nlp("Iran remains bound by the NPT. The resolution was adopted on Monday.")
    mentions = treaty_mentions(doc, load_kb())
    assert all(doc[i].lower_ != "resolution" for i in mentions)


def test_revoked_ratification_is_a_withdrawal_not_a_ratification(read: Any) -> None:
    text = "On Thursday Russia revoked its ratification of the CTBT."
    assert actions(read, text, "2023-11-03") == {("ctbt", "RU", "withdraw", "2023-11-02")}
