"""The clause that carries the event: through reporting, control and promise verbs.

From the main verb the walk passes through reporting verbs ("said that ...") and control
verbs ("decided to ...") to the clause that carries the event, collecting on the way
the speaker (the source), who was told (a target), and whether the event is future,
possible or negated. Promises keep their own type: a promise of force is THREATEN, any
other promise AGREE; "X said Y must withdraw" is a demand on Y.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._spacy import kids, lem
from .event_actors import first_actor
from .event_lexicon import COOPERATIVE, FORCEFUL, words
from .event_triggers import Match, classify, complement

if TYPE_CHECKING:
    from spacy.tokens import Token

_MAX_DEPTH = 7  # clauses deep; beyond it a verb is not classified


@dataclass(frozen=True)
class Context:
    """What the enclosing clauses tell about the event: speaker, addressee, modality."""

    source: Token | None = None
    target: Token | None = None
    future: bool = False
    hypothetical: bool = False
    negated: bool = False


Found = tuple[Match, "Token", Context]


def _modal_flags(verb: Token) -> tuple[bool, bool, bool]:
    """(future, hypothetical, negated) from the verb's own auxiliaries and negation."""
    future = hypothetical = negated = False
    for child in verb.children:
        word = child.lower_
        negated = negated or child.dep_ == "neg" or word in {"never", "not", "n't"}
        if child.dep_ not in {"aux", "auxpass"}:
            continue
        if word in words("future_modals"):
            future = True
        elif word in words("possible_modals"):
            hypothetical = True
        elif word in {"would", "'d"}:  # reported future, or a condition's consequence
            conditional = any(t.lower_ == "if" for t in verb.sent)
            hypothetical, future = hypothetical or conditional, future or not conditional
    return future, hypothetical, negated


def _subject(verb: Token) -> Token | None:
    subj = kids(verb, "nsubj", "csubj") or [g for a in kids(verb, "agent") for g in kids(a, "pobj")]
    if subj:
        return subj[0]
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)
    return verb.head if verb.dep_ == "relcl" else None


def _own_source(verb: Token, ctx: Context) -> Token | None:
    """The clause's subject; the reporter's when the subject is a pronoun or names no actor."""
    subj = _subject(verb)
    if subj is None or (ctx.source is not None and (subj.lower_ in words("pronouns") or first_actor(subj) is None)):
        return ctx.source
    return subj


def code_clause(verb: Token, ctx: Context, depth: int = 0) -> Found | None:
    """The event this clause reports, found through reporting and control verbs."""
    match = classify(verb) if depth < _MAX_DEPTH else None
    future, hypothetical, negated = _modal_flags(verb)
    here = Context(_own_source(verb, ctx), ctx.target, ctx.future or future, ctx.hypothetical or hypothetical,
                   ctx.negated or negated)
    comp = complement(verb)
    if match is None:
        for acomp in (c for c in kids(verb, "acomp") if lem(c) in words("commit_adjectives")):
            willing = complement(acomp)
            if willing is not None:  # "is ready to talk"
                return _commit(Match("AGREE", None, (verb, acomp), "commit"), verb, willing, here, depth)
        clauses = (c for c in kids(verb, "ccomp", "xcomp", "conj", "advcl") if c.pos_ in {"VERB", "AUX"})
        inner = Context(here.source, here.target)
        return next(filter(None, (code_clause(c, inner, depth + 1) for c in clauses)), None)
    if match.role == "report":
        if negated:
            return None
        comp = kids(verb, "ccomp")[0]
        told = next(iter(kids(verb, "dative", "dobj")), None)
        return _obliged(comp, here) or code_clause(comp, Context(here.source, told or ctx.target), depth + 1)
    if match.role == "control" and comp is not None:
        lemma, other = lem(verb), kids(comp, "nsubj")
        if lemma in words("want") and other:  # "wants Iraq to withdraw"
            return Match("REQUEST", None, (verb,), "event"), verb, Context(here.source, other[0])
        inner = Context(here.source, here.target, here.future or lemma in words("future_control"), here.hypothetical,
                        here.negated or lemma == "fail")
        return code_clause(comp, inner, depth + 1)
    if match.role == "commit":
        if comp is None:
            kind = "THREATEN" if lem(verb) in words("vow") else "AGREE"
            return Match(kind, None, match.tokens, "commit"), verb, here
        return _commit(match, verb, comp, here, depth)
    if lem(verb) in words("refuse") and comp is not None:
        refused = code_clause(comp, Context(here.source), depth + 1)
        if refused and refused[0].event_type == "AID":  # refusing aid is SANCTION (PLOVER manual, REJECT)
            return Match("SANCTION", "sever", match.tokens, "event"), verb, here
    return (match, verb, here) if match.role != "control" else None


def _commit(match: Match, verb: Token, comp: Token, ctx: Context, depth: int) -> Found:
    """A promise of force or protest is a threat; any other promise is AGREE."""
    inner = code_clause(comp, Context(source=ctx.source), depth + 1)
    promised = inner[0].event_type if inner else None
    kind = "AGREE"
    if promised in FORCEFUL | {"THREATEN"} or (lem(verb) in words("vow") and promised not in COOPERATIVE | {"AGREE"}):
        kind = "THREATEN"
    return Match(kind, None, match.tokens, "commit"), verb, Context(ctx.source, ctx.target, negated=ctx.negated)


def _obliged(comp: Token, ctx: Context) -> Found | None:
    """ "X said Y must withdraw": a demand on Y, when Y is not the speaker."""
    if not any(c.lower_ in words("obligation") for c in kids(comp, "aux")):
        return None
    subj = _subject(comp)
    if subj is None or subj.lower_ in words("pronouns"):
        return None
    said_by, obliged = first_actor(ctx.source), first_actor(subj)
    if said_by is not None and obliged is not None and said_by[0] == obliged[0]:
        return None
    return Match("REQUEST", None, (comp,), "event"), comp, Context(ctx.source, subj)
