"""The NLP stage keeps glibc's mmap threshold fixed, so long bodies' arrays go back to the system."""

from __future__ import annotations

import sys

import pytest

from armswatch.extract import nlp as nlp_module
from armswatch.extract.nlp import NlpExtractor, fix_mmap_threshold


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_fix_mmap_threshold_is_accepted_by_glibc() -> None:
    assert fix_mmap_threshold() is True
    assert fix_mmap_threshold() is True  # setting it again is harmless


def test_fix_mmap_threshold_does_nothing_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module.sys, "platform", "darwin")
    assert fix_mmap_threshold() is False


def test_loading_the_pipeline_fixes_the_threshold_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(nlp_module, "fix_mmap_threshold", lambda size=0: calls.append(size) or True)
    extractor = NlpExtractor("blank:en")
    assert calls == []  # nothing at construction: the model loads on first use
    first = extractor.nlp
    assert extractor.nlp is first
    assert len(calls) == 1


def test_output_unchanged_with_the_threshold_fixed() -> None:
    body = "The ministry said the battalion received new launchers. Officials denied it on Tuesday."
    before = list(NlpExtractor("blank:en").pipe([body]))
    fix_mmap_threshold()
    after = list(NlpExtractor("blank:en").pipe([body]))
    assert [a.mentions for a in before] == [a.mentions for a in after]
    assert [a.tokens for a in before] == [a.tokens for a in after]
    assert before[0].mentions  # sentences were found: the comparison is not of two empty runs


def _item(body: str) -> tuple[str, tuple[str | None, str | None]]:
    return (body, (None, None))


def test_groups_keep_order_and_count() -> None:
    items = [_item(f"body {i}") for i in range(7)]
    groups = list(nlp_module._groups(iter(items), 3, max_chars=10_000))
    assert [len(g) for g in groups] == [3, 3, 1]
    assert [i for g in groups for i in g] == items


def test_groups_split_on_characters_and_a_long_body_goes_alone() -> None:
    short, long = _item("x" * 40), _item("y" * 500)
    groups = list(nlp_module._groups(iter([short, short, long, short]), 16, max_chars=100))
    assert groups == [[short, short], [long], [short]]


def test_groups_do_not_count_blanked_spaces() -> None:
    blanked = _item("z" * 30 + " " * 5_000 + "z" * 30)
    groups = list(nlp_module._groups(iter([blanked, blanked]), 16, max_chars=150))
    assert groups == [[blanked, blanked]]


def test_pipe_over_several_groups_gives_what_one_call_gives() -> None:
    bodies = [f"The army said unit {i} moved its launchers north. It denied the report." for i in range(5)]
    extractor = NlpExtractor("blank:en")
    one_call = list(extractor.pipe(bodies, batch_size=16))
    split = list(extractor.pipe(bodies, batch_size=2))  # three calls of the model
    assert [a.mentions for a in split] == [a.mentions for a in one_call]
    assert [a.tokens[0][0] for a in split] == [0] * 5
