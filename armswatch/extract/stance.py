"""Stance and modality of an attributed statement (shared/eval/SCHEMA.md stances).

The cue verb decides first when it carries a stance of its own ("accused", "denied",
"urged", "declined to answer"); otherwise the content's wording decides
("a logical response to", "we will retaliate", "would deploy"), and what is left is
an assertion. Every decision keeps the words that made it, as evidence.
The cue words live in `claim_cues.toml` beside this module.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

STANCES = ("accuse", "deny", "justify", "threaten", "demand", "announce", "decline_comment", "assert")
_CUE_FILE = Path(__file__).with_name("claim_cues.toml")


@cache
def cues() -> dict[str, Any]:
    """The cue lexicon (claim_cues.toml), read once."""
    with _CUE_FILE.open("rb") as handle:
        return tomllib.load(handle)


def cue_set(section: str, key: str) -> frozenset[str]:
    return frozenset(cues()[section][key])


# Cue-verb lemmas that carry a stance whatever the content says.
VERB_STANCE: dict[str, str] = {
    lemma: stance for stance, lemmas in cues()["verbs"].items() if stance in STANCES for lemma in lemmas
}
# Ordered: the first pattern that matches the content decides.
CONTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (rule["stance"], re.compile(r"\b(?:" + "|".join(rule["patterns"]) + ")", re.I)) for rule in cues()["content"]
)
_DECLINE_VERBS = {"decline", "refuse"}
# A warning is a threat unless it is only a warning about someone else ("warned X of an attack").
_WARN_OTHERWISE = ("accuse", "deny", "justify")
# "agreed that ...", "decided that ...": a that-clause is an opinion or a finding, not a decision.
_THAT_CLAUSE_NEUTRAL = frozenset("agree decide recognize recognise resolve commit".split())
_NEGATION = re.compile(r"\b(?:not|no|never|n't|neither|nor)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|going to|plans? to|intends? to|is to|are to)\b", re.I)
_CONDITIONAL = re.compile(r"\b(?:if|unless|provided that|in case)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:could|might|may|possibly|possibility)\b", re.I)
_REPORTED = re.compile(r"\b(?:reportedly|allegedly|according to|is said to|are said to|purportedly)\b", re.I)


@dataclass(frozen=True)
class Modality:
    negated: bool
    future: bool
    conditional: bool
    hypothetical: bool
    reported: bool


def classify_stance(cue_lemma: str, content: str, *, cue_phrase: str = "", that_clause: bool = False,
                    about_other: bool = False) -> tuple[str, str]:
    """(stance, evidence words) for a statement with cue verb `cue_lemma`.

    `that_clause`: the content is a that-clause ("agreed that ..."); `about_other`: a warning
    is about a third party ("warned X of ...").

    >>> classify_stance("say", "moving the missiles was a logical response to a hostile west")
    ('justify', 'logical response to')
    """
    if cue_lemma in _DECLINE_VERBS:
        return "decline_comment", cue_phrase or cue_lemma
    verb_stance = VERB_STANCE.get(cue_lemma)
    if that_clause and cue_lemma in _THAT_CLAUSE_NEUTRAL:
        verb_stance = None
    if cue_lemma in ("call", "ask") and re.search(r"\b(?:call|ask)\w* (?:on|for|upon)\b", cue_phrase, re.I):
        verb_stance = "demand"
    if cue_lemma == "vow" and content_stance(content)[0] == "threaten":
        verb_stance = "threaten"
    if cue_lemma in ("warn", "caution"):
        stance, evidence = content_stance(content)
        if stance in _WARN_OTHERWISE:
            return stance, evidence
        if stance == "threaten" or not about_other:
            return "threaten", cue_phrase or cue_lemma
        return "assert", cue_phrase or cue_lemma
    if verb_stance:
        return verb_stance, cue_phrase or cue_lemma
    stance, evidence = content_stance(content)
    return (stance, evidence) if stance else ("assert", cue_phrase or cue_lemma)


def content_stance(content: str) -> tuple[str | None, str]:
    """The first content rule that matches, with its words; (None, "") when none does."""
    content = " ".join(content.split())  # a hard-wrapped statement: a line break is a space
    for stance, pattern in CONTENT_RULES:
        match = pattern.search(content)
        if match:
            return stance, match.group(0)
    return None, ""


def content_stances(content: str) -> list[tuple[str, str]]:
    """Every stance whose content rule matches (a statement can announce and accuse at once)."""
    content = " ".join(content.split())
    out = []
    for stance, pattern in CONTENT_RULES:
        match = pattern.search(content)
        if match and stance != "decline_comment":
            out.append((stance, match.group(0)))
    return out


def read_modality(content: str) -> Modality:
    return Modality(
        negated=bool(_NEGATION.search(content)),
        future=bool(_FUTURE.search(content)),
        conditional=bool(_CONDITIONAL.search(content)),
        hypothetical=bool(_HYPOTHETICAL.search(content)),
        reported=bool(_REPORTED.search(content)),
    )
