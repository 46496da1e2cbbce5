"""What makes a system mention a deployment: the frame that holds it.

A frame is a trigger (a verb such as "deployed", "fired", "provide", or a noun such as
"the stationing of") of a kind (deploy, host, withdraw, transfer, receive, fire), found
from the system's noun phrase: a participle on it ("batteries deployed in"), else the
first trigger up its dependency chain within the clause ("sent destroyers armed with
Tomahawks", "accused Pyongyang of fielding", "intend to provide Ukraine with").
`holder` says whose forces hold the system; `deploy_status.status` says how.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from ._context import _state_at
from .claims import Claim
from .deploy_cues import cues

_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "ROOT", "parataxis"})
_NP_LINKS = frozenset({"compound", "amod", "nmod", "appos", "conj", "nummod"})
_LIST_PREPS = frozenset({"including", "like", "as"})  # "systems, including NASAMS", "such as"
_PACKAGE_PRONOUNS = frozenset({"it", "this", "these"})  # "It includes X": the package named before


@dataclass(frozen=True)
class Frame:
    trigger: Any  # the verb or noun
    kind: str  # deploy | host | withdraw | transfer | receive | fire
    nominal: bool  # "the deployment of ..."
    np: Any  # the head of the system's noun phrase
    recipient: str | None = None  # transfers: the receiving state


def verb_kind(token: Any) -> str | None:
    """The frame kind of a verb ("set up" and "pull back" read with their particle)."""
    if token.pos_ not in ("VERB", "AUX"):
        return None
    table = cues().verbs
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in ("prt", "acomp", "dobj") or (child.dep_ == "advmod" and child.lower_ in ("back", "out", "up", "in", "into")):
            kind = table.get(f"{lemma}_{child.lower_}")
            if kind:
                return kind
    return table.get(lemma)


def noun_kind(token: Any) -> str | None:
    if token.pos_ != "NOUN":
        return None
    return cues().nouns.get(token.lemma_.lower()) or cues().nouns.get(token.lower_)


def np_head(token: Any, *, lists: bool = True) -> Any:
    """The head noun of the phrase a name sits in ("Patriot" → "batteries"), and with
    `lists` the first of a list ("NASAMS, HAWKs and IRIS-T" → "NASAMS")."""
    links = _NP_LINKS if lists else _NP_LINKS - {"conj", "appos"}
    for _ in range(6):
        if token.dep_ in links and token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
            token = token.head
        else:
            break
    return token


def find_frame(doc: Any, token: Any, kb: KnowledgeBase, receiver: str | None = None) -> Frame | None:
    """The frame of the system whose name's root is `token`, if any. `receiver` is the
    receiving state of the article's latest transfer or aid sentence nearby
    (`sentence_receiver`): a transfer that names no receiver of its own goes there, and
    "It includes X" after such a sentence is one."""
    np = np_head(token)
    own = noun_kind(np) if np.i != token.i else None  # "the S-400 deployment"
    found = (np, own, True) if own else _participle(np) or _upward(np) or _based(np)
    if found is None and receiver is not None:
        verb = _pronoun_package(np)
        if verb is not None:
            return Frame(verb, "transfer", False, np, receiver)
    if found is None:
        return None
    trigger, kind, nominal = found
    if kind == "deploy" and not nominal and any(c.dep_ == "dative" and c.pos_ == "PROPN" for c in trigger.children):
        kind = "transfer"  # "we are sending Ukraine two systems": a transfer to the dative's state
    if kind == "deploy" and not nominal and receiver is not None and trigger.lemma_.lower() in cues().send_verbs \
            and _direct_recipient(doc, trigger, False, kb) == receiver:
        kind = "transfer"  # "Spain has sent NASAMS to Ukraine" among aid to Ukraine: Ukraine's, not Spain's forces
    if kind == "transfer":
        recipient = _recipient(doc, trigger, nominal, kb)
        if recipient is None:
            # "batteries donated by X" inside "providing Ukraine with ...": the frame above gives the receiver
            above = _upward(trigger, start_at_head=True)
            if above is not None and above[1] == "transfer":
                trigger, kind, nominal = above
                recipient = _recipient(doc, trigger, nominal, kb)
            if recipient is None:
                # a list the parser split ("providing Ukraine with A; B; and C donated by X"):
                # the sentence's transfer with a receiver
                other = next((t for t in token.sent if t.i != trigger.i and verb_kind(t) == "transfer"
                              and _recipient(doc, t, False, kb)), None)
                if other is None:
                    return Frame(trigger, kind, nominal, np, receiver) if receiver else None
                trigger, nominal = other, False
                recipient = _recipient(doc, other, False, kb)
        return Frame(trigger, kind, nominal, np, recipient)
    return Frame(trigger, kind, nominal, np)


def _participle(np: Any) -> tuple[Any, str, bool] | None:
    """ "missiles deployed in", "batteries donated by", "launchers that were pulled back",
    "operated by"."""
    for child in np.children:
        if child.dep_ in ("acl", "relcl"):
            kind = verb_kind(child)
            if kind and kind != "equip":
                return child, kind, False
    return None


def _based(np: Any) -> tuple[Any, str, bool] | None:
    """ "Kaliningrad-based missiles" with no verb of their own: held where they are based."""
    for child in np.children:
        if child.dep_ in ("amod", "compound") and child.lower_ == "based" and child.i > 1 \
                and np.doc[child.i - 1].text == "-" and child.i < np.i:
            return child, "deploy", False
    return None


def _upward(start: Any, *, start_at_head: bool = False) -> tuple[Any, str, bool] | None:
    token = start
    if start_at_head:
        if token.dep_ in _CLAUSE_EDGES or token.head.i == token.i:
            return None
        token = token.head
    after_of = False
    for _ in range(10):
        if token.pos_ in ("VERB", "AUX") and not (token.dep_ == "prep" or token.lower_ in _LIST_PREPS):
            package = _package(token)
            if package is not None:
                return package, "transfer", True
            for candidate in _verb_candidates(token):
                kind = verb_kind(candidate)
                if kind == "equip":
                    break  # "destroyers armed with Tomahawks": go on from the carrier
                if kind:
                    return candidate, kind, False
            else:
                if token.dep_ in _CLAUSE_EDGES:
                    return None
        elif token.pos_ == "NOUN" and after_of:
            kind = noun_kind(token)
            if kind and token.dep_ == "dobj" and verb_kind(token.head) == "receive":
                return token.head, "receive", False  # "took delivery of X": the subject receives it
            if kind:
                return token, kind, True
        after_of = token.lower_ == "of" and token.dep_ == "prep"
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _package(verb: Any) -> Any | None:
    """ "the package for Ukraine includes X", "a package that includes X": the package noun."""
    c = cues()
    if verb.lemma_.lower() not in c.include_verbs:
        return None
    nouns = [ch for ch in verb.children if ch.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        head = verb.head  # "a package of aid for Ukraine, which includes": up the "of"/"for" phrases
        for _ in range(4):
            nouns.append(head)
            if head.dep_ != "pobj" or head.head.head.i == head.head.i:
                break
            head = head.head.head
    for noun in nouns:
        words = {noun.lemma_.lower(), *(ch.lemma_.lower() for ch in noun.children if ch.dep_ == "compound")}
        if noun.lower_ in ("that", "which"):
            continue
        if noun.pos_ == "NOUN" and words & c.packages:
            return noun
    return None


def _pronoun_package(np: Any) -> Any | None:
    """ "It includes X", "This contains X" (the package named before): the verb, when the
    system is its object and its subject a pronoun."""
    token = np
    for _ in range(4):
        if token.dep_ not in ("dobj", "conj", "appos", "pobj", "prep") or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    else:
        return None
    if token.lemma_.lower() not in cues().include_verbs or token.dep_ == "relcl":
        return None  # "a plan that includes X" is about the plan
    subjects = [ch for ch in token.children if ch.dep_ == "nsubj"]
    return token if subjects and subjects[0].lower_ in _PACKAGE_PRONOUNS else None


def sentence_receiver(doc: Any, sent: Any, kb: KnowledgeBase) -> str | None:
    """The receiving state of a transfer or aid sentence: the receiver of a transfer verb
    ("provide Ukraine with"), of a transfer or package noun ("assistance for Ukraine"), or
    the object of a verb of help ("to support Ukraine"); the last one the sentence names."""
    c = cues()
    found = None
    for token in sent:
        lemma = token.lemma_.lower()
        state = None
        if token.pos_ == "VERB" and verb_kind(token) == "transfer":
            state = _recipient(doc, token, False, kb)
        elif token.pos_ == "NOUN" and (lemma in c.packages or noun_kind(token) == "transfer"):
            state = _direct_recipient(doc, token, True, kb)
            if state is None and token.dep_ == "pobj" and token.head.lower_ == "of":
                state = _direct_recipient(doc, token.head.head, True, kb)  # "a round of aid for X"
            if state is None and token.dep_ == "dobj":
                state = _to_state(doc, token.head, kb)  # "unveiled aid to X": the parser hung "to" on the verb
        elif token.pos_ == "VERB" and lemma in c.help_verbs:
            state = next((s for ch in token.children if ch.dep_ == "dobj" and (s := _state_at(doc, ch, kb))), None)
        found = state or found
    return found


def _to_state(doc: Any, head: Any, kb: KnowledgeBase) -> str | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "for"):
            for pobj in child.children:
                state = _state_at(doc, pobj, kb) if pobj.dep_ == "pobj" else None
                if state:
                    return state
    return None


def _verb_candidates(token: Any) -> list[Any]:
    out = [token, *[c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"]]
    if token.dep_ in ("conj", "xcomp"):
        out.append(token.head)
    return out


def _recipient(doc: Any, trigger: Any, nominal: bool, kb: KnowledgeBase) -> str | None:
    """The state a transfer goes to: "provide Ukraine with", "give Ukraine", "deliver ... to
    Ukraine", "the delivery of ... to Ukraine"; else a "to X" the parser hung lower in the
    clause ("systems from A, B and C to Ukraine"), else the state a governing clause helps
    ("to support Ukraine, from transferring jets to ...")."""
    return _direct_recipient(doc, trigger, nominal, kb) or _nested_recipient(doc, trigger, kb) \
        or _helped_state(doc, trigger, kb)


def _nested_recipient(doc: Any, trigger: Any, kb: KnowledgeBase) -> str | None:
    """A "to <state>" anywhere in the trigger's clause, not inside another clause."""
    for token in trigger.subtree:
        if token.dep_ == "prep" and token.lower_ in ("to", "for") and token.head.i != trigger.i \
                and _same_clause(token, trigger):
            for pobj in token.children:
                state = _state_at(doc, pobj, kb) if pobj.dep_ == "pobj" else None
                if state and not _is_subject_state(doc, trigger, state, kb):
                    return state
    return None


def _same_clause(token: Any, top: Any) -> bool:
    while token.i != top.i:
        if token.pos_ in ("VERB", "AUX") or token.dep_ in _CLAUSE_EDGES:
            return False
        token = token.head
    return True


def _is_subject_state(doc: Any, trigger: Any, state: str, kb: KnowledgeBase) -> bool:
    return any(c.dep_ == "nsubj" and _state_at(doc, c, kb) == state for c in trigger.children)


def _helped_state(doc: Any, trigger: Any, kb: KnowledgeBase) -> str | None:
    """ "steps to support Ukraine, from transferring F-16s to ...": the object of a verb of
    help (deploy_cues.toml `help_verbs`) that governs the transfer's clause."""
    token = trigger
    for _ in range(5):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ == "VERB" and token.lemma_.lower() in cues().help_verbs:
            for child in token.children:
                state = _state_at(doc, child, kb) if child.dep_ == "dobj" else None
                if state:
                    return state
            return None
    return None


def _direct_recipient(doc: Any, trigger: Any, nominal: bool, kb: KnowledgeBase) -> str | None:
    for child in trigger.children:
        if child.dep_ == "dative" or (child.dep_ == "dobj" and any(c.lower_ == "with" for c in trigger.children)):
            state = _state_at(doc, child, kb)
            if state:
                return state
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    state = _state_at(doc, pobj, kb)
                    if state:
                        return state
    if not nominal:
        for child in trigger.children:
            if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN"):
                for grand in child.children:  # "sent air defences to Ukraine" parsed under the object
                    if grand.dep_ == "prep" and grand.lower_ == "to":
                        for pobj in grand.children:
                            state = _state_at(doc, pobj, kb) if pobj.dep_ == "pobj" else None
                            if state:
                                return state
    return None


# ----- holders -----


def system_state(doc: Any, np: Any, name_token: Any, kb: KnowledgeBase) -> str | None:
    """The state on the system's own phrase: "American Jupiter missiles", "Russia's
    Iskanders", "US Patriot batteries"."""
    for token in {np, name_token}:
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i != name_token.i:
                state = _state_at(doc, child, kb)
                if state:
                    return state
    return None


def subject_state(doc: Any, verb: Any, claim: Claim | None, kb: KnowledgeBase) -> tuple[str | None, Any]:
    """The state of the verb's subject or agent (up xcomp/conj chains), "accused Moscow of
    fielding" (the object above), with the subject token that was read."""
    token = verb
    subject_seen = None
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                subject = child if child.dep_ != "agent" else next(iter(child.children), child)
                if child.dep_ == "nsubjpass" and child.pos_ not in ("PROPN", "PRON"):
                    continue  # "the missiles were deployed": the thing moved, not who moved it
                if subject.lower_ in ("that", "which", "who") and token.dep_ == "relcl":
                    subject = token.head
                subject_seen = subject_seen or subject
                state = _state_at(doc, subject, kb) or _pronoun_state(subject, claim, kb)
                if state:
                    return state, subject
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            for child in token.head.head.children:
                if child.dep_ == "dobj":
                    state = _state_at(doc, child, kb)
                    if state:
                        return state, child
        if token.dep_ in ("xcomp", "conj", "pcomp") and token.head.i != token.i:
            token = token.head
        else:
            break
    return None, subject_seen


def nominal_state(doc: Any, noun: Any, kb: KnowledgeBase) -> str | None:
    """ "Russia's deployment of", "the Soviet introduction of", "the deployment by Moscow of",
    "Moscow announced the deployment of" (the subject of the verb governing the noun)."""
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound"):
            state = _state_at(doc, child, kb)
            if state:
                return state
        if child.dep_ == "prep" and child.lower_ == "by":
            for pobj in child.children:
                state = _state_at(doc, pobj, kb) if pobj.dep_ == "pobj" else None
                if state:
                    return state
    head = noun.head
    if noun.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "ADP"):
        verb = head if head.pos_ == "VERB" else head.head
        if verb.pos_ == "VERB":
            for child in verb.children:
                if child.dep_ == "nsubj":
                    state = _state_at(doc, child, kb)
                    if state:
                        return state
    return None


def is_forces(subject: Any) -> bool:
    """ "the Navy", "the army", "troops": a state's forces whose state the context gives."""
    if subject is None:
        return False
    words = cues().forces
    return subject.lemma_.lower() in words or subject.lower_ in words or (
        subject.lower_ == "force" and any(c.lower_ == "air" for c in subject.children)
    )


def _pronoun_state(subject: Any, claim: Claim | None, kb: KnowledgeBase) -> str | None:
    if subject.lower_ in ("it", "they", "we") and claim and claim.speaker in kb.actors:
        return kb.state_of(claim.speaker)
    return None


# ----- status -----
