"""Stance and modality of an attributed statement (shared/eval/SCHEMA.md stances).

The cue verb decides first when it carries a stance of its own ("accused", "denied",
"urged", "declined to answer"); otherwise the content's wording decides
("a logical response to", "we will retaliate", "would deploy"), and what is left is
an assertion. Every decision keeps the words that made it, as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STANCES = ("accuse", "deny", "justify", "threaten", "demand", "announce", "decline_comment", "assert")

# Cue-verb lemmas that carry a stance whatever the content says.
VERB_STANCE = {
    **dict.fromkeys("accuse blame charge allege condemn denounce criticize criticise slam fault".split(), "accuse"),
    **dict.fromkeys("deny reject dismiss refute rebuff".split(), "deny"),
    **dict.fromkeys("threaten".split(), "threaten"),
    **dict.fromkeys("urge demand press appeal implore insist_on".split(), "demand"),
    **dict.fromkeys("announce declare unveil pledge promise".split(), "announce"),
    **dict.fromkeys("defend justify".split(), "justify"),
}
# Ordered: the first pattern that matches the content decides.
CONTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("decline_comment", re.compile(
        r"\b(?:declin\w*|refus\w*) to (?:comment|answer|confirm|say|elaborate|discuss|disclose)|"
        r"\bwould not (?:say|comment|confirm)|\bno comment\b", re.I)),
    ("threaten", re.compile(
        r"\b(?:retaliat\w*|counter[- ]?measures?|retribution|pre-?emptive strikes?|preventive strikes?|"
        r"hit (?:those|these|the) targets|will (?:respond|react) (?:accordingly|harshly|decisively)|"
        r"(?:face|bear) (?:the )?consequences|get nowhere|legitimate (?:target|object))", re.I)),
    ("deny", re.compile(r"\b(?:not true|baseless|groundless|fabricated|unfounded|no evidence|false claims?)\b", re.I)),
    ("justify", re.compile(
        r"\b(?:(?:logical |legitimate |natural )?response to|responding to|in response|defensive|"
        r"sovereign right|right to (?:defend|take)|to ensure (?:its|our) security|purely defensive|"
        r"necessary (?:measures|steps)|doing everything necessary|do everything it can|"
        r"defen\w+ (?:\w+[’']?s? ){0,2}security)", re.I)),
    ("accuse", re.compile(
        r"\b(?:violat\w*|in breach of|breach\w* (?:of )?(?:the|a|its)|non-?complian\w*|illegal\w*|"
        r"aggressive (?:bloc|posturing|behaviou?r)|bully\w*|provocation\w*|destabili[sz]\w*)", re.I)),
    ("demand", re.compile(r"\b(?:should|must|ought to|needs? to|call(?:s|ed)? on|urg\w+)\b", re.I)),
    ("announce", re.compile(
        r"\b(?:(?:will|would|is going to|are going to|plans? to|intends? to)\s+(?:also\s+)?"
        r"(?:deploy|withdraw|station|move|send|suspend|build|test|launch|hold|begin|start|buy|sign|ratify|quit|leave|place)"
        r"|(?:is|was|are|were)\s+(?:also\s+)?(?:deploy|withdraw|station|mov|send|suspend|build|test|launch|hold|begin|start|buy|sign|ratify|quit|leav|plac)ing)\b",
        re.I)),
)
_DECLINE_VERBS = {"decline", "refuse"}
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


def classify_stance(cue_lemma: str, content: str, *, cue_phrase: str = "") -> tuple[str, str]:
    """(stance, evidence words) for a statement with cue verb `cue_lemma`.

    >>> classify_stance("say", "moving the missiles was a logical response to a hostile west")
    ('justify', 'logical response to')
    """
    if cue_lemma in _DECLINE_VERBS:
        return "decline_comment", cue_phrase or cue_lemma
    verb_stance = VERB_STANCE.get(cue_lemma)
    if cue_lemma == "call" and re.search(r"\bcall\w* (?:on|for)\b", cue_phrase, re.I):
        verb_stance = "demand"
    if cue_lemma == "warn" and re.search(r"\b(?:retaliat|respon|consequence|strike|counter)", content, re.I):
        verb_stance = "threaten"
    if verb_stance:
        return verb_stance, cue_phrase or cue_lemma
    for stance, pattern in CONTENT_RULES:
        match = pattern.search(content)
        if match:
            return stance, match.group(0)
    return "assert", cue_phrase or cue_lemma


def read_modality(content: str) -> Modality:
    return Modality(
        negated=bool(_NEGATION.search(content)),
        future=bool(_FUTURE.search(content)),
        conditional=bool(_CONDITIONAL.search(content)),
        hypothetical=bool(_HYPOTHETICAL.search(content)),
        reported=bool(_REPORTED.search(content)),
    )
