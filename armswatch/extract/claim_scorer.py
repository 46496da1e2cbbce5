"""Claims as scored candidates: features of one (speaker, stance) statement the rules read,
and a small logistic regression that says whether an annotator would code it.

The claim rules (claims.py, claim_patterns.py) propose every statement they can read; each
becomes a `Candidate` with generic `Evidence`: the pattern that produced it (a speech verb,
an issuing verb, a speech noun, "according to", a quote that runs on, an interview or
briefing turn, the voice of a statement), the kind of speaker (person, state, body,
unresolved words), whether the speaker issued the document or is named in its title or in
the claim's own sentence, how much of the document the speaker and the (speaker, stance)
pair account for, the stance and whether the cue word itself says it, whether the sentence
names a weapon or treaty of the schema, quote, question, negation and other modality, the
position in the text and the genre (briefing, statement, news, undated narrative). `vector`
turns it into numbers and `Scorer` gives the probability. The weights are trained by
scripts/train_claim_scorer.py on annotated text and kept in claim_scorer.json beside this
module; without that file (or with `enabled` false) the rules stand alone.
No feature names a place, a person, an outlet or a phrase.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ._spacy import doc_text
from .claim_base import Claim
from .logistic import probabilities

WEIGHTS_FILE = Path(__file__).with_name("claim_scorer.json")
ENV_SETTING = "ARMSWATCH_CLAIM_SCORER"

ORIGINS = ("speech", "issue", "noun", "according", "quote", "interview", "briefing", "statement")
STANCES = ("accuse", "deny", "justify", "threaten", "demand", "announce", "decline_comment", "assert")
SPEAKER_KINDS = ("person", "state", "body", "unresolved")
GENRES = ("briefing", "statement", "news", "narrative")
FEATURES: tuple[str, ...] = (
    *(f"origin_{o}" for o in ORIGINS),
    *(f"stance_{s}" for s in STANCES),
    *(f"speaker_{k}" for k in SPEAKER_KINDS),
    *(f"genre_{g}" for g in GENRES),
    "stance_by_cue",  # the cue word itself says the stance ("accused", "warned"), not the content's words
    "speaker_issuer",  # the document is issued in the speaker's name, or the speaker briefs
    "speaker_in_title",
    "speaker_in_sentence",  # the claim's sentence names the speaker
    "speaker_mentions",  # how often the body names the speaker (scaled)
    "speaker_share",  # the speaker's share of the document's candidates
    "pair_support",  # how many candidates read the same (speaker, stance) (scaled)
    "stance_share",  # this stance's share of the speaker's candidates
    "main_speaker",  # the speaker with the most candidates
    "shared_content",  # several speakers read from the same words (a joint voice)
    "other_actor_in_sentence",  # the sentence names a state or body that is not the speaker
    "about_schema",  # the statement names a weapon system or a treaty
    "doc_schema",  # the share of the document's candidates that do
    "target",
    "in_quote", "question", "negated", "future", "conditional", "hypothetical", "reported",
    "first_person",  # "we", "our", "I": the voice of the text itself
    "position",  # 0 at the start of the body, 1 at its end
    "length",  # the statement's length (scaled)
)
_QUOTES = ("“", "”", '"')
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|i)\b", re.I)


@dataclass(frozen=True)
class Context:
    """What the document is: its genre, its title and who issued it (or briefs in it)."""

    genre: str = "news"  # briefing | statement | news | narrative
    title: str = ""
    issuers: tuple[str, ...] = ()
    title_actors: tuple[str, ...] = ()  # states and bodies the title names


@dataclass(frozen=True)
class Evidence:
    origin: str
    stance: str
    speaker_kind: str
    genre: str
    stance_by_cue: bool = False
    speaker_issuer: bool = False
    speaker_in_title: bool = False
    speaker_in_sentence: bool = False
    speaker_mentions: int = 0
    speaker_share: float = 0.0
    pair_support: int = 1
    stance_share: float = 1.0
    main_speaker: bool = False
    shared_content: bool = False
    other_actor_in_sentence: bool = False
    about_schema: bool = False
    doc_schema: float = 0.0
    target: bool = False
    in_quote: bool = False
    question: bool = False
    negated: bool = False
    future: bool = False
    conditional: bool = False
    hypothetical: bool = False
    reported: bool = False
    first_person: bool = False
    position: float = 0.0
    length: int = 0


@dataclass(frozen=True)
class Candidate:
    claim: Claim
    evidence: Evidence


def _scaled_count(n: int, top: int = 20) -> float:
    return min(math.log1p(max(n, 0)) / math.log1p(top), 1.0)


def vector(e: Evidence) -> np.ndarray:
    values: dict[str, float] = {
        f"origin_{e.origin if e.origin in ORIGINS else 'speech'}": 1.0,
        f"stance_{e.stance if e.stance in STANCES else 'assert'}": 1.0,
        f"speaker_{e.speaker_kind if e.speaker_kind in SPEAKER_KINDS else 'unresolved'}": 1.0,
        f"genre_{e.genre if e.genre in GENRES else 'news'}": 1.0,
        "stance_by_cue": float(e.stance_by_cue),
        "speaker_issuer": float(e.speaker_issuer),
        "speaker_in_title": float(e.speaker_in_title),
        "speaker_in_sentence": float(e.speaker_in_sentence),
        "speaker_mentions": _scaled_count(e.speaker_mentions),
        "speaker_share": float(e.speaker_share),
        "pair_support": _scaled_count(e.pair_support),
        "stance_share": float(e.stance_share),
        "main_speaker": float(e.main_speaker),
        "shared_content": float(e.shared_content),
        "other_actor_in_sentence": float(e.other_actor_in_sentence),
        "about_schema": float(e.about_schema),
        "doc_schema": float(e.doc_schema),
        "target": float(e.target),
        "in_quote": float(e.in_quote),
        "question": float(e.question),
        "negated": float(e.negated),
        "future": float(e.future),
        "conditional": float(e.conditional),
        "hypothetical": float(e.hypothetical),
        "reported": float(e.reported),
        "first_person": float(e.first_person),
        "position": float(e.position),
        "length": min(e.length, 600) / 600.0,
    }
    return np.array([values.get(name, 0.0) for name in FEATURES], dtype=np.float64)


# A pair's features from its candidates: the most of each (any candidate read it so), the
# share for the modality of what is said, the earliest position.
_MEAN = frozenset(("in_quote", "question", "negated", "future", "conditional", "hypothetical", "reported",
                   "first_person", "other_actor_in_sentence", "speaker_in_sentence", "stance_by_cue"))
_MIN = frozenset(("position",))
_MEAN_AT = np.array([name in _MEAN for name in FEATURES])
_MIN_AT = np.array([name in _MIN for name in FEATURES])


def group(candidates: Sequence[Candidate]) -> dict[tuple[str, str], list[Candidate]]:
    """The candidates of each (speaker, stance) pair, the unit the schema counts, in text order."""
    out: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in candidates:
        out.setdefault((candidate.claim.speaker, candidate.claim.stance), []).append(candidate)
    return out


def pair_vector(members: Sequence[Candidate]) -> np.ndarray:
    rows = np.vstack([vector(c.evidence) for c in members])
    return np.where(_MEAN_AT, rows.mean(axis=0), np.where(_MIN_AT, rows.min(axis=0), rows.max(axis=0)))


# ----- evidence from a parsed document -----


def origin_of(claim: Claim, origins: Mapping[tuple[int, int, str], str]) -> str:
    """The pattern that read the claim: the cue kind claims.py noted, else its marked cue."""
    noted = origins.get((claim.start, claim.end, claim.cue))
    if noted:
        return {"according": "according", "issue": "issue", "noun": "noun"}.get(noted, "speech")
    if claim.cue.startswith("(") and claim.cue.endswith(")") and claim.cue[1:-1] in ORIGINS:
        return claim.cue[1:-1]
    return "according" if claim.cue == "according to" else "speech"


def _speaker_kind(claim: Claim, kb: Any) -> str:
    if claim.speaker_kind == "person":
        return "person"
    if claim.speaker_kind == "actor":
        actor = kb.actors.get(claim.speaker) if kb is not None else None
        return "state" if actor is not None and actor.actor_kind == "state" else "body"
    return "unresolved"


def _names_speaker(text: str, claim: Claim, actor_ids: set[str]) -> bool:
    """Whether `text` (or the actors found in it) names the claim's speaker."""
    if claim.speaker_kind == "actor":
        return claim.speaker in actor_ids or (bool(claim.speaker_text) and claim.speaker_text in text)
    words = [w for w in re.findall(r"[\w’'-]+", claim.speaker) if w[:1].isupper() and len(w) > 2
             and w.rstrip(".").lower() not in ("jr", "sr")]
    family = words[-1] if words else claim.speaker_text
    return bool(family) and re.search(r"\b" + re.escape(family) + r"\b", text) is not None


def candidates_for(doc: Any, claims: Sequence[Claim], origins: Mapping[tuple[int, int, str], str],
                   context: Context, actors: Mapping[int, str], kb: Any = None) -> list[Candidate]:
    """Each claim the rules read in `doc`, with its evidence. `actors` maps token indices to
    KB actor ids (speakers.actor_tokens); `origins` the cue kind claims.py noted per claim."""
    text = doc_text(doc)
    size = max(len(text), 1)
    by_speaker = Counter(c.speaker for c in claims)
    by_pair = Counter((c.speaker, c.stance) for c in claims)
    speakers_of_span: dict[tuple[int, int], set[str]] = {}
    for c in claims:
        speakers_of_span.setdefault((c.start, c.end), set()).add(c.speaker)
    top = max(by_speaker.values(), default=0)
    schema_share = sum(1 for c in claims if c.about) / max(len(claims), 1)
    actor_mentions = Counter(actors.values())
    word_mentions: dict[str, int] = {}
    out = []
    for claim in claims:
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        sent = span[0].sent if span is not None and len(span) else None
        sent_text = sent.text if sent is not None else claim.content
        sent_actors = {actors[t.i] for t in sent if t.i in actors} if sent is not None else set()
        if claim.speaker_kind == "actor":
            mentions = actor_mentions.get(claim.speaker, 0)
        else:
            word = claim.speaker_text.split()[-1] if claim.speaker_text.split() else ""
            if word not in word_mentions:
                word_mentions[word] = len(re.findall(r"\b" + re.escape(word) + r"\b", text)) if word else 0
            mentions = word_mentions[word]
        origin = origin_of(claim, origins)
        modality = claim.modality
        evidence = Evidence(
            origin=origin, stance=claim.stance, speaker_kind=_speaker_kind(claim, kb), genre=context.genre,
            stance_by_cue=bool(claim.stance_evidence) and claim.stance_evidence.lower() in claim.cue.lower()
            and not claim.cue.startswith("("),
            speaker_issuer=claim.speaker in context.issuers,
            speaker_in_title=bool(context.title) and (_names_speaker(context.title, claim, set(context.title_actors))),
            speaker_in_sentence=_names_speaker(sent_text, claim, sent_actors),
            speaker_mentions=mentions,
            speaker_share=by_speaker[claim.speaker] / max(len(claims), 1),
            pair_support=by_pair[(claim.speaker, claim.stance)],
            stance_share=by_pair[(claim.speaker, claim.stance)] / max(by_speaker[claim.speaker], 1),
            main_speaker=by_speaker[claim.speaker] == top,
            shared_content=len(speakers_of_span[(claim.start, claim.end)]) > 1,
            other_actor_in_sentence=bool(sent_actors - {claim.speaker}),
            about_schema=bool(claim.about), doc_schema=schema_share, target=bool(claim.target),
            in_quote=any(q in text[max(0, claim.start - 1):claim.end + 1] for q in _QUOTES),
            question="?" in claim.content,
            negated=modality.negated, future=modality.future, conditional=modality.conditional,
            hypothetical=modality.hypothetical, reported=modality.reported,
            first_person=_FIRST_PERSON.search(sent_text) is not None,
            position=claim.start / size, length=len(claim.content),
        )
        out.append(Candidate(claim, evidence))
    return out


# ----- the model -----


@dataclass(frozen=True)
class Scorer:
    weights: np.ndarray  # one per FEATURES name, then the bias
    threshold: float
    enabled: bool  # whether the pipeline uses the scorer (else the rules alone)
    genres: tuple[str, ...] = GENRES  # the genres it was trained for; the rules stand alone in others

    def applies(self, candidate: Candidate) -> bool:
        return candidate.evidence.genre in self.genres

    def score(self, candidates: Sequence[Candidate]) -> dict[tuple[str, str], float]:
        """The probability of each (speaker, stance) pair the candidates read."""
        pairs = group(candidates)
        if not pairs:
            return {}
        probs = probabilities(self.weights, np.vstack([pair_vector(members) for members in pairs.values()]))
        return {key: float(p) for key, p in zip(pairs, probs)}

    def keep(self, candidates: Sequence[Candidate]) -> list[Claim]:
        """The claims of the pairs whose probability reaches the threshold, in their order."""
        scores = self.score([c for c in candidates if self.applies(c)])
        return [c.claim for c in candidates if not self.applies(c) or scores[(c.claim.speaker, c.claim.stance)] >= self.threshold]

    def to_json(self, extra: dict[str, Any] | None = None) -> str:
        data: dict[str, Any] = {
            "enabled": self.enabled,
            "threshold": round(float(self.threshold), 4),
            "genres": list(self.genres),
            "weights": {name: round(float(w), 6) for name, w in zip((*FEATURES, "bias"), self.weights)},
        }
        data.update(extra or {})
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Scorer:
        data = json.loads(text)
        table = data["weights"]
        weights = np.array([float(table.get(name, 0.0)) for name in (*FEATURES, "bias")])
        genres = tuple(g for g in data.get("genres", GENRES) if g in GENRES)
        return cls(weights, float(data["threshold"]), bool(data.get("enabled", False)), genres)


@lru_cache(maxsize=4)
def load_scorer(path: str | None = None) -> Scorer | None:
    """The trained scorer beside this module (or at `path`); None when there is none or it
    cannot be read: the rules then stand alone."""
    try:
        return Scorer.from_json(Path(path or WEIGHTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def active_scorer(path: str | None = None) -> Scorer | None:
    """The scorer when the pipeline should use it: when its file says so, unless
    ARMSWATCH_CLAIM_SCORER says "on" or "off" (a setting for comparing the two)."""
    scorer = load_scorer(path)
    if scorer is None:
        return None
    setting = os.environ.get(ENV_SETTING, "").strip().lower()
    on = scorer.enabled if setting not in ("on", "off", "1", "0", "true", "false") else setting in ("on", "1", "true")
    return scorer if on else None
