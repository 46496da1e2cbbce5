"""Find knowledge-base names in text in one left-to-right scan.

Names are compiled into a token trie once. Text and names are cut into the same
tokens: runs of letters or runs of digits, so "S-400", "S400", "S 400" and
"S‑400" (non-breaking hyphen) are all the tokens ("s", "400"). A match is the
longest name starting at a word boundary and ending at one; an attached plural
"s" ("S-400s") or a possessive ("S-400's") is allowed after it, and a hyphenated
compound ("9M729-equipped") ends the name at the hyphen.

Context decides for names that are also words or other names (the KB marks them
`ambiguous_aliases`): a capitalised form is required, a weapons word must stand
near ("Bastion coastal missiles", not "Camp Bastion"), and a one-word name
followed by another capitalised word is taken as part of a different proper
name ("Iskander Akhmetov", "Patriot Act", "Washington Post").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Entry, Kind, KnowledgeBase

EXTRACTOR = "kb.gazetteer.v1"

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# What may stand between two tokens of one name: nothing, spaces, hyphens of any kind, a dot.
_JOINER = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212./]{0,3}")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Words that make an ambiguous name a weapon when they stand within CONTEXT_TOKENS of it.
CONTEXT_TOKENS = 12
# Only words that point at weapons on their own: "defence" alone does not ("defence minister").
WEAPON_CUES = frozenset(
    """missile missiles rocket rockets launcher launchers battery batteries interceptor interceptors
    system systems sam sams radar radars warhead warheads icbm icbms slbm irbm srbm mrbm glcm
    cruise ballistic hypersonic coastal fired firing launch launched launches launching
    deploy deployed deployment deployments deploying stationed km kilometres kilometers
    regiment regiments brigade brigades battalion battalions squadron squadrons munition munitions
    arsenal intercepted interceptions salvo salvoes tel tels weapon weapons variant variants""".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s|\n")
# A capitalised word after a one-word name that still belongs to the weapon ("Tomahawk Block V").
_NAME_CONTINUATIONS = frozenset(
    """block mod mark mk batch increment er system systems missile missiles launcher launchers
    battery batteries air defence defense ballistic cruise interceptor interceptors rocket rockets
    complex unit units brigade regiment battalion and or""".split()
)
# Words before a name that make it the name of something else ("Camp Bastion", "Mr Iskander").
_NAME_PREFIXES = frozenset(
    """camp fort operation exercise mount lake mr mrs ms dr president minister general colonel
    captain senator governor mayor saint st hotel club""".split()
)


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


class Gazetteer:
    """A compiled trie of every name in a knowledge base."""

    def __init__(self, kb: KnowledgeBase, kinds: tuple[Kind, ...] = ("system", "treaty", "actor", "site")) -> None:
        self.kb = kb
        self.root: dict[str, dict] = {}
        for table in (kb.systems, kb.treaties, kb.actors, kb.sites):
            for entry in table.values():
                if entry.kind not in kinds:
                    continue
                ambiguous = set(entry.ambiguous_aliases)
                for surface in entry.names():
                    tokens = [t.lower() for t in _TOKEN.findall(surface)]
                    if not tokens or (len(tokens) == 1 and len(tokens[0]) == 1):
                        continue  # a lone letter or digit is never a name
                    node = self.root
                    for token in tokens:
                        node = node.setdefault(token, {})
                    node.setdefault("", []).append(
                        _Name(entry, surface, surface in ambiguous, any(c.isupper() for c in surface))
                    )

    def find(self, text: str) -> list[Found]:
        """Every accepted name in `text`, longest first at each position, no overlaps."""
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
        matches: list[tuple[int, int, list[_Name]]] = []
        waiting: list[tuple[int, int, list[_Name]]] = []  # ambiguous names that lacked context
        i = 0
        while i < len(tokens):
            match = self._longest(text, tokens, i)
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
        # One sense per article: a name shown to be a weapon once is one everywhere in it.
        shown = {n.entry.id for _, _, names in matches for n in names}
        taken = [(s, e) for s, e, _ in matches]
        for start, end, names in waiting:
            if any(n.entry.id in shown for n in names) and not any(s < end and start < e for s, e in taken):
                matches.append((start, end, [n for n in names if n.entry.id in shown]))
        matches.sort(key=lambda m: m[0])
        # A name two entries share goes to the one the text names unambiguously elsewhere.
        certain = {names[0].entry.id for _, _, names in matches if len(names) == 1}
        found = []
        for start, end, names in matches:
            name = next((n for n in names if n.entry.id in certain), names[0])
            found.append(Found(name.entry.kind, name.entry.id, start, end, text[start:end], name.ambiguous))
        return found

    def _longest(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[int, list[_Name]] | None:
        if i > 0 and tokens[i - 1][1] == tokens[i][0]:
            return None  # starts inside a word ("AS400" is not "S400")
        node = self.root
        best: tuple[int, list[_Name]] | None = None
        j = i
        while j < len(tokens):
            token = tokens[j][2]
            nxt = node.get(token)
            plural = False
            if nxt is None and len(token) > 3 and token.endswith("s"):
                nxt, plural = node.get(token[:-1]), True  # "Patriots", "Tomahawks"
            if nxt is None:
                break
            if "" in nxt and _ends_here(text, tokens, j, plural):
                best = (j, nxt[""])
            if plural:
                break
            node = nxt
            j += 1
            if j < len(tokens) and not _JOINER.fullmatch(text[tokens[j - 1][1] : tokens[j][0]]):
                break
        return best

    def _accept(
        self, text: str, tokens: list[tuple[int, int, str]], i: int, j: int, names: list[_Name]
    ) -> tuple[list[_Name], bool]:
        """The entries this occurrence may stand for, best first (empty when it is not a
        name here), and whether it only lacks weapons context to be accepted."""
        surface = text[tokens[i][0] : tokens[j][1]]
        has_capital = any(c.isupper() for c in surface)
        usable = [n for n in names if has_capital or not n.needs_capital]
        if not usable:
            return [], False
        # Unambiguous claims first, systems before other kinds, then the better-known entry
        # (more names in the KB), then a stable order.
        usable.sort(key=lambda n: (n.ambiguous, n.entry.kind != "system", -len(n.entry.aliases), n.entry.id))
        name = usable[0]
        single_word = i == j and surface.isalpha()
        if single_word and name.entry.kind in ("system", "treaty") and _part_of_other_name(text, tokens, i, self):
            return [], False
        candidates = [n for n in usable if n.ambiguous == name.ambiguous and n.entry.kind == name.entry.kind]
        if name.ambiguous:
            if single_word and name.entry.kind != "system" and _part_of_other_name(text, tokens, i, self):
                return [], False
            if name.entry.kind == "system" and not _weapon_context(text, tokens, i, j):
                return candidates, True
        return candidates, False

    def starts_name(self, token: str) -> bool:
        return token in self.root


def _ends_here(text: str, tokens: list[tuple[int, int, str]], j: int, plural: bool) -> bool:
    """The name may end at token j: the next token is a separate word, a plural "s", or after a hyphen."""
    if plural or j + 1 >= len(tokens):
        return True
    gap = text[tokens[j][1] : tokens[j + 1][0]]
    if gap == "":
        return tokens[j + 1][2] == "s" and (j + 2 >= len(tokens) or tokens[j + 2][0] > tokens[j + 1][1])
    return True


def _weapon_context(text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """A weapons word near the name and in the same sentence."""
    lo, hi = max(0, i - CONTEXT_TOKENS), min(len(tokens), j + 1 + CONTEXT_TOKENS)
    for k in range(lo, hi):
        if i <= k <= j or tokens[k][2] not in WEAPON_CUES:
            continue
        between = text[tokens[k][1] : tokens[i][0]] if k < i else text[tokens[j][1] : tokens[k][0]]
        if not _SENTENCE_END.search(between):
            return True
    return False


def _part_of_other_name(text: str, tokens: list[tuple[int, int, str]], i: int, gazetteer: Gazetteer) -> bool:
    """"Iskander Akhmetov", "Patriot Act", "Camp Bastion": a one-word name inside another proper name."""
    if i > 0 and tokens[i - 1][2] in _NAME_PREFIXES and text[tokens[i - 1][1] : tokens[i][0]].strip(" .") == "":
        previous = text[tokens[i - 1][0] : tokens[i - 1][1]]
        if previous[:1].isupper():
            return True
    if i + 1 < len(tokens):
        gap = text[tokens[i][1] : tokens[i + 1][0]]
        following = text[tokens[i + 1][0] : tokens[i + 1][1]]
        if gap == " " and following[:1].isupper() and following.isalpha():
            lowered = following.lower()
            if lowered not in _NAME_CONTINUATIONS and not gazetteer.starts_name(lowered):
                return True
    return False


@lru_cache(maxsize=4)
def gazetteer_for(kb: KnowledgeBase) -> Gazetteer:
    """The compiled gazetteer of `kb` (built once per knowledge base)."""
    return Gazetteer(kb)


def find_names(text: str, kb: KnowledgeBase | None = None) -> list[Found]:
    """Knowledge-base names in `text` (default: the shipped knowledge base)."""
    from .load import load_kb

    return gazetteer_for(kb or load_kb()).find(text)
