"""Treaty mentions for the treaty-action and allegation readers: the KB's names, and
definite nouns ("the accord", "the treaty") that refer back to the treaty named last; and
the dependency paths by which a word acts on one. Cue words are in treaty_cues.toml."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..kb import KnowledgeBase, Treaty
from ._spacy import doc_text

EXTRACTOR = "treaty_actions.rules.v2"
_CUES_FILE = Path(__file__).with_name("treaty_cues.toml")
# Dependency labels a path may take from a treaty up to the word that acts on it.
_PATH_DEPS = frozenset("dobj pobj prep compound appos conj nmod amod poss npadvmod attr cc nummod".split())
_PRONOUNS = frozenset("it they we its their our".split())


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    with _CUES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def treaty_mentions(doc: Any, kb: KnowledgeBase, published: str | None = None) -> dict[int, str]:
    """Token index of each treaty mention's head → treaty id: KB names (a name several
    agreements share goes to the one the context dates or names the parties of), and
    definite nouns ("the accord") that refer back to the treaty named last."""
    out: dict[int, str] = {}
    covered: set[int] = set()
    for found in doc._.kb_found:
        if found.kind != "treaty" or found.id not in kb.treaties:
            continue
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None and not _inside_other_name(span, doc._.kb_found):
            out[span.root.i] = _by_context(found, span, kb, published)
            covered.update(range(span.start, span.end))
    for i, treaty in [*_titled(doc, kb).items(), *_numbered(doc, kb).items()]:
        if i not in covered and i not in out:
            out[i] = treaty
            covered.add(i)
    if not out:
        return out  # nothing named: no noun can refer back to an instrument
    cue = cues()["anaphora"]
    nouns, determiners, modifiers = set(cue["nouns"]), set(cue["determiners"]), set(cue["modifiers"])
    last: str | None = None
    defined: dict[str, str] = {}  # "(the “Agreement”)": a defined term of the document
    for token in doc:
        if token.i in out:
            last = out[token.i]
            continue
        if token.i in covered or token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in nouns:
            continue
        term = _defines(token, out)
        if term is not None:
            defined[token.text] = out[token.i] = last = term
            continue
        if token.text in defined and any(t.lower_ == "the" for t in token.lefts):
            out[token.i] = last = defined[token.text]  # "I have approved the Agreement"
            continue
        lefts = [t for t in token.lefts if t.dep_ not in ("punct",)]
        determiner = [t for t in lefts if t.dep_ in ("det", "poss")]
        first = max((t.i for t in determiner), default=-1)  # words the parse hangs here from before the determiner are not the noun's
        others = [t for t in lefts if t.dep_ not in ("det", "poss") and t.i > first]
        definite = any(t.lower_ in determiners for t in determiner)
        another = _names_another(token)
        if definite and last and all(t.lower_ in modifiers for t in others) and not another:
            if _fits(token.lemma_.lower(), kb.treaties[last]):
                out[token.i] = last
        elif another or any(t.lower_ in ("a", "an") for t in determiner) or others:
            last = None  # "an interim agreement", "the formal agreement": an unnamed instrument
    return out


def _numbered(doc: Any, kb: KnowledgeBase) -> dict[int, str]:
    """"UN Security Council resolutions 1718, 1874 (2009) and 2397": each number of a list after
    "resolution(s)" that is a KB resolution, as its own mention."""
    if "resolution" not in doc_text(doc).lower():
        return {}
    by_number = {t.number: t.id for t in kb.treaties.values() if t.number}
    out: dict[int, str] = {}
    for token in doc:
        if token.lemma_.lower() != "resolution" or token.pos_ not in ("NOUN", "PROPN"):
            continue
        j, years = token.i + 1, 0
        while j < token.sent.end and j - token.i < 40:
            word = doc[j]
            if word.like_num and word.text.isdigit() and int(word.text) in by_number and not years:
                out[j] = by_number[int(word.text)]
            elif word.text == "(":
                years += 1
            elif word.text == ")":
                years = max(0, years - 1)
            elif not (word.is_space or years or word.lower_ in (",", "and", "or", "nos", "no", ".")):
                break
            j += 1
    return out


def _defines(token: Any, mentions: dict[int, str]) -> str | None:
    """"... Nuclear Energy (the “Agreement”)": a capitalised term in quotes and parentheses
    right after an instrument's name defines it for the rest of the document."""
    doc = token.doc
    if not token.text[:1].isupper() or token.i + 1 >= len(doc):
        return None
    before = [t for t in doc[max(token.sent.start, token.i - 4):token.i] if not t.is_space]
    after = doc[token.i + 1]
    if len(before) < 3 or before[-1].text not in ("“", '"') or before[-2].lower_ != "the" or before[-3].text != "(":
        return None
    if after.text not in ("”", '"'):
        return None
    previous = [i for i in mentions if token.sent.start <= i < before[-3].i]
    return mentions[max(previous)] if previous else None


def _titled(doc: Any, kb: KnowledgeBase) -> dict[int, str]:
    """Instruments named by a descriptive title: "an Agreement for Cooperation between the
    United States of America and X Concerning Peaceful Uses of Nuclear Energy" is the KB
    agreement whose parties are the states the title names and whose names share its words."""
    c = cues()["titles"]
    heads, joining, generic = set(c["heads"]), set(c["joining"]), set(c["generic"])
    actors = [(f.start, f.end, s) for f in doc._.kb_found if f.kind == "actor" and (s := kb.state_of(f.id))]
    out: dict[int, str] = {}
    if len({s for _a, _b, s in actors}) < 2:
        return out  # a title names two parties at least
    for match in _words_pattern(frozenset(heads)).finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1:
            continue
        token = span[0]
        end = token.i + 1
        while end < token.sent.end:
            word = doc[end]
            if word.lower_ == "to" and end + 1 < len(doc) and doc[end + 1].tag_ == "VB":
                break  # "an Agreement to Extend the Agreement ...": the title is the inner one's
            if word.is_space:
                end += 1
                continue
            if word.text == "(":  # a defined term inside the title: "the United Kingdom (the “United Kingdom”) for the"
                close = next((j for j in range(end + 1, min(end + 8, token.sent.end)) if doc[j].text == ")"), None)
                if close is not None and close + 1 < token.sent.end and (
                        doc[close + 1].lower_ in joining - {","} or doc[close + 1].is_title):
                    end = close + 1
                    continue
            if not (word.lower_ in joining or (word.text[:1].isupper() and word.is_alpha)) or word.text in heads:
                break
            end += 1
        while end > token.i + 1 and (doc[end - 1].lower_ in joining or doc[end - 1].is_space):
            end -= 1
        start_char, end_char = token.idx, doc[end - 1].idx + len(doc[end - 1].text)
        states = {s for a, b, s in actors if start_char <= a and b <= end_char}
        if len(states) < 2:
            continue
        inside = [t for t in doc[token.i + 1:end] if not any(a <= t.idx < b for a, b, _ in actors)]
        topic = {t.lower_ for t in inside if t.is_alpha and t.lower_ not in joining and t.lower_ not in generic}
        best = _best_titled(kb, states, topic, int(c["min_shared"]))
        if best is not None:
            out[token.i] = best
    return out


@lru_cache(maxsize=8)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` as a whole word (the title heads, found without walking every token)."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


def _best_titled(kb: KnowledgeBase, states: set[str], topic: set[str], min_shared: int) -> str | None:
    scored: list[tuple[int, str]] = []
    for treaty in kb.treaties.values():
        parties = set(treaty.parties) or {p for e in treaty.events for p in e.get("party", ())}
        if parties != states:
            continue
        words = {w.lower() for name in treaty.names() for w in re.findall(r"[A-Za-z]+", name)}
        shared = len(topic & words)
        if shared >= min(min_shared, len(topic)) and shared:
            scored.append((shared, treaty.id))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _by_context(found: Any, span: Any, kb: KnowledgeBase, published: str | None) -> str:
    """The agreement a shared name ("Paris Agreement", "Geneva Accords") stands for here:
    the one whose events fall in a year the sentence gives, or that the article could not
    have named before it existed, or whose parties the sentence names; else the
    recogniser's choice."""
    candidates = [e for e, _ in kb.candidates(found.text, "treaty") if isinstance(e, Treaty)]
    if len(candidates) < 2:
        return str(found.id)
    sent = span.sent
    years = {t.text for t in sent if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")}
    states = {s for f in sent.doc._.kb_found if f.kind == "actor" and sent.start_char <= f.start < sent.end_char
              and (s := kb.state_of(f.id))}

    def score(treaty: Treaty) -> tuple[int, int, int, int]:
        dates = [str(e.get("date", "")) for e in treaty.events]
        parties = set(treaty.parties) | {p for e in treaty.events for p in e.get("party", ())}
        dated = int(any(d[:4] in years for d in dates))
        possible = int(not published or not dates or min(dates)[:4] <= published[:4])
        return dated, possible, len(parties & states), int(treaty.id == found.id)

    return max(candidates, key=score).id


def _inside_other_name(span: Any, found: Any) -> bool:
    """"the Technology Safeguards Agreement": a KB name that is the tail of a longer proper
    name, whose first word is a capitalised common word the KB does not know."""
    if span.start == 0 or span.start == span.sent.start:
        return False
    before = span.doc[span.start - 1]
    known = any(f.start <= before.idx < f.end for f in found)
    return (not known and before.is_title and before.head in span and before.dep_ in ("compound", "amod")
            and before.pos_ in ("PROPN", "NOUN") and before.ent_type_ not in ("NORP", "GPE", "DATE", "CARDINAL"))


def _fits(noun: str, treaty: Any) -> bool:
    """"The treaty" refers to a treaty, "the resolution" to a resolution; "the agreement",
    "the accord" or "the deal" to any instrument."""
    if noun not in ("treaty", "convention", "protocol", "resolution"):
        return treaty.kind_of not in ("regime", "resolution")  # "the agreement" is never the NSG
    return any(noun in name.lower() for name in (treaty.name, *treaty.aliases))


def _names_another(noun: Any) -> bool:
    """"the agreement between the two Koreas on ...": a noun with its own description; "the
    Treaty of Amity and Cooperation": the head of another instrument's proper name."""
    if any(c.dep_ in ("prep", "acl", "relcl") and c.lower_ in ("between", "with", "on") for c in noun.rights):
        return True
    return noun.text[:1].isupper() and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and g.text[:1].isupper() for g in c.children)
        for c in noun.rights)


def _on_path(root: Any, top: Any, mentions: dict[int, str]) -> bool:
    """True when `root` hangs below `top` through noun phrases and prepositions only, and
    any noun between them is a treaty aspect ("participation in", "notice of") or another
    treaty ("the ABM Treaty and the CFE Treaty")."""
    aspect = set(cues()["aspect"]["nouns"])
    treaty_words = set(cues()["anaphora"]["nouns"])  # "the ... (INF) Treaty"
    token = root
    for _ in range(8):
        if token == top:
            return True
        if token.dep_ not in _PATH_DEPS or token.head == token:
            return False
        if token != root and token.pos_ in ("VERB", "AUX") and token.dep_ != "prep":  # "including Resolution 1718"
            return False
        if token != root and token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() not in aspect:
            if token.i not in mentions and token.lemma_.lower() not in treaty_words:
                return False
        token = token.head
    return False


def _treaties_of(word: Any, mentions: dict[int, str], *, preps: tuple[str, ...] = ()) -> list[tuple[Any, str]]:
    """The treaty mentions `word` acts on: below it on a noun path (its object, "from X",
    "in X"), its passive subject, or the noun it qualifies ("the INF Treaty, signed in 1987")."""
    sent = word.sent
    found: list[tuple[Any, str]] = []
    for i, treaty in mentions.items():
        if not sent.start <= i < sent.end:
            continue
        token = word.doc[i]
        if _on_path(token, word, mentions):
            if preps and not _through(token, word, preps):
                continue
            found.append((token, treaty))
        elif token.head == word and token.dep_ == "nsubjpass":
            found.append((token, treaty))
        elif word.dep_ in ("acl", "relcl") and (word.head == token or (word.head.dep_ == "conj" and word.head.head == token)):
            found.append((token, treaty))
    return found


def _through(token: Any, top: Any, preps: tuple[str, ...]) -> bool:
    """The path from the treaty to `top` passes one of these prepositions ("withdrew from")."""
    while token != top and token.head != token:
        if token.dep_ == "prep" and token.lower_ in preps:
            return True
        if token.dep_ == "prt" and token.lower_ in preps:
            return True
        token = token.head
    return False
