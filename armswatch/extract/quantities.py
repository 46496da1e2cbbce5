"""Counts of weapons and units, bound to a weapon system, with the arithmetic a reader does.

A count is a number ("64", "1,500", "sixteen", "a dozen", "two dozen") with its unit noun
("four 9M729 battalions", "four of the launchers", "64 such missiles"). Vague amounts
("hundreds", "dozens", "several") and ordinals ("the third squadron") are not counts.
Only unit nouns from `UNITS` count, so people (troops, members), places (countries),
measures (km, years, percent) and other things (votes, languages) are never counted.
Numbers that are part of a compound adjective ("a 2,500-member force", "5,500-km"), a
designation ("Hwasong-18"), a year, money or a percentage are skipped.

The system is the one named in the noun phrase (or its "of" phrase), else (for "such",
"these", "those", "the same") the system of the last count in this sentence or the one
before, else the nearest system mention in the sentence, else the last one in the two
sentences before (preferring one already counted). A phrase naming something the KB does
not know ("93 Shahed drones") takes no system. A bare system name counts as its kind:
"two dozen S-400s" are systems, "64 9M729s" missiles.

Per-unit figures ("each of the three brigades has twelve launchers", "two batteries of
eight launchers each", "three regiments, each with two batteries", "four launchers per
battalion", "Each battery has four TELs" after a sentence giving the batteries) are rates:
they are multiplied by the total of the unit they are per, found in the same sentence or
the two before, and only the product is reported (`derived=True`). A stated total equal
to a derived one ("... meaning at least 64 such missiles") is kept once, as stated, with
the derivation noted.

Qualifiers: a count with a floor or an approximate figure ("at least 64", "more than 64",
"about 40") keeps `value`: it says that many exist. A ceiling or a range ("up to 40",
"fewer than 10", "between 10 and 12", "10-12", "two or three") says no number for sure
and has `bounds` only; bounds are never averaged. "from 10 to 14 launchers" counts 14.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..clean.dates import MONTHS
from ..kb import load_kb
from ..kb.demonyms import state_of_demonym
from .numbers import HYPHENS as _HYPHENS
from .numbers import can_start_number as _can_start_number
from .numbers import read_number as _read_number

__all__ = ["EXTRACTOR", "UNITS", "Count", "counts_as_gold", "extract_counts"]

EXTRACTOR = "quantities.rules.v1"

Bounds = tuple[int | None, int | None]

# Singular unit nouns; plurals ("batteries", "TELs", "complexes") fold onto these in `_unit_of`.
UNITS = {w: w for w in """missile rocket launcher interceptor warhead vehicle system unit battalion battery
    brigade regiment division squadron silo submarine bomber drone""".split()} | {"tel": "TEL", "complex": "system"}
# Words before a number and the qualifier they give. "from" marks a change ("from 10 to 14").
_QUALIFIER_TABLE = """at least|no fewer than|no less than|not less than = at least
    up to|as many as|at most|no more than|not more than = up to
    more than|over|upwards of = more than
    fewer than|less than|under = fewer than
    about|around|approximately|roughly|some|nearly|almost|an estimated|estimated|close to = about
    between = between
    from = from"""
_QUALIFIERS = sorted(
    ((tuple(words.split()), name.strip()) for line in _QUALIFIER_TABLE.splitlines() for lhs, name in [line.split("=")] for words in lhs.split("|")),
    key=lambda pair: -len(pair[0]),  # longest first: "no more than" before "more than"
)
_RANGE_JOINERS = {"to", "or", "and"} | _HYPHENS
_ANAPHORS = {"such", "these", "those", "same"}
# Words after a distributive "each" that introduce what each one has ("each with two batteries").
_EACH_LINKS = set("with carrying having has have had holding containing armed equipped fitted comprising fielding consisting ,".split())
_YEAR_WORDS = {"in", "since", "by", "until", "till", "before", "after", "from", "of", "early", "late", "mid"}
_SKIP_ENTS = {"MONEY", "PERCENT", "ORDINAL", "TIME"}
_CURRENCY = {"$", "€", "£", "¥", "us$"}
# Capitalised words in a phrase that do not make it name a thing of its own.
_KNOWN_CAPITALS = {"soviet", "nato", "allied", "western", "eastern", "new", "more", "such"}
_DONOR_VERBS = frozenset("donate provide supply give send contribute pledge transfer deliver".split())
_ADDING = frozenset({"additional", "another", "further"})
_ONE_MORE = EXTRACTOR + ".one-more"  # marks "an additional X": a summand, never a count alone
_WINDOW = 2  # sentences back for a system or a multiplier: "across one or two sentences"


@dataclass(frozen=True)
class Count:
    """How many of a unit a text states or lets a reader derive, and of which system.

    `value` is set for exact, "about", "at least" and "more than" figures; `bounds`
    (low, high; None for an open end) for "up to", "fewer than" and "between".
    `start`/`end` are body offsets of the evidence.
    """

    system: str | None
    unit: str
    value: int | None
    bounds: Bounds | None
    qualifier: str
    start: int
    end: int
    derived: bool = False
    derivation: str | None = None
    extractor: str = EXTRACTOR


@dataclass(frozen=True)
class _Mention:
    sent: int
    first: int  # first token (qualifier or number)
    head: int  # unit noun token
    numbers_end: int  # token after the number or range
    count: Count
    anaphor: bool
    np_system: str | None
    unknown_name: bool  # the phrase names a thing the KB does not know
    per: str | None = None  # set when the figure is per one of another unit


def extract_counts(doc: Any) -> list[Count]:
    """Counts in a parsed body, in text order, stated and derived.

    Args:
        doc: a spaCy Doc from the project's pipeline (sentences, `doc._.kb_found`).
    Returns:
        One `Count` per stated total and per derived total not also stated.
    Example:
        >>> extract_counts(nlp("Russia has two batteries of eight launchers each."))  # doctest: +SKIP
        [Count(unit='battery', value=2, ...), Count(unit='launcher', value=16, derived=True, ...)]
    """
    if not doc.has_annotation("DEP"):
        return []  # units and phrases come from the tagger and parser; a blank pipeline has none
    systems = _system_tokens(doc)
    sents = list(doc.sents)
    mentions: list[_Mention] = []
    for index, sent in enumerate(sents):
        found: list[_Mention] = []
        for i in range(sent.start, sent.end):
            # The second number of a range is not a count of its own.
            if not (found and i < found[-1].numbers_end) and (m := _read_mention(doc, i, index, sent.end, systems)):
                found.append(replace(m, per=_per_unit(doc, m, found, sent.start, systems)))
        taken = {m.head for m in found}
        found += _donor_mentions(doc, sent, index, systems, taken)
        mentions += sorted(found, key=lambda m: m.first)
    mentions = _bind_systems(doc, mentions, sents, systems)
    return _resolve(_sum_additional(doc, mentions))


def counts_as_gold(counts: Sequence[Count], state: str | None = None) -> list[dict[str, Any]]:
    """Counts with a value as gold-style lines: {"by", "system", "count", "unit"}, deduplicated."""
    lines: list[dict[str, Any]] = []
    for count in counts:
        line = {"by": state, "system": count.system, "count": count.value, "unit": count.unit}
        if count.value is not None and line not in lines:
            lines.append(line)
    return lines


def _system_tokens(doc: Any) -> dict[int, str]:
    """Token index -> KB id of the weapon system named there."""
    out: dict[int, str] = {}
    for found in getattr(doc._, "kb_found", ()):
        span = doc.char_span(found.start, found.end, alignment_mode="expand") if found.kind == "system" else None
        for i in range(span.start, span.end) if span is not None else ():
            out[i] = found.id
    return out


def _read_mention(doc: Any, i: int, sent_index: int, stop: int, systems: dict[int, str]) -> _Mention | None:
    """A count whose number starts at token i: qualifier, number(s), unit noun."""
    token = doc[i]
    if not _can_start_number(token.lower_) or i in systems or token.ent_type_ in _SKIP_ENTS:
        return None  # (a mention's number starts here; most tokens cannot start one)
    if i > 0 and (doc[i - 1].text in _HYPHENS | {"#", "No."} or doc[i - 1].lower_ in _CURRENCY) and doc[i - 1].whitespace_ == "":
        return None  # "Hwasong-18", "$40", "No. 2"
    for back in range(1, 5):
        if i - back >= 0 and (read := _read_number(doc, i - back, stop)) and read[1] > i:
            return None  # inside a number that starts earlier ("twenty-four", "a dozen")
    read = _read_number(doc, i, stop)
    if read is None:
        return None
    value, j = read
    if (j < stop and doc[j].lower_.rstrip(".") in MONTHS) or (i > 0 and doc[i - 1].lower_.rstrip(".") in MONTHS):
        return None  # a day of a month: "3 March", "March 3"
    if token.lower_ == "one" and i > 0 and doc[i - 1].lower_ in {"every", "each", "no", "any", "which", "the"}:
        return None  # a pronoun: "every one of these missiles"
    if value >= 1900 and value <= 2100 and "," not in token.text and (token.ent_type_ == "DATE" or (i > 0 and doc[i - 1].lower_ in _YEAR_WORDS)):
        return None  # a year
    first, qualifier = i, "exact"
    for words, name in _QUALIFIERS:
        k = i - len(words)
        if k >= 0 and tuple(t.lower_ for t in doc[k:i]) == words:
            first, qualifier = k, name
            break
    bounds: Bounds | None = None
    if j + 1 < stop and doc[j].lower_ in _RANGE_JOINERS and (qualifier == "between") == (doc[j].lower_ == "and"):
        second = _read_number(doc, j + 1, stop)
        if second is not None and (doc[j].lower_ not in _HYPHENS or doc[j - 1].whitespace_ == ""):
            if qualifier == "from":  # a change: the count is where it ends
                value, j, qualifier = second[0], second[1], "exact"
            else:
                bounds, j, qualifier = (value, second[0]), second[1], "between"
    if qualifier == "between" and bounds is None:
        return None
    qualifier = "exact" if qualifier == "from" else qualifier
    if j < stop and doc[j].text in _HYPHENS and doc[j - 1].whitespace_ == "":
        return None  # compound adjective: "2,500-member", "5,500-km"
    if j < stop and doc[j].lower_ in {"%", "percent", "per"}:
        return None
    k = numbers_end = j
    if k + 1 < stop and doc[k].lower_ == "of" and (doc[k + 1].pos_ in {"DET", "PRON", "NUM"} or doc[k + 1].tag_ == "PRP$" or (k + 2 < stop and doc[k + 2].tag_ == "POS")):
        k += 1  # "four of the launchers", "two of its batteries", "six of Russia's brigades"
    found = _noun_head(doc, k, stop, systems)
    if found is None:
        return None
    head, unit, anaphor = found
    if qualifier in ("up to", "fewer than"):  # a ceiling says no number for sure
        bounds = (None, value)
    value_out = None if bounds is not None else value
    np_system = next((systems[t] for t in range(i, head + 1) if t in systems), None)
    # A name the KB does not know ("Shahed-type drones") is the phrase's own: no system by proximity.
    unknown = np_system is None and any(_unknown_name(doc, t, systems) for t in range(numbers_end, head))
    if np_system is None and head + 1 < stop and doc[head + 1].lower_ == "of":
        after = _noun_head(doc, head + 2, stop, systems)
        np_system = next((systems[t] for t in range(head + 2, after[0] + 1) if t in systems), None) if after else None
    anaphor = anaphor or (first > 0 and doc[first - 1].lower_ in _ANAPHORS)
    count = Count(None, unit, value_out, bounds, qualifier, doc[first].idx, doc[head].idx + len(doc[head].text))
    return _Mention(sent_index, first, head, numbers_end, count, anaphor, np_system, unknown)


def _unknown_name(doc: Any, t: int, systems: dict[int, str]) -> bool:
    """A capitalised word that is no system, state, place or nationality ("Shahed")."""
    token = doc[t]
    if not token.text[:1].isupper() or t == token.sent.start or t in systems or token.ent_type_ in {"GPE", "LOC"}:
        return False
    pairs = (token.text, f"{doc[t - 1].text} {token.text}", f"{token.text} {doc[t + 1].text}" if t + 1 < len(doc) else "")
    return not any(state_of_demonym(words) for words in pairs) and token.lower_ not in _KNOWN_CAPITALS


def _noun_head(doc: Any, k: int, stop: int, systems: dict[int, str]) -> tuple[int, str, bool] | None:
    """(head index, unit, anaphoric) of the noun phrase from token k, when its head is a unit."""
    anaphor, head, in_nouns, joined = False, None, False, False
    for j in range(k, min(stop, k + 8)):
        token = doc[j]
        if joined:  # the word after a hyphen: "self-propelled" is a modifier, "erector-launcher" a noun
            nounish = token.pos_ in {"NOUN", "PROPN"} or j in systems
            head, in_nouns, joined = (j if nounish else None), nounish, False
        elif token.tag_ == "POS":  # "Russia's four battalions": the possessor is not the head
            head, in_nouns = None, False
        elif in_nouns and head is not None and doc[head].tag_ in {"NNS", "NNPS"} and j not in systems:
            break  # a plural noun ends the phrase ("16 launchers Tuesday")
        elif token.pos_ in {"NOUN", "PROPN"} or j in systems:
            head, in_nouns = j, True
        elif token.text in _HYPHENS and token.whitespace_ == "" and doc[j - 1].whitespace_ == "":
            joined = True
        elif not in_nouns and (token.pos_ in {"ADJ", "NUM"} or token.tag_ in {"VBN", "VBG", "PRP$"} or token.lower_ in {"more", "other", "same"} or (j == k and token.pos_ == "DET")):
            anaphor = anaphor or token.lower_ in _ANAPHORS
        else:
            break
    if head is None:
        return None
    # A unit noun inside a system's name ("93 Shahed drones", "six Bear bombers") is the unit.
    unit = _unit_of(doc[head]) if head not in systems else _unit_of(doc[head]) or _system_unit(systems[head])
    return (head, unit, anaphor) if unit else None


def _unit_of(token: Any) -> str | None:
    """The singular unit a noun counts, if it is one of `UNITS`."""
    for word in (token.lemma_.lower(), token.lower_):
        for form in (word, word[:-3] + "y" if word.endswith("ies") else word, word[:-2], word[:-1]):
            if form in UNITS and (form == word or word.endswith("s")):
                return UNITS[form]
    return None


def _system_unit(system_id: str) -> str:
    """The unit a bare system name counts ("four S-400s", "64 9M729s"), from its KB profile."""
    system = load_kb().systems.get(system_id)
    if system is None or system.profile == "complex":
        return "system"
    return {"interceptor": "interceptor", "rocket": "rocket"}.get(system.profile, "TEL" if system.cls == "TEL" else "missile")


def _per_unit(doc: Any, m: _Mention, found: list[_Mention], sent_start: int, systems: dict[int, str]) -> str | None:
    """The unit this figure is per one of, when it is a rate (see the module docstring)."""
    before = [o for o in found if o.head < m.first]
    after = m.head + 1
    if after < len(doc):
        word = doc[after].lower_
        if word in ("each", "apiece") and before:  # "two batteries of eight launchers each"
            return _other(before[-1].count.unit, m)
        if word in ("per", "a", "an") or (word in ("in", "for") and after + 1 < len(doc) and doc[after + 1].lower_ in ("each", "every")):
            skip = after + (1 if word in ("per", "a", "an") else 2)
            skip += 1 if skip < len(doc) and doc[skip].lower_ == "of" else 0
            target = _noun_head(doc, skip, min(len(doc), skip + 8), systems)
            if target is not None:
                return _other(target[1], m)
    each = next((t for t in range(m.first - 1, sent_start - 1, -1) if doc[t].lower_ in ("each", "every")), None)
    if each is None:
        return None
    between = [o for o in found if o.first > each and o.head < m.first]
    anchor = [o for o in before if o.head < each]  # "three regiments, each with ..."
    per_anchor = _other(anchor[-1].count.unit, m) if anchor and not between else None
    link = doc[each + 1].lower_ if each + 1 < len(doc) else ""
    if link == "of" and each + 2 < len(doc) and doc[each + 2].lower_ in ("which", "whom", "them", "these", "those"):
        return per_anchor
    start = each + 2 if link == "of" else each + 1
    target = _noun_head(doc, start, min(len(doc), start + 8), systems)
    if target is not None and target[0] < m.first:
        # "Each of the three brigades has ...": the brigades may themselves be a count;
        # "Each regiment has two batteries with about 16 launchers": rates per regiment too.
        return _other(target[1], m) if all(o.head == target[0] or o.per == target[1] for o in between) else None
    return per_anchor if link in _EACH_LINKS or doc[each].dep_ == "appos" else None


def _other(unit: str, m: _Mention) -> str | None:
    """`unit`, unless it is the mention's own ("each of the four battalions" is not per battalion)."""
    return unit if unit != m.count.unit else None


def _bind_systems(doc: Any, mentions: list[_Mention], sents: list[Any], systems: dict[int, str]) -> list[_Mention]:
    """Attach each mention's system, in text order (focus depends on earlier counts)."""
    starts = {sent.start: n for n, sent in enumerate(sents)}
    mentions_in: dict[int, list[int]] = {}  # sentence -> first token of each system name in it
    for token in sorted(systems):
        if systems.get(token - 1) != systems[token]:
            mentions_in.setdefault(starts[doc[token].sent.start], []).append(token)
    out: list[_Mention] = []
    for m in mentions:
        system = m.np_system
        if m.unknown_name:
            out.append(m)
            continue
        if system is None and m.anaphor:
            focus = [o.count.system for o in out if o.sent >= m.sent - 1 and o.count.system]
            earlier = [t for t in mentions_in.get(m.sent, []) if t < m.first]
            prior = mentions_in.get(m.sent - 1, [])
            if len(set(focus)) > 1 and _generic_phrase(doc, m):
                out.append(m)  # "these five air defence systems" after counts of two systems: all of them
                continue
            system = focus[-1] if focus else systems[earlier[-1]] if earlier else systems[prior[-1]] if prior else None
        if system is None and mentions_in.get(m.sent):
            nearest = min(mentions_in[m.sent], key=lambda t: (abs(t - m.first), t > m.first))
            system = systems[nearest]
        if system is None:
            # The last system named in the two sentences before, preferring one already counted.
            recent = [systems[t] for back in range(_WINDOW, 0, -1) for t in mentions_in.get(m.sent - back, [])]
            counted = {o.count.system for o in out}
            system = next((s for s in reversed(recent) if s in counted), recent[-1] if recent else None)
        out.append(replace(m, count=replace(m.count, system=system)))
    return out


def _generic_phrase(doc: Any, m: _Mention) -> bool:
    """ "these five strategic air defense systems": a class described by modifiers, not one system."""
    return any(doc[t].pos_ in ("ADJ", "NOUN") for t in range(m.numbers_end, m.head))


def _donor_mentions(doc: Any, sent: Any, index: int, systems: dict[int, str], taken: set[int]) -> list[_Mention]:
    """ "Patriot batteries donated by A, B, and C": one unit from each donor the list names
    (a plural unit with no number, given by two or more states)."""
    from ..kb import load_kb
    from ._context import _state_at

    kb = load_kb()
    out = []
    for token in sent:
        if token.i in taken or any(c.dep_ == "nummod" for c in token.children):
            continue
        unit = _unit_of(token) if token.i not in systems else None
        if unit is None:
            continue
        if token.tag_ == "NN":
            one = _one_more(doc, token, index, unit, systems)
            out.extend([one] if one else [])
            continue
        for acl in (c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in _DONOR_VERBS):
            for agent in (c for c in acl.children if c.dep_ == "agent"):
                donors: list[str] = []
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    for item in [pobj, *[t for t in pobj.subtree if t.dep_ == "conj"]]:
                        state = _state_at(doc, item, kb)
                        if state and state not in donors:
                            donors.append(state)
                if len(donors) >= 2:
                    first = token.left_edge.i
                    system = next((systems[t] for t in range(first, token.i + 1) if t in systems), None)
                    count = Count(None, unit, len(donors), None, "exact", doc[first].idx, token.idx + len(token.text),
                                  derived=True, derivation=f"one {unit} from each of {len(donors)} donors")
                    out.append(_Mention(index, first, token.i, token.i, count, False, system, False))
    return out


def _one_more(doc: Any, token: Any, index: int, unit: str, systems: dict[int, str]) -> _Mention | None:
    """ "an additional Patriot battery", "another S-400 regiment": one unit of a named system,
    only added to a count of the same sentence (`_sum_additional`)."""
    first = token.left_edge.i
    words = [doc[t].lower_ for t in range(first, token.i)]
    system = next((systems[t] for t in range(first, token.i + 1) if t in systems), None)
    if system is None or not words or not (words[0] == "another" or (words[0] in ("a", "an") and _ADDING & set(words))):
        return None
    count = Count(None, unit, 1, None, "exact", doc[first].idx, token.idx + len(token.text), extractor=_ONE_MORE)
    return _Mention(index, first, token.i, token.i, count, False, system, False)


def _sum_additional(doc: Any, mentions: list[_Mention]) -> list[_Mention]:
    """ "batteries donated by A, B and C; ... an additional battery": in one sentence, a count
    of "additional", "another" or "further" units of the same system adds to the one before."""
    out: list[_Mention] = []
    for m in mentions:
        words = {doc[t].lower_ for t in range(m.first, m.head)}
        earlier = next((o for o in reversed(out) if o.sent == m.sent and o.count.unit == m.count.unit
                        and o.count.system and o.count.system == m.count.system and o.per is None
                        and o.count.value is not None), None)
        if earlier is not None and words & _ADDING and m.per is None and m.count.value is not None \
                and m.count.qualifier == earlier.count.qualifier == "exact":
            total = earlier.count.value + m.count.value
            count = replace(earlier.count, value=total, end=m.count.end, derived=True,
                            derivation=f"{earlier.count.value} + {m.count.value} = {total} {m.count.unit}")
            out[out.index(earlier)] = replace(earlier, count=count)
            continue
        if m.count.extractor != _ONE_MORE:
            out.append(m)  # "an additional battery" alone states no total of its own
    return out


def _resolve(mentions: list[_Mention]) -> list[Count]:
    """Stated totals, plus products of rates and the totals they are per (in text order)."""
    totals: list[tuple[int, int, Count]] = [(m.sent, m.first, m.count) for m in mentions if m.per is None]
    derived: list[tuple[int, int, Count]] = []
    for rate in (m for m in mentions if m.per is not None):
        pool = sorted((t for t in totals + derived if t[2].unit == rate.per and rate.sent - _WINDOW <= t[0] <= rate.sent), key=lambda t: t[1])
        earlier = [t for t in pool if t[1] < rate.first]
        later = [t for t in pool if t[1] > rate.first and t[0] == rate.sent]
        same = [t for t in earlier if rate.np_system is None or _compatible(t[2].system, rate.np_system)]
        pick = (same or earlier)[-1:] or later[:1]
        if not pick:
            continue  # a per-unit figure with nothing to multiply: not a total
        product = _multiply(pick[0][2], rate)
        if product is not None:
            derived.append((rate.sent, rate.first, product))
    out = [t[2] for t in totals]
    for sent, _, count in derived:
        stated = [n for n, (s, _, c) in enumerate(totals) if abs(s - sent) <= _WINDOW and _same_total(c, count)]
        if stated:  # stated as well: keep the stated count, note how it is derived
            out[stated[0]] = replace(out[stated[0]], derivation=count.derivation)
        else:
            out.append(count)
    return sorted(out, key=lambda c: (c.start, c.derived, c.end))


def _same_total(a: Count, b: Count) -> bool:
    """The same total: unit, figure and a system that can be the same."""
    return a.unit == b.unit and a.value == b.value and a.bounds == b.bounds and _compatible(a.system, b.system)


def _compatible(a: str | None, b: str | None) -> bool:
    """Two system bindings can be the same system."""
    return a is None or b is None or a == b


def _multiply(total: Count, rate: _Mention) -> Count | None:
    """total × rate, keeping qualifiers; None when two different qualifiers meet."""
    per = rate.count
    kinds = {total.qualifier, per.qualifier} - {"exact"}
    if len(kinds) > 1:
        return None
    qualifier = kinds.pop() if kinds else "exact"
    low_a, high_a = _interval(total)
    low_b, high_b = _interval(per)
    low = low_a * low_b if low_a is not None and low_b is not None else None
    high = high_a * high_b if high_a is not None and high_b is not None else None
    value = low if qualifier in ("exact", "about", "at least", "more than") else None
    bounds = None if value is not None else (low, high)
    system = rate.np_system or total.system or per.system
    result = Count(system, per.unit, value, bounds, qualifier, min(total.start, per.start), max(total.end, per.end), True)
    text = f"{_show(total)} {total.unit} × {_show(per)} {per.unit}/{total.unit} = {_show(result)} {per.unit}"
    return replace(result, derivation=text)


def _interval(count: Count) -> Bounds:
    """(low, high) of a count; a value is both ends."""
    if count.value is not None:
        return (count.value, count.value)
    return count.bounds or (None, None)


def _show(count: Count) -> str:
    """A count's figure as a derivation writes it: "4", "at least 64", "10–12", "up to 40"."""
    if count.value is not None:
        return f"{count.qualifier} {count.value}" if count.qualifier != "exact" else str(count.value)
    low, high = count.bounds or (None, None)
    if count.qualifier == "between":
        return f"{low}–{high}"
    return f"{count.qualifier} {high if high is not None else low}"
