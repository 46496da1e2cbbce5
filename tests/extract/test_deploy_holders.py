"""Deployments with no agent, with no verb, and transfers as official statements word them;
counts summed over donors. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.deployments import extract_deployments
from armswatch.extract.quantities import extract_counts


@pytest.fixture(scope="module")
def deployments_of(model_extractor: NlpExtractor) -> Any:
    def run(text: str, method: str | None = None) -> set[tuple[str, str, str, str]]:
        doc = model_extractor.nlp(text)
        found = extract_deployments(doc, extract_claims(doc), published="2025-03-14", method=method)
        return {(d.by, d.system, d.where, d.status) for d in found}

    return run


@pytest.fixture(scope="module")
def counts_of(model_extractor: NlpExtractor) -> Any:
    def run(text: str) -> set[tuple[str | None, str, int | None]]:
        return {(c.system, c.unit, c.value) for c in extract_counts(model_extractor.nlp(text))}

    return run


@pytest.mark.parametrize("method", ["rules", "scorer"])
def test_passive_with_a_possessive_place_takes_the_speaking_state(deployments_of: Any, method: str) -> None:
    found = deployments_of("Ankara said two Patriot batteries were deployed near its border with Syria.", method)
    assert found == {("TR", "us.patriot", "Turkey-Syria border", "in_place")}


@pytest.mark.parametrize("method", ["rules", "scorer"])
def test_participle_with_no_agent_takes_the_operating_state_of_the_place(deployments_of: Any, method: str) -> None:
    assert ("RU", "ru.bastion-p", "Murmansk", "in_place") in deployments_of(
        "The Bastion missiles based in Murmansk guard the northern approaches.", method)


def test_place_based_system_with_no_verb(deployments_of: Any) -> None:
    assert ("RU", "ru.bastion-p", "Murmansk", "in_place") in deployments_of(
        "Murmansk-based Bastion missiles could strike ships far out at sea.")


def test_no_holder_from_the_operators_when_the_place_is_not_theirs(deployments_of: Any) -> None:
    # Patriot has many operators and none is named: no state is guessed
    assert deployments_of("Two Patriot batteries were deployed near the coast.") == set()


def test_transfer_with_its_receiver_hung_low_and_sources_not_places(deployments_of: Any) -> None:
    found = deployments_of("Norway delivered three NASAMS launchers from Norway, Spain and Finland to Ukraine.")
    assert found == {("UA", "no.nasams", "UA", "in_place")}


def test_a_package_for_a_state_includes_the_system(deployments_of: Any) -> None:
    assert deployments_of("The new aid package for Ukraine includes a Patriot battery.") == {
        ("UA", "us.patriot", "UA", "planned")}
    assert deployments_of("Officials unveiled a second tranche of aid for Ukraine, which includes NASAMS launchers.") == {
        ("UA", "no.nasams", "UA", "planned")}


def test_a_package_for_no_one_is_no_transfer(deployments_of: Any) -> None:
    assert deployments_of("The exhibition package includes a Patriot launcher model.") == set()


def test_transfer_whose_receiver_is_the_state_a_governing_verb_helps(deployments_of: Any) -> None:
    assert deployments_of("The measures help Ukraine, from transferring F-16 jets to surging ammunition.") == {
        ("UA", "us.f-16", "UA", "planned")}


def test_sending_a_state_systems_is_a_transfer(deployments_of: Any) -> None:
    assert deployments_of("We are sending Ukraine two IRIS-T SLM systems and one Patriot system.") == {
        ("UA", "de.iris-t-slm", "UA", "planned"), ("UA", "us.patriot", "UA", "planned")}


def test_units_from_each_donor_and_an_additional_one_are_summed(counts_of: Any) -> None:
    text = ("We are sending Ukraine more systems, including NASAMS launchers donated by Canada, Spain and Norway, "
            "and parts donated by Japan to enable the operation of an additional NASAMS launcher.")
    found = counts_of(text)
    assert ("no.nasams", "launcher", 4) in found
    assert ("no.nasams", "launcher", 3) not in found and ("no.nasams", "launcher", 1) not in found


def test_an_additional_system_alone_states_no_total(counts_of: Any) -> None:
    assert counts_of("Rome will send an additional SAMP/T system to the front.") == set()
    assert ("ru.s-400", "launcher", 13) in counts_of(
        "Russia has deployed 12 S-400 launchers in Crimea and another S-400 launcher in Kursk.")


def test_a_collective_count_over_several_systems_binds_none(counts_of: Any) -> None:
    found = counts_of("We are sending Ukraine two IRIS-T SLM systems and one Patriot system. "
                      "These three air defense systems will protect cities.")
    assert (None, "system", 3) in found
    assert ("us.patriot", "system", 3) not in found and ("de.iris-t-slm", "system", 3) not in found
