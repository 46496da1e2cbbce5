"""The NLP stage bounds what one call of the model takes: bodies grouped by characters, long ones in chunks."""

from __future__ import annotations

from armswatch.extract import nlp as nlp_module
from armswatch.extract.nlp import NlpExtractor


def _item(body: str) -> tuple[str, tuple[str | None, str | None]]:
    return (body, (None, None))


def test_groups_keep_order_and_count() -> None:
    items = [_item(f"body {i}") for i in range(7)]
    groups = list(nlp_module._batches(iter(items), 3, max_chars=10_000))
    assert [len(g) for g in groups] == [3, 3, 1]
    assert [i for g in groups for i in g] == items


def test_groups_split_on_characters_and_a_long_body_goes_alone() -> None:
    short, long = _item("x" * 40), _item("y" * 500)  # a run without spaces: it cannot be cut
    groups = list(nlp_module._batches(iter([short, short, long, short]), 16, max_chars=100))
    assert groups == [[short, short], [long], [short]]


def test_a_long_body_that_can_be_cut_comes_alone_with_its_chunks() -> None:
    short = _item("x" * 40)
    long = _item("\n\n".join(["Word " * 100] * 8))
    margin = nlp_module.CHUNK_MARGIN
    batches = list(nlp_module._batches(iter([short, long, short]), 16, max_chars=2 * margin + 500))
    assert batches[0] == [short] and batches[2] == [short]
    chunked = batches[1]
    assert isinstance(chunked, nlp_module._Chunked) and chunked.item == long
    assert len(chunked.spans) > 1 and chunked.spans[-1][1] == len(long[0])


def test_groups_do_not_count_blanked_spaces() -> None:
    blanked = _item("z" * 30 + " " * 5_000 + "z" * 30)
    groups = list(nlp_module._batches(iter([blanked, blanked]), 16, max_chars=150))
    assert groups == [[blanked, blanked]]


def test_pipe_over_several_groups_gives_what_one_call_gives() -> None:
    bodies = [f"The army said unit {i} moved its launchers north. It denied the report." for i in range(5)]
    extractor = NlpExtractor("blank:en")
    one_call = list(extractor.pipe(bodies, batch_size=16))
    split = list(extractor.pipe(bodies, batch_size=2))  # three calls of the model
    assert [a.mentions for a in split] == [a.mentions for a in one_call]
    assert [a.tokens[0][0] for a in split] == [0] * 5
