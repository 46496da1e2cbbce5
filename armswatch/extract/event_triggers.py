"""What a verb says by itself: the PLOVER type of one verb, before its complement is read.

Rules in order: reporting verbs pass to their complement; what the verb acts on decides
for a few verbs (lifting a blockade, admitting observers); phrase rules for multi-word
triggers ("call on", "break off", "put on alert"); verbs that make someone else act
("told X to withdraw"); verbs that end an activity ("suspended talks" is SANCTION,
"halted attacks" RETREAT) and light verbs whose object carries the event ("held talks",
"imposed sanctions"); promises and control verbs; single lemmas; and occurrence verbs
whose subject is the event ("fighting erupted").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._spacy import kids, lem
from .event_actors import has_igo
from .event_lexicon import FORCEFUL, Entry, lexicons, words

if TYPE_CHECKING:
    from spacy.tokens import Token

_PHRASE_DEPS = frozenset({"prt", "prep", "dobj", "dative", "acomp", "attr", "oprd", "advmod", "npadvmod",
                          "nsubjpass", "agent"})  # where the other words of a phrase hang


@dataclass(frozen=True)
class Match:
    """A trigger: its type and mode, its tokens, and the part it plays in the clause."""

    event_type: str
    mode: str | None
    tokens: tuple[Token, ...]
    role: str  # event | commit | report | control | occurrence


def complement(verb: Token) -> Token | None:
    """The verb's open or closed clausal complement."""
    comps = kids(verb, "xcomp") or kids(verb, "ccomp")
    return comps[0] if comps else None


def _local(verb: Token) -> dict[str, Token]:
    """Lemmas that can complete a phrase: particles, prepositions, objects and their parts."""
    out: dict[str, Token] = {}
    for child in verb.children:
        if child.dep_ == "prep" and any(g.ent_type_ in {"DATE", "TIME"} for g in child.children):
            continue  # "called on Sunday" is not "called on"
        if child.dep_ in _PHRASE_DEPS:
            for grand in (child, *kids(child, "pobj", "compound", "amod", "prep", "prt")):
                out.setdefault(lem(grand), grand)
                for g in kids(grand, "pobj", "compound", "amod"):
                    out.setdefault(lem(g), g)
    return out


def _objects(verb: Token) -> list[Token]:
    """Direct objects, and objects of the verb's prepositions ("engage in talks")."""
    return [*kids(verb, "dobj", "nsubjpass", "attr", "oprd"),
            *(g for p in kids(verb, "prep", "prt") for g in kids(p, "pobj"))]


def noun_entry(noun: Token) -> Entry | None:
    """The event a noun names, with its modifiers read ("joint exercise", "hunger strike")."""
    lex, lemma = lexicons(), lem(noun)
    entry = lex.nouns.get(lemma) or lex.nouns.get(noun.lower_) or lex.nouns.get(noun.lower_.removesuffix("s"))
    mods = {lem(c) for c in noun.children}
    if entry and entry.event_type == "MOBILIZE" and "joint" in mods:
        return Entry("COOPERATE", "military")
    for modifier, compound in lex.compounds.get(lemma, ()):
        if modifier in mods:
            return compound
    if lemma == "strike" and not (mods | {lem(noun.head)}) & words("military_strike"):
        return Entry("PROTEST", "strike-gen")
    return entry


def _by_object(verb: Token, lemma: str) -> Match | None:
    """Rules where what the verb acts on decides the type (lifting a blockade, admitting observers)."""
    for obj in kids(verb, "dobj", "nsubjpass"):
        noun, named = lem(obj), noun_entry(obj)
        if lemma in words("ease") and noun in words("eased"):
            return Match("RETREAT", "ease", (verb, obj), "event")
        if lemma in words("admit") and noun in words("access"):
            return Match("RETREAT", "access", (verb, obj), "event")
        if lemma in words("admit") | words("sheltering") and noun in words("refugees"):
            return Match("AID", "asylum", (verb, obj), "event")
        if lemma in words("commanders") and named and named.event_type in FORCEFUL | {"RETREAT"}:
            return Match(named.event_type, named.mode, (verb, obj), "event")
        if lemma in words("evacuating") and noun in words("people"):
            return Match("AID", "humanitarian", (verb, obj), "event")
        if lemma in words("handing") and named and named.event_type == "AID":
            return Match("AID", named.mode, (verb, obj), "event")
        if lemma in words("presence_enders") and (noun in words("access") or has_igo(obj)):
            return Match("SANCTION", "withdraw", (verb, obj), "event")  # ending an international presence
    comp = complement(verb)
    if lemma in words("permitting") and comp is not None and lem(comp) in words("entry"):
        return Match("RETREAT", "access", (verb, comp), "event")
    for subj in kids(verb, "nsubj") if lemma in words("arrival") else []:
        arriving = noun_entry(subj)  # what arrives decides: aid, troops, inspectors
        if lem(subj) in words("access"):
            return Match("RETREAT", "access", (subj, verb), "event")
        if arriving and arriving.event_type in {"AID", "MOBILIZE"}:
            return Match(arriving.event_type, arriving.mode, (subj, verb), "event")
    return None


def _by_noun(verb: Token, lemma: str, ended: bool) -> Match | None:
    """A light or ending verb: its object noun decides ("held talks", "called off the strike")."""
    for noun in _objects(verb):
        entry = noun_entry(noun)
        if entry is None:
            continue
        kind, word = entry.event_type, lem(noun)
        if ended:
            return _ended(kind, verb, noun)
        aimed = any(p.lower_ in words("aimed_preps") for p in kids(verb, "prep"))
        if lemma in words("launchers") and word in words("fired") and (aimed or word not in {"missile", "rocket"}):
            return Match("ASSAULT", "heavy-weapons", (verb, noun), "event")
        if kind == "MOBILIZE" and lemma not in words("mobilizers"):
            continue
        return Match(kind, entry.mode, (verb, noun), "event")
    return None


def _ended(kind: str, verb: Token, noun: Token) -> Match:
    """Ending conflict is RETREAT, ending restrictions CONCEDE, ending cooperation SANCTION."""
    if kind == "MOBILIZE" and (lem(noun) in words("access") or has_igo(noun)):
        return Match("SANCTION", "withdraw", (verb, noun), "event")
    if kind in {"ASSAULT", "MOBILIZE"}:
        return Match("RETREAT", "ceasefire", (verb, noun), "event")
    if kind in {"PROTEST", "SANCTION", "COERCE", "THREATEN", "ACCUSE", "REQUEST", "REJECT"}:
        return Match("CONCEDE", None, (verb, noun), "event")
    return Match("SANCTION", "cancel" if kind == "CONSULT" else "sever", (verb, noun), "event")


def classify(verb: Token) -> Match | None:
    """What the verb itself says, before any complement is read."""
    lemma, lex = lem(verb), lexicons()
    if verb.pos_ not in {"VERB", "AUX"}:
        headline = noun_entry(verb) if verb.dep_ == "ROOT" else None  # "Talks in Geneva"
        return Match(headline.event_type, headline.mode, (verb,), "occurrence") if headline else None
    if lemma in words("reporting") and kids(verb, "ccomp"):
        return Match("", None, (verb,), "report")
    found = _by_object(verb, lemma)
    if found:
        return found
    local = _local(verb)
    for entry in lex.phrases.get(lemma, ()):
        if all(extra in local for extra in entry.extras):
            return Match(entry.event_type, entry.mode, (verb, *(local[e] for e in entry.extras)), "event")
    xcomp = kids(verb, "xcomp")
    if lemma in words("object_control") and xcomp and (kids(verb, "dobj") or kids(xcomp[0], "nsubj")):
        return Match("REQUEST", None, (verb,), "event")  # "told Belgrade to withdraw"
    ended = lemma in words("terminative") and (lemma not in {"call", "break"} or "off" in local)
    if ended or lemma in words("light"):
        found = _by_noun(verb, lemma, ended)
        if found:
            return found
    if lemma in words("commit"):
        return Match("AGREE", None, (verb,), "commit")
    if (lemma in words("control") | words("reporting") and xcomp) or (lemma in words("want") and kids(verb, "ccomp")):
        return Match("", None, (verb,), "control")
    if lemma == "seek" and kids(verb, "dobj"):
        return Match("REQUEST", None, (verb,), "event")
    single = lex.verbs.get(lemma)
    if single is None:
        for subj in kids(verb, "nsubj") if lemma in words("occurrence") else []:
            happened = noun_entry(subj)
            if happened and happened.event_type in {"ASSAULT", "PROTEST", "CONSULT"}:
                return Match(happened.event_type, happened.mode, (subj, verb), "occurrence")
        return None
    if lemma == "return" and not kids(verb, "dobj", "nsubjpass"):
        return None  # people returning home is no event; returning prisoners or land is
    if lemma == "strike" and not kids(verb, "dobj", "prep", "nsubjpass"):
        return Match("PROTEST", "strike-gen", (verb,), "event")
    return Match(single.event_type, single.mode, (verb,), "event")
