"""The extractors read a doc's words as integers (doc.to_array) and build a Token only for
cue words; these check the scans find what a plain token loop finds."""

from __future__ import annotations

from armswatch.extract.claims import extract_claims
from armswatch.extract.place_phrases import borders
from armswatch.extract.speakers import Speakers, actor_tokens
from armswatch.kb import load_kb


def _reference_short_forms(doc, actors, kb) -> dict[int, str]:
    last: dict[str, str] = {}
    out: dict[int, str] = {}
    for token in doc:
        if token.i in actors:
            if token.i + 1 >= len(doc) or token.i + 1 not in actors or actors[token.i + 1] != actors[token.i]:
                if kb.actors.get(actors[token.i]) is not None and kb.actors[actors[token.i]].actor_kind != "state":
                    last[token.lower_] = actors[token.i]
            continue
        if token.pos_ in ("PROPN", "NOUN") and token.lower_ in last and token.i > 0 and doc[token.i - 1].lower_ == "the":
            out[token.i] = last[token.lower_]
    return out


def test_short_forms_match_a_token_loop(model_extractor) -> None:
    kb = load_kb()
    doc = model_extractor.nlp(
        "The UN Security Council met on Monday. Later the Council said the vote would wait, "
        "and the council chair agreed with NATO."
    )
    actors = actor_tokens(doc, kb)
    speakers = Speakers(kb)
    speakers.learn(doc, actors)
    assert speakers.short_forms == _reference_short_forms(doc, actors, kb)
    assert [doc[i].text for i in speakers.short_forms] == ["Council", "council"]


def test_short_forms_empty_without_bodies(model_extractor) -> None:
    kb = load_kb()
    doc = model_extractor.nlp("France and Germany talked. The council said nothing.")
    speakers = Speakers(kb)
    speakers.learn(doc, actor_tokens(doc, kb))
    assert speakers.short_forms == {}


def test_border_nouns_found_by_the_scan(model_extractor) -> None:
    doc = model_extractor.nlp("Troops moved to the Polish border. Nothing else changed near the river.")
    found = borders(doc, load_kb())
    assert len(found) == 1
    assert doc.text[found[0].start:found[0].end].endswith("border")


def test_according_to_still_a_cue(model_extractor) -> None:
    doc = model_extractor.nlp("According to the Russian defence ministry, the missile was launched from a ship.")
    claims = extract_claims(doc)
    assert claims, "an 'according to' attribution yields a claim"
