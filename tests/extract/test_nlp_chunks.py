"""Long bodies are parsed in chunks of bounded size and joined into one Doc with the body's offsets."""

from __future__ import annotations

import random
from typing import Any

import pytest

from armswatch.extract import gate as gate_module
from armswatch.extract.chunks import cut, size, windows
from armswatch.extract.gate import RelevanceGate, remember_scan
from armswatch.extract.nlp import CHUNK_MARGIN, NlpExtractor

_SUBJECTS = ["The ministry", "A spokesman for the brigade", "Colonel Marta Vilde", "The regional governor", "Officials in Norvik"]
_VERBS = ["said", "told reporters", "announced", "denied", "confirmed"]
_OBJECTS = [
    "that two Iskander launchers had arrived at the base",
    "that the S-400 battery would stay until spring",
    "that 12 interceptors were delivered on Tuesday",
    "that the treaty talks would resume next month",
    "that no missiles had been moved near the border",
]


def long_body(paragraphs: int, seed: int = 7) -> str:
    """Invented paragraphs of one to six sentences, joined with blank lines as the cleaner does."""
    rng = random.Random(seed)
    out = []
    for i in range(paragraphs):
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (report {i}.{k})."
            for k in range(rng.randint(1, 6))
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


class _Spy:
    """The pipeline, with every call of `pipe` recorded: the sizes of the texts it got."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self.calls: list[list[int]] = []

    def pipe(self, items: Any, **kwargs: Any) -> Any:
        items = list(items)
        self.calls.append([size(text if isinstance(text, str) else text.text) for text, _ in items])
        return self._nlp.pipe(items, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def test_cut_short_text_is_one_span() -> None:
    assert cut("Short text. Two sentences.", 100) == [(0, 26)]


def test_cut_at_paragraph_breaks_each_chunk_within_the_limit() -> None:
    body = long_body(60)
    spans = cut(body, 1_500)
    assert len(spans) > 5
    assert spans[0][0] == 0 and spans[-1][1] == len(body)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # contiguous, in order
    assert all(size(body, s, e) <= 1_500 for s, e in spans)
    for start, _ in spans[1:]:
        assert body[start - 2 : start] == "\n\n" and not body[start].isspace()


def test_cut_a_paragraph_too_long_at_sentence_ends() -> None:
    body = " ".join(f"The brigade moved battery number {i} to the coast on Monday." for i in range(80))
    spans = cut(body, 600)
    assert len(spans) > 3 and all(size(body, s, e) <= 600 for s, e in spans)
    for start, _ in spans[1:]:
        assert body[start - 2 : start] == ". " and body[start : start + 3] == "The"


def test_cut_prefers_a_line_break_to_a_sentence_end() -> None:
    line = " ".join(f"Item {i} was delivered." for i in range(20))
    body = "\n".join([line] * 4)
    spans = cut(body, len(line) + 5)
    assert all(body[start - 1] == "\n" for start, _ in spans[1:])


def test_cut_leaves_a_run_without_spaces_whole() -> None:
    assert cut("x" * 500, 100) == [(0, 500)]


def test_windows_hold_their_chunk_and_start_on_tokens() -> None:
    body = long_body(40)
    spans = cut(body, 1_000)
    for (start, end), (at, until) in zip(spans, windows(body, spans, 200)):
        assert at <= start and end <= until
        assert at == 0 or (body[at - 1].isspace() and not body[at].isspace())
        assert until == len(body) or (body[until - 1].isspace() and not body[until].isspace())
        assert start - at <= 200 + 80 and until - end <= 200 + 80  # about the margin (to a word's end)


def test_blank_pipeline_chunked_equals_whole_and_no_call_exceeds_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    body = long_body(80)
    whole = NlpExtractor("blank:en")
    whole.max_chars = 10**9
    [expected] = list(whole.pipe([body]))
    chunked = NlpExtractor("blank:en")
    limit = 2 * CHUNK_MARGIN + 1_500
    chunked.max_chars = limit
    spy = _Spy(chunked.nlp)
    monkeypatch.setattr(chunked, "_nlp", spy)
    [annotations, short] = list(chunked.pipe([body, "A short one. It is parsed whole."]))
    assert len(spy.calls) > 3  # the body went in several calls
    assert [m.text for m in short.mentions if m.kind == "sentence"] == ["A short one.", "It is parsed whole."]
    assert all(sum(call) <= limit for call in spy.calls)
    assert annotations == expected
    assert all(body[start:end] and not body[start:end].isspace() for start, end, _, _ in annotations.tokens)
    assert annotations.tokens[-1][1] == len(body.rstrip())
    sentences = [m for m in annotations.mentions if m.kind == "sentence"]
    assert len(sentences) == body.count(").")  # every invented sentence, none split, none glued
    for m in annotations.mentions:
        assert body[m.start : m.end] == m.text
    systems = [m for m in annotations.mentions if m.kind == "system"]
    assert len(systems) == body.count("Iskander") + body.count("S-400")


def test_the_gates_scan_of_the_whole_body_is_shared_out_and_nothing_is_left_behind() -> None:
    gate_module.forget_scans()
    body = long_body(80, seed=3)
    gate = RelevanceGate(windows=False)
    decision = gate.decide(body)
    assert decision.passed and not decision.windows
    remember_scan(body, decision, gate)
    extractor = NlpExtractor("blank:en")
    extractor.max_chars = 2 * CHUNK_MARGIN + 1_200
    [annotations] = list(extractor.pipe([body]))
    assert gate_module._SCANS == {}  # the body's scan was taken, and each chunk took its share
    kb = sorted((m.start, m.end, m.label) for m in annotations.mentions if m.kind in ("system", "treaty", "actor", "site"))
    assert kb == sorted((f.start, f.end, f.id) for f in decision.found)


def test_model_chunked_parse_equals_the_whole_parse(model_extractor: NlpExtractor, monkeypatch: pytest.MonkeyPatch) -> None:
    body = long_body(45, seed=11)
    monkeypatch.setattr(model_extractor, "max_chars", 10**9)
    [expected] = list(model_extractor.pipe([(body, "2024-05-02", None)]))
    monkeypatch.setattr(model_extractor, "max_chars", 2 * CHUNK_MARGIN + 1_000)
    [chunked] = list(model_extractor.pipe([(body, "2024-05-02", None)]))
    assert len(cut(body, 1_000)) > 4
    assert chunked.tokens == expected.tokens  # tags and lemmas too, at the chunks' edges as well
    assert chunked.mentions == expected.mentions  # sentences and entities with the body's offsets
    assert chunked.claims == expected.claims and chunked.claims
    assert chunked == expected


def test_a_body_the_gate_blanked_is_cut_by_what_it_keeps() -> None:
    body = long_body(90, seed=5)
    paragraphs = gate_module.paragraph_spans(body)
    kept = tuple(paragraphs[i] for i in range(0, len(paragraphs), 3))  # every third paragraph
    text = gate_module.masked(body, kept)
    extractor = NlpExtractor("blank:en")
    extractor.max_chars = 10**9
    [whole] = list(extractor.pipe([text]))
    extractor.max_chars = 2 * CHUNK_MARGIN + 1_000
    spans = cut(text, 1_000)
    assert len(spans) > 2 and len(spans) < len(cut(body, 1_000))  # the blanks cost nothing
    [chunked] = list(extractor.pipe([text]))
    assert chunked == whole and chunked.mentions
    assert all(any(s <= m.start and m.end <= e for s, e in kept) for m in chunked.mentions)


def test_cut_does_not_take_an_abbreviation_for_a_sentence_end() -> None:
    body = " ".join(f"On Jan. 5 the U.S. Army sent Gen. Ames and unit {i} to the coast. They stayed there." for i in range(40))
    spans = cut(body, 400)
    assert len(spans) > 3
    for start, _ in spans[1:]:
        assert body[start:].startswith(("On Jan.", "They"))
        assert body[:start].rstrip().endswith(("coast.", "there."))


def test_one_long_paragraph_is_parsed_in_chunks_cut_after_sentences() -> None:
    body = " ".join(f"The brigade moved battery {i} of the Iskander unit to the coast on Monday." for i in range(120))
    extractor = NlpExtractor("blank:en")
    extractor.max_chars = 10**9
    [whole] = list(extractor.pipe([body]))
    extractor.max_chars = 2 * CHUNK_MARGIN + 1_500
    assert len(cut(body, 1_500)) > 3
    [chunked] = list(extractor.pipe([body]))
    assert chunked == whole
    assert len([m for m in chunked.mentions if m.kind == "sentence"]) == 120
