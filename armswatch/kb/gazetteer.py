"""Find knowledge-base names in text in one left-to-right scan.

Names are compiled into a token trie once. Text and names are cut into the same
tokens: runs of letters or runs of digits, so "S-400", "S400", "S 400" and
"S‑400" (non-breaking hyphen) are all the tokens ("s", "400"). A match is the
longest name starting at a word boundary and ending at one; an attached plural
"s" ("S-400s") or a possessive ("S-400's") is allowed after it, and a hyphenated
compound ("9M729-equipped") ends the name at the hyphen. The other ways writers spell a
name ("Shaheen III", "SAM-6", "ScudB", "No dong", "Hong Qi 9") are derived from the KB
names when the trie is compiled, and spaced designations ("F 16", "as 4") are checked
where they stand: see names.py. Cue words live in recognition_cues.toml.

Context decides for names that are also words or other names (the KB marks them
`ambiguous_aliases`): a capitalised form is required, a weapons word must stand
near ("Bastion coastal missiles", not "Camp Bastion"), and a one-word name
followed by another capitalised word is taken as part of a different proper
name ("Iskander Akhmetov", "Patriot Act", "Washington Post").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import Entry, Kind, KnowledgeBase
from .names import (
    TOKEN,
    Form,
    acronym_definitions,
    cue_in_other_name,
    defined_as_other,
    possessed_by_other_name,
    word_gap,
    basing_cues,
    capital_words,
    capitals_fit,
    cue_words,
    designation_reading,
    form_fits,
    name_forms,
)

EXTRACTOR = "kb.gazetteer.v1"

_TOKEN = TOKEN
# What may stand between two tokens of one name: nothing, spaces, hyphens of any kind, a dot.
_JOINER = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212./'’]{0,3}")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Words that make an ambiguous name a weapon when they stand within CONTEXT_TOKENS of it.
CONTEXT_TOKENS = 12
_CUES = cue_words()
WEAPON_CUES = _CUES["weapon"]
OTHER_WORLD_CUES = _CUES["other_world"]
COMPOUND_CUES = _CUES["compound"]
_SENTENCE_OPENERS = _CUES["sentence_openers"]
_DEMONYM = re.compile(r"(?:an|ese|ish|i|ic)$")
_LOCATIVES = _CUES["locatives"]
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s|\n")
_NAME_CONTINUATIONS = _CUES["name_continuations"]
_NAME_PREFIXES = _CUES["name_prefixes"]
_SPEECH_VERBS = _CUES["speech_verbs"]
_PLACE_CONTINUATIONS = _CUES["place_continuations"]
_BASING_CUES = basing_cues()
_RANGE_CLASSES = _CUES["range_classes"]
_OUTLET_HEADS = _CUES["outlet_heads"]
_OUTLET_WORDS = _CUES["outlet_words"]


@dataclass(frozen=True)
class Found:
    """A knowledge-base name found in text."""

    kind: Kind
    id: str
    start: int
    end: int
    text: str
    ambiguous: bool  # the name is one the KB marks as needing context


@dataclass(frozen=True)
class _Name:
    entry: Entry
    surface: str
    ambiguous: bool
    needs_capital: bool
    form: Form = ""  # "" for the knowledge base's own spelling, else the rule that derived it
    capitals: frozenset[str] = frozenset()  # acronyms the text must write in capitals ("start")


class Gazetteer:
    """A compiled trie of every name of the given entries. `shadows` are longer names of
    other things (regions, seas) that win over a name inside them: "Northern Ireland" is
    not Ireland, "the Gulf of Finland" not Finland; they are found as nothing."""

    def __init__(self, entries: Iterable[Entry], shadows: Iterable[str] = ()) -> None:
        self.root: dict[str, dict] = {}
        self.shadows: dict[str, dict] = {}
        for shadow in shadows:
            node = self.shadows
            for token in (t.lower() for t in _TOKEN.findall(shadow)):
                node = node.setdefault(token, {})
            node[""] = True
        derived: list[tuple[tuple[str, ...], _Name]] = []
        for entry in entries:
            ambiguous = set(entry.ambiguous_aliases)
            for surface in entry.names():
                tokens = tuple(t.lower() for t in _TOKEN.findall(surface))
                if not tokens or (len(tokens) == 1 and len(tokens[0]) == 1):
                    continue  # a lone letter or digit is never a name
                # Designations with digits ("s-400") read the same in any case; words do not ("patriot").
                has_capital = any(c.isupper() for c in surface)
                needs_capital = has_capital and not any(c.isdigit() for c in surface)
                capitals = capital_words(surface)
                self._leaf(tokens).append(_Name(entry, surface, surface in ambiguous, needs_capital, "", capitals))
                for form_tokens, form in name_forms(entry.id, surface, entry.kind == "system"):
                    needs = has_capital and not any(t.isdigit() for t in form_tokens)
                    name = _Name(entry, surface, surface in ambiguous, needs, form, capitals)
                    derived.append((form_tokens, name))
        # Derived forms ("Shaheen 3", "ScudB") never take a sequence that another entry's
        # own name has, and an entry's own name is not repeated by its derived forms.
        for tokens, name in derived:
            if len(tokens) == 1 and len(tokens[0]) == 1:
                continue
            leaf = self._leaf(tokens)
            if not any(other.entry.id == name.entry.id or not other.form for other in leaf):
                leaf.append(name)

    def _leaf(self, tokens: tuple[str, ...]) -> list[_Name]:
        node = self.root
        for token in tokens:
            node = node.setdefault(token, {})
        return node.setdefault("", [])

    def find(self, text: str) -> list[Found]:
        """Every accepted name in `text`, longest first at each position, no overlaps."""
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
        matches: list[tuple[int, int, list[_Name]]] = []
        waiting: list[tuple[int, int, list[_Name]]] = []  # ambiguous names that lacked context
        i = 0
        while i < len(tokens):
            match = self._longest(text, tokens, i)
            shadow = self._shadow_end(text, tokens, i)
            if shadow is not None and (match is None or shadow > match[0]) and self._names_within(text, tokens, i, shadow):
                i = shadow + 1  # a longer name of something else: "Northern Ireland"
                continue
            if match is None:
                i += 1
                continue
            end_index, names = match
            accepted, lacks_context = self._accept(text, tokens, i, end_index, names)
            if lacks_context:
                waiting.append((tokens[i][0], tokens[end_index][1], accepted))
            if not accepted or lacks_context:
                i += 1
                continue
            matches.append((tokens[i][0], tokens[end_index][1], accepted))
            i = end_index + 1
        # One sense per article: a name shown to be a weapon once is one everywhere in it;
        # and another weapon named in the same sentence is context enough.
        shown = {n.entry.id for _, _, names in matches for n in names}
        systems_at = [(s, e) for s, e, names in matches if names[0].entry.kind == "system"]
        taken = [(s, e) for s, e, _ in matches]
        for start, end, names in waiting:
            if any(s < end and start < e for s, e in taken):
                continue
            if any(n.entry.id in shown for n in names):
                matches.append((start, end, [n for n in names if n.entry.id in shown]))
            elif any(_same_sentence(text, start, end, s, e) for s, e in systems_at):
                matches.append((start, end, names))
        matches.sort(key=lambda m: m[0])
        # A name two entries share goes to the one the text names unambiguously elsewhere,
        # else to the one whose basing the sentence speaks of ("air-launched", "submarine").
        certain = {names[0].entry.id for _, _, names in matches if len(names) == 1}
        found = []
        definitions = acronym_definitions(text) if "(" in text else {}
        for start, end, names in matches:
            name = next((n for n in names if n.entry.id in certain), None) or _by_basing(text, start, end, names)
            written = text[start:end].rstrip("s")
            if name.entry.kind == "system" and defined_as_other(written, definitions, name.entry.names()):
                continue  # "a National Security Memorandum (NSM)": the text says what its acronym is
            found.append(Found(name.entry.kind, name.entry.id, start, end, text[start:end], name.ambiguous))
        return found

    def _longest(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[int, list[_Name]] | None:
        if i > 0 and (gap := tokens[i][0] - tokens[i - 1][1]) < 2 and (gap == 0 or text[tokens[i - 1][1]] in "'’"):
            return None  # starts inside a word ("AS400" is not "S400", "that's 300" not "S 300")
        node = self.root
        best: tuple[int, list[_Name]] | None = None
        j = i
        while j < len(tokens):
            token = tokens[j][2]
            nxt = node.get(token)
            plural = False
            if nxt is None and token.endswith("s") and (
                len(token) > 3 or (j > i and len(token) == 2 and text[tokens[j][0]].isupper())  # "Iskander-Ms", not "is"
            ):
                nxt, plural = node.get(token[:-1]), True  # "Patriots", "Tomahawks"
            if nxt is None:
                break
            possessive = token == "s" and j > i and text[tokens[j - 1][1] : tokens[j][0]] in ("'", "’")
            if "" in nxt and _ends_here(text, tokens, j, plural) and not possessive:  # "Club's" is no "Club-S"
                best = (j, nxt[""])
            if plural:
                break
            node = nxt
            j += 1
            if j < len(tokens) and not _JOINER.fullmatch(text[tokens[j - 1][1] : tokens[j][0]]):
                break
        return best

    def _shadow_end(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> int | None:
        """The last token of the longest shadow name written from token i on, capitalised."""
        node, best, j = self.shadows, None, i
        if not node or (i > 0 and tokens[i][0] == tokens[i - 1][1]):
            return None
        while j < len(tokens) and (node := node.get(tokens[j][2])) is not None:
            if "" in node and _ends_here(text, tokens, j, False):
                best = j
            j += 1
            if j < len(tokens) and not _JOINER.fullmatch(text[tokens[j - 1][1] : tokens[j][0]]):
                break
        return best if best is not None and text[tokens[i][0]].isupper() else None

    def _names_within(self, text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
        """Some name of the trie starts inside tokens i..j (else the shadow hides nothing)."""
        return any(self._longest(text, tokens, k) is not None for k in range(i + 1, j + 1))

    def _accept(
        self, text: str, tokens: list[tuple[int, int, str]], i: int, j: int, names: list[_Name]
    ) -> tuple[list[_Name], bool]:
        """The entries this occurrence may stand for, best first (empty when it is not a
        name here), and whether it only lacks weapons context to be accepted."""
        surface = text[tokens[i][0] : tokens[j][1]]
        if names[0].entry.kind not in ("system", "treaty") and _outlet_name(text, tokens, j):
            return [], False  # "the Kuwait News Agency": an outlet, not the state
        has_capital = any(c.isupper() for c in surface)
        usable = [
            n
            for n in names
            if (has_capital or not n.needs_capital)
            and form_fits(n.form, text, tokens, i, j)
            and capitals_fit(n.capitals, text, tokens, i, j, n.entry.kind == "system")
        ]
        reading = designation_reading(text, tokens, i, j)
        if not usable or reading == "reject":
            return [], False
        # Unambiguous claims first, systems before other kinds, then the better-known entry
        # (more names in the KB), then a stable order.
        usable.sort(key=lambda n: (n.ambiguous, n.entry.kind != "system", -len(n.entry.aliases), n.entry.id))
        name = usable[0]
        if name.entry.kind == "place":
            if not _place_reading(text, tokens, i, j):
                return [], False
            places = [n for n in usable if n.entry.kind == "place"]
            return sorted(places, key=lambda n: -getattr(n.entry, "population", 0)), False
        single_word = i == j and surface.isalpha()
        if single_word and name.entry.kind in ("system", "treaty") and _part_of_other_name(
            text, tokens, i, self, name.entry.kind == "system"
        ):
            return [], False
        if single_word and name.entry.kind == "system" and _numbered_other_model(text, tokens, j):
            return [], False  # "Sentinel-2": another model that shares the word
        candidates = [n for n in usable if n.ambiguous == name.ambiguous and n.entry.kind == name.entry.kind]
        if name.ambiguous:
            if single_word and name.entry.kind != "system" and _part_of_other_name(text, tokens, i, self):
                return [], False
            if name.entry.kind == "system":
                if single_word and _reads_as_other_thing(text, tokens, i, self):
                    return [], False
                if (
                    single_word
                    and possessed_by_other_name(text, tokens, i)
                    and not self.name_at(text, tokens, i - 2)
                    and not (i + 1 < len(tokens) and tokens[i + 1][2] in WEAPON_CUES)
                ):
                    return [], False  # "Sam's Club"
                if _sentence_words(text, tokens, i, j) & OTHER_WORLD_CUES:
                    return [], False
                if not (_weapon_context(text, tokens, i, j) or _compound_cue(text, tokens, j)):
                    return candidates, True
        if reading == "context" and not _weapon_context(text, tokens, i, j):
            return candidates, True  # "F 16": a spaced one-letter designation needs weapons words near
        return candidates, False

    def starts_name(self, token: str) -> bool:
        return token in self.root

    def name_at(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
        """Whether some knowledge-base name is written from token i on."""
        return i < len(tokens) and tokens[i][2] in self.root and self._longest(text, tokens, i) is not None


def _ends_here(text: str, tokens: list[tuple[int, int, str]], j: int, plural: bool) -> bool:
    """The name may end at token j: the next token is a separate word, a plural "s", or after a hyphen."""
    if plural or j + 1 >= len(tokens):
        return True
    gap = text[tokens[j][1] : tokens[j + 1][0]]
    if gap == "":
        return tokens[j + 1][2] == "s" and (j + 2 >= len(tokens) or tokens[j + 2][0] > tokens[j + 1][1])
    return True


def _outlet_name(text: str, tokens: list[tuple[int, int, str]], j: int) -> bool:
    """The name is followed by "News Agency", "news agency", "Press Agency" ..."""
    if j + 2 >= len(tokens) or any(text[tokens[k][1] : tokens[k + 1][0]] != " " for k in (j, j + 1)):
        return False
    return tokens[j + 1][2] in _OUTLET_WORDS and tokens[j + 2][2] in _OUTLET_HEADS


def _weapon_context(text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """A weapons word near the name and in the same sentence."""
    lo, hi = max(0, i - CONTEXT_TOKENS), min(len(tokens), j + 1 + CONTEXT_TOKENS)
    for k in range(lo, hi):
        if i <= k <= j or not (tokens[k][2] in WEAPON_CUES or _range_compound(text, tokens, k)):
            continue
        if cue_in_other_name(text, tokens, k, i, j, WEAPON_CUES):
            continue  # "BAE Systems", "Weapons Sergeant": the cue word is part of another name
        between = text[tokens[k][1] : tokens[i][0]] if k < i else text[tokens[j][1] : tokens[k][0]]
        if not _SENTENCE_END.search(between):
            return True
    return False


def _range_compound(text: str, tokens: list[tuple[int, int, str]], k: int) -> bool:
    """"long-range", "intermediate-range": a range class says weapon ("a range of issues" does not)."""
    return (
        tokens[k][2] == "range"
        and k > 0
        and tokens[k - 1][2] in _RANGE_CLASSES
        and text[tokens[k - 1][1] : tokens[k][0]] in _HYPHENS
    )


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence holding text[start:end] (a rough cut, good for context)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else max(0, start - 400)), (after.start() if after else len(text))


def _same_sentence(text: str, a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    lo, hi = (a_end, b_start) if a_end <= b_start else (b_end, a_start)
    return not _SENTENCE_END.search(text, lo, hi) if lo <= hi else True


def _sentence_words(text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> set[str]:
    lo, hi = _sentence_bounds(text, tokens[i][0], tokens[j][1])
    return {t.lower() for t in _TOKEN.findall(text[lo:hi])}




def _by_basing(text: str, start: int, end: int, names: list[_Name]) -> _Name:
    if len(names) == 1:
        return names[0]
    lo, hi = _sentence_bounds(text, start, end)
    words = {t.lower() for t in _TOKEN.findall(text[lo:hi])}

    def fit(name: _Name) -> int:
        basing = getattr(name.entry, "basing", ())
        return -sum(1 for b in basing if words & _BASING_CUES.get(b, frozenset()))

    return sorted(names, key=fit)[0]  # stable: ties keep the KB preference order


def _compound_cue(text: str, tokens: list[tuple[int, int, str]], j: int) -> bool:
    """"Patriot-armed", "S-400-class": the name is the first half of a weapons compound."""
    if j + 1 >= len(tokens):
        return False
    gap = text[tokens[j][1] : tokens[j + 1][0]]
    if gap not in _HYPHENS or tokens[j + 1][2] not in COMPOUND_CUES:
        return False
    # "Mistral-class carriers" names a ship class; "S-400-class system" a weapon.
    return tokens[j + 1][2] not in ("class", "type") or tokens[j][2].isdigit()


def _numbered_other_model(text: str, tokens: list[tuple[int, int, str]], j: int) -> bool:
    """A one-word name directly followed by "-<number>" that is not in the KB ("Sentinel-2")."""
    if j + 1 >= len(tokens):
        return False
    gap = text[tokens[j][1] : tokens[j + 1][0]]
    return gap in _HYPHENS and tokens[j + 1][2].isdigit()


def _reads_as_other_thing(text: str, tokens: list[tuple[int, int, str]], i: int, gazetteer: Gazetteer) -> bool:
    """Signs that an ambiguous one-word name is a person, a place or part of another designation."""
    next_is_cue = i + 1 < len(tokens) and tokens[i + 1][2] in WEAPON_CUES
    if i == 0:
        return False
    previous = tokens[i - 1]
    if not word_gap(text, previous[1], tokens[i][0]):
        return False
    word_start = max(text.rfind(" ", 0, previous[1]), text.rfind("\n", 0, previous[1])) + 1
    previous_word = text[word_start : previous[1]]
    # "EA-18G Growler": the word before is a designation (letters and digits) of something else.
    if any(c.isdigit() for c in previous_word) and any(c.isalpha() for c in previous_word):
        before = [f for f in gazetteer.find(previous_word)] if previous_word else []
        return not before
    # "deployed in Jericho on Friday": a place after a locative, unless a weapon noun follows.
    if previous[2] in _LOCATIVES and not next_is_cue:
        return True
    # "Saima Khan": a capitalised word before it that is no KB name, no weapons word, and,
    # at the start of a sentence, no determiner or demonym ("The Khan", "Turkish Khan").
    original = text[previous[0] : previous[1]]
    known = gazetteer.name_at(text, tokens, i - 1)
    if original[:1].isupper() and not known and previous[2] not in WEAPON_CUES and not next_is_cue:
        sentence_start, _ = _sentence_bounds(text, previous[0], previous[1])
        if text[sentence_start : previous[0]].strip():
            return True
        return previous[2] not in _SENTENCE_OPENERS and not _DEMONYM.search(previous[2])
    return False




def _place_reading(text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """A city name stands for the city: not a sentence opener, not inside a person's name."""
    if tokens[j][1] - tokens[i][0] < 4:
        return False
    sentence_start, _ = _sentence_bounds(text, tokens[i][0], tokens[j][1])
    if not text[sentence_start : tokens[i][0]].strip(" \"“‘'("):
        return False  # "Split decisions ...", "Ali said ...": a capital that proves nothing
    if (
        i > 0
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and text[tokens[i - 1][0]].isupper()
        and tokens[i - 1][2] not in _SENTENCE_OPENERS
    ):
        return False  # "Michael Jackson", "Saima Khan"
    if j + 1 < len(tokens):
        gap = text[tokens[j][1] : tokens[j + 1][0]]
        following = text[tokens[j + 1][0] : tokens[j + 1][1]]
        if tokens[j + 1][2] in _SPEECH_VERBS and gap == " ":
            return False  # "Adam said"
        if gap == " " and following[:1].isupper() and tokens[j + 1][2] not in _PLACE_CONTINUATIONS:
            return False  # "Victoria Nuland", "Kaliningrad Times"
    return True


def _part_of_other_name(
    text: str, tokens: list[tuple[int, int, str]], i: int, gazetteer: Gazetteer, weapon: bool = False
) -> bool:
    """"Iskander Akhmetov", "Patriot Act", "Camp Bastion": a one-word name inside another proper name.
    For a weapon's name, the next word must itself start a name to keep it ("Relief Agency" does
    not), and a hyphenated capitalised word makes a compound name ("Stone-Manning")."""
    if i > 0 and tokens[i - 1][2] in _NAME_PREFIXES and text[tokens[i - 1][1] : tokens[i][0]].strip(" .") == "":
        previous = text[tokens[i - 1][0] : tokens[i - 1][1]]
        if previous[:1].isupper():
            return True
    if i + 1 < len(tokens):
        gap = text[tokens[i][1] : tokens[i + 1][0]]
        following = text[tokens[i + 1][0] : tokens[i + 1][1]]
        if word_gap(text, tokens[i][1], tokens[i + 1][0]) and following[:1].isupper() and following.isalpha():
            lowered = following.lower()
            named = gazetteer.name_at(text, tokens, i + 1) if weapon else gazetteer.starts_name(lowered)
            if lowered not in _NAME_CONTINUATIONS and lowered not in WEAPON_CUES and not named:
                return True
        if weapon and gap in _HYPHENS and following[:1].isupper() and following.isalpha() and following[1:].islower():
            return not gazetteer.name_at(text, tokens, i + 1)
    return False


@lru_cache(maxsize=4)
def gazetteer_for(kb: KnowledgeBase) -> Gazetteer:
    """The compiled gazetteer of `kb` (built once per knowledge base)."""
    tables = (kb.systems, kb.treaties, kb.actors, kb.sites)
    return Gazetteer((entry for table in tables for entry in table.values()), shadows=region_names())


@lru_cache(maxsize=1)
def region_names() -> tuple[str, ...]:
    """The names of regions, seas and provinces (kb/data/regions.toml) of more than one word:
    the longer names that hide a state or city written inside them."""
    import tomllib

    from .load import DATA_DIR

    with (DATA_DIR / "regions.toml").open("rb") as handle:
        regions = tomllib.load(handle).get("region", [])
    names = (name for r in regions for name in (r["name"], *r.get("aliases", ())))
    return tuple(sorted({n for n in names if len(_TOKEN.findall(n)) > 1}))


def find_names(text: str, kb: KnowledgeBase | None = None) -> list[Found]:
    """Knowledge-base names in `text` (default: the shipped knowledge base)."""
    from .load import load_kb

    return gazetteer_for(kb or load_kb()).find(text)
