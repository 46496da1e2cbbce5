"""Names as writers write them: the general spelling rules of the recogniser.

The knowledge base lists each system's names once; writers vary them in regular ways.
`name_forms` derives, for one knowledge-base name, the other forms the trie also
compiles (rules in `names.toml` beside this module, none naming an entry):
- Roman and Arabic numerals after a name word: "Shaheen-III" / "Shaheen 3", "Agni-5" / "Agni V";
- the "SAM-6" of older reporting for NATO "SA-6";
- two words run together: "Scud-B" / "ScudB", "Taepo-dong" / "Taepodong";
- romanised syllables split apart, for Chinese and Korean names: "Nodong" / "No-dong" / "No dong";
- the pinyin words behind Chinese letter prefixes: "DF-21" / "Dongfeng-21" / "Dong Feng 21".

`form_fits` and `designation_reading` are the checks made on the text when a name matches:
a Roman numeral must be written in capitals, "I" before "think" is the pronoun, and a
designation split by a space ("F 16", "as 4", "A 10") needs capitals and, when its letter
part is a single letter, a weapons context.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

RULES_FILE = Path(__file__).with_name("names.toml")
# Tokens of names and texts: runs of letters or runs of digits ("S-400" is "S", "400").
TOKEN = re.compile(r"[^\W\d_]+|\d+")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_ROMAN_DIGITS = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))

Form = Literal["", "roman", "sam", "joined", "split", "pinyin"]
Tokens = tuple[tuple[int, int, str], ...] | list[tuple[int, int, str]]
Reading = Literal["ok", "reject", "context"]


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The normalisation rules (names.toml), read once."""
    with RULES_FILE.open("rb") as handle:
        return tomllib.load(handle)


CUES_FILE = Path(__file__).with_name("recognition_cues.toml")


@lru_cache(maxsize=1)
def _cue_data() -> dict[str, Any]:
    with CUES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def cue_words() -> dict[str, frozenset[str]]:
    """The recogniser's word lists (recognition_cues.toml), by name."""
    return {key: frozenset(value.split()) for key, value in _cue_data().items() if isinstance(value, str)}


def basing_cues() -> dict[str, frozenset[str]]:
    """Sentence words that point at each basing ("air": bomber, jets ...)."""
    return {basing: frozenset(words.split()) for basing, words in _cue_data()["basing"].items()}


@lru_cache(maxsize=1)
def heading_pattern() -> re.Pattern[str]:
    """Section headings at the start of a line: "Background:", "Background and Pre-crisis"."""
    words = sorted(_cue_data()["headings"]["words"].split(), key=len, reverse=True)
    word = "|".join(re.escape(w).replace(r"\-", f"[{_HYPHENS}]?") for w in words)
    return re.compile(rf"(?m)^[ \t]*(?i:{word})(?:(?:[ \t]+(?:and|&)[ \t]+|[ \t]*/[ \t]*)(?i:{word}))*\b(?::|(?=[ \t]*$|[ \t]+[A-Z]))")


def to_roman(number: int) -> str:
    out = []
    for letters, value in _ROMAN_DIGITS:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def roman_value(token: str) -> int | None:
    """The value of a lowercase Roman numeral up to the configured maximum, else None."""
    if not token or set(token) - {"i", "v", "x"}:
        return None
    for number in range(1, int(rules()["roman"]["max"]) + 1):
        if to_roman(number) == token:
            return number
    return None


def name_forms(entry_id: str, surface: str, weapon: bool = True) -> list[tuple[tuple[str, ...], Form]]:
    """Other token sequences (lowercase) under which `surface`, a name of `entry_id`, is written.
    Names that are not weapons' ("White House", "SALT II") only get the numeral rule."""
    matches = list(TOKEN.finditer(surface))
    raw = [m.group() for m in matches]
    gaps = [surface[a.end() : b.start()] for a, b in zip(matches, matches[1:])]
    base = tuple(t.lower() for t in raw)
    forms: dict[tuple[str, ...], Form] = {}
    starts: list[tuple[list[str], list[str]]] = [(raw, gaps)]
    for variant in _pinyin(entry_id, raw) if weapon else ():
        forms.setdefault(_lower(variant), "pinyin")
        starts.append((variant, gaps))
    for tokens, token_gaps in starts:
        for variant in _roman(tokens):
            forms.setdefault(_lower(variant), "roman")
        if not weapon:
            continue
        for variant in _sam(tokens):
            forms.setdefault(_lower(variant), "sam")
        for variant in _joined(tokens, token_gaps):
            forms.setdefault(_lower(variant), "joined")
        for variant in _split(entry_id, tokens):
            forms.setdefault(_lower(variant), "split")
    forms.pop(base, None)
    return [(tokens, form) for tokens, form in forms.items() if tokens]


def _lower(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(t.lower() for t in tokens)


def _pinyin(entry_id: str, raw: list[str]) -> list[list[str]]:
    config = rules()["pinyin"]
    if not entry_id.startswith(tuple(config["entry_prefixes"])) or len(raw) < 2:
        return []
    word = config["words"].get(raw[0])
    if word is None or not raw[1].isdigit():
        return []
    return [[word, *raw[1:]]]


def _roman(raw: list[str]) -> list[list[str]]:
    config = rules()["roman"]
    out = []
    for k in range(1, len(raw)):
        previous, token = raw[k - 1], raw[k]
        if not (previous.isalpha() and len(previous) >= int(config["min_word"])):
            continue
        if token.isdigit() and not token.startswith("0") and 1 <= int(token) <= int(config["max"]):
            out.append([*raw[:k], to_roman(int(token)).upper(), *raw[k + 1 :]])
        elif token.isalpha() and token.isupper():
            value = roman_value(token.lower())
            if value is not None:
                out.append([*raw[:k], str(value), *raw[k + 1 :]])
            elif len(token) > 1 and (value := roman_value(token[:-1].lower())) is not None:
                out.append([*raw[:k], str(value), token[-1], *raw[k + 1 :]])  # "Shaheen-IA"
    return out


def _sam(raw: list[str]) -> list[list[str]]:
    config = rules()["sam"]
    if len(raw) >= 2 and raw[0] == config["nato_prefix"] and raw[1].isdigit():
        return [[config["written_as"], *raw[1:]]]
    return []


def _joined(raw: list[str], gaps: list[str]) -> list[list[str]]:
    """"Scud-B" → "ScudB", "Taepo-dong" → "Taepodong": two words of a name run together."""
    if len(raw) > 4:
        return []
    out = []
    for k in range(len(raw) - 1):
        first, second = raw[k], raw[k + 1]
        if not (first.isalpha() and second.isalpha()) or second.lower() == "s":
            continue  # "Igla-S" joined would read as the plural "Iglas"
        if (first + second).lower() in rules()["joined"]["not_words"]:
            continue  # a hull classification symbol ("SSN 22"), not a name
        if gaps[k] == " " or (len(gaps[k]) == 1 and gaps[k] in _HYPHENS):
            out.append([*raw[:k], first + second, *raw[k + 2 :]])
    return out


def _split(entry_id: str, raw: list[str]) -> list[list[str]]:
    """"Nodong" → "No dong": a romanised word split at a syllable boundary."""
    config = rules()["syllables"]
    if not entry_id.startswith(tuple(config["entry_prefixes"])):
        return []
    vowels, codas, shortest = config["vowels"], tuple(config["codas"]), int(config["min_syllable"])
    out = []
    for k, token in enumerate(raw):
        word = token.lower()
        if not (word.isascii() and word.isalpha()) or len(word) < 2 * shortest:
            continue
        for cut in range(shortest, len(word) - shortest + 1):
            head, tail = word[:cut], word[cut:]
            if tail[0] in vowels or (k == 0 and head in config["not_first"]):
                continue
            coda = next((c for c in codas if head.endswith(c)), None)
            if head[-1] in vowels or (coda and len(head) > len(coda) and head[-len(coda) - 1] in vowels):
                out.append([*raw[:k], token[:cut], tail, *raw[k + 1 :]])
    return out


def form_fits(form: Form, text: str, tokens: Tokens, i: int, j: int) -> bool:
    """Whether the text's spelling allows a derived form to be read: a Roman numeral and
    "SAM" in capitals, a split syllable name capitalised."""
    if form == "roman":
        return all(
            text[s:e].isupper() for s, e, word in tokens[i + 1 : j + 1] if word.isalpha() and roman_value(word)
        )
    if form == "sam":
        return text[tokens[i][0] : tokens[i][1]].isupper()
    if form == "split":
        return text[tokens[i][0]].isupper()
    return True


def designation_reading(text: str, tokens: Tokens, i: int, j: int) -> Reading:
    """Whether a matched name reads as a designation here, whatever its entry.

    - "I" closing the name, followed by "think", "said" ...: the pronoun, not a numeral.
    - Letters, a space, digits ("F 16", "as 4", "a 10-year"): not when the letters are
      lowercase, nor an English word with one capital ("As 4", but "AS 4"); not for one capital letter and one digit ("A 4", "F 1"); for one capital
      letter and more digits, only with weapons context and not before a hyphenated word.
    """
    if tokens[j][2] == "i" and j > i and j + 1 < len(tokens) and text[tokens[j][1] : tokens[j + 1][0]] == " ":
        if tokens[j + 1][2] in rules()["roman"]["pronoun_followers"]:
            return "reject"
    end = tokens[j][1]
    if tokens[j][2].isdigit() and text[end : end + 1] in (".", ",", ":") and text[end + 1 : end + 2].isdigit():
        return "reject"  # the digits are part of a number, a time or a lineage ("At 4:00", "B.1.526")
    if j == i or not (tokens[i][2].isalpha() and tokens[i + 1][2].isdigit()):
        return "ok"
    gap = text[tokens[i][1] : tokens[i + 1][0]]
    if not gap or not gap.isspace():
        return "ok"
    letters = text[tokens[i][0] : tokens[i][1]]
    if not any(c.isupper() for c in letters) or (not letters.isupper() and letters.lower() in rules()["spaced"]["words"]):
        return "reject"  # "as 4", "As 4 degrees": a word and a number; "AS 4" may be a designation
    if len(letters) > 1:
        return "ok"
    if len(tokens[i + 1][2]) == 1:
        return "reject"
    after = text[tokens[j][1] : tokens[j][1] + 2]
    if after[:1] in _HYPHENS and after[1:].isalpha():
        return "reject"
    return "context"


def capital_words(surface: str) -> frozenset[str]:
    """The acronyms of a name, lowercased: its words of two or more letters written all in
    capitals ("START" in "New START", "INF" in "INF Treaty", "SALT" in "SALT 2"). The text
    must write them in capitals too, so "Head Start" and "sort of" are no treaty. Letters
    joined to digits make a designation ("SS-20", "DF21"), which reads the same in any case
    and gives none."""
    matches = list(TOKEN.finditer(surface))
    words = set()
    for k, match in enumerate(matches):
        token = match.group()
        if len(token) < 2 or not token.isupper():
            continue
        neighbours = [(matches[k - 1], surface[matches[k - 1].end() : match.start()])] if k else []
        if k + 1 < len(matches):
            neighbours.append((matches[k + 1], surface[match.end() : matches[k + 1].start()]))
        if any(other.group().isdigit() and (gap == "" or gap in _HYPHENS) for other, gap in neighbours):
            continue
        words.add(token.lower())
    return frozenset(words)


# Weapon acronyms this long are also written with one capital in British style ("Himars",
# "Thaad"); shorter ones would then read as words ("Harm", "Law", "Frog").
TITLE_ACRONYM_MIN = 5


def capitals_fit(words: frozenset[str], text: str, tokens: Tokens, i: int, j: int, weapon: bool = False) -> bool:
    """Whether every acronym of the name is written in capitals in text tokens i..j
    (a lowercase plural "s" may follow: "ICBMs"); for a weapon, a long acronym may also be
    written with one capital ("Himars")."""
    if not words:
        return True
    for start, end, token in tokens[i : j + 1]:
        written = text[start:end]
        if token not in words:
            if not (token.endswith("s") and token[:-1] in words and written.endswith("s")):
                continue
            written = written[:-1]
        if written.isupper():
            continue
        if not (weapon and len(written) >= TITLE_ACRONYM_MIN and written[0].isupper() and written[1:].islower()):
            return False
    return True


# -- Signs, in the text around a match, that a weapon's name or cue word is part of something else.

_DEFINITION = re.compile(
    r"((?:[A-Z][\w’'\-]*|(?<=\s)(?:of|for|and|the|on|in|to|&))(?:[ \t\n]+(?:[A-Z][\w’'\-]*|of|for|and|the|on|in|to|&)){1,9})"
    r"[ \t\n]*\(([A-Z]{2,6})s?\)"
)
_LINKING = frozenset({"of", "for", "and", "the", "on", "in", "to", "&"})


def acronym_definitions(text: str) -> dict[str, list[str]]:
    """Acronyms the text defines ("a National Security Memorandum (NSM)"): each acronym,
    as written, with the capitalised words its letters stand for. Only a definition whose
    content words give the acronym's letters, in order, counts."""
    out: dict[str, list[str]] = {}
    for match in _DEFINITION.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        content = [w for w in words if w.lower() not in _LINKING or w[:1].isupper()]
        for start in range(len(content)):
            initials = "".join(w[0] for w in content[start:]).upper()
            if initials == acronym:
                out.setdefault(acronym, []).append(" ".join(content[start:]))
                break
    return out


_WRAPPED = re.compile(r"[ \t]*\n[ \t]*")


def word_gap(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], between two words, is one space or a hard line wrap (one
    line break inside a paragraph: the line before does not end a sentence)."""
    gap = text[start:end]
    if gap == " ":
        return True
    return bool(_WRAPPED.fullmatch(gap)) and text[max(0, start - 1) : start] not in (".", "!", "?", ":", ";", "")


def cue_in_other_name(text: str, tokens: Tokens, k: int, i: int, j: int, cues: frozenset[str]) -> bool:
    """Whether cue word k, near a name at tokens i..j, is written as part of another proper
    name ("BAE Systems", "National Security Systems", "Weapons Sergeant"): capitalised
    (not all capitals, not the sentence's first word) next to a capitalised word that is
    no cue word. A cue in a run of capitalised words that continues the name ("Patriot
    Missile Battery", "Javelin Anti-Tank Guided Missiles") still counts."""
    word = text[tokens[k][0] : tokens[k][1]]
    if not word[:1].isupper() or word.isupper():
        return False
    before = text[max(0, tokens[k][0] - 3) : tokens[k][0]].rstrip(" \t\"“‘'(")
    if k == 0 or not before or before[-1:] in ".!?:\n":
        return False  # the first word of a sentence or line: its capital proves nothing
    if k > j and _capitalised_run(text, tokens, j, k) and not _proper_name_after(text, tokens, k, cues):
        return False
    for n in (k - 1, k + 1):
        if not 0 <= n < len(tokens) or (i <= n <= j and n < k):
            continue
        gap = text[tokens[min(n, k)][1] : tokens[max(n, k)][0]]
        neighbour = text[tokens[n][0] : tokens[n][1]]
        if gap == " " and neighbour[:1].isupper() and neighbour.isalpha() and tokens[n][2] not in cues:
            return True
    return False


def _capitalised_run(text: str, tokens: Tokens, j: int, k: int) -> bool:
    """Tokens j+1..k are capitalised words joined by spaces, hyphens or quotes to token j."""
    for n in range(j + 1, k + 1):
        gap = text[tokens[n - 1][1] : tokens[n][0]]
        if len(gap) > 3 or gap.strip(" -\u2010\u2011”\"’'") or not text[tokens[n][0]].isupper():
            return False
    return True


def _proper_name_after(text: str, tokens: Tokens, k: int, cues: frozenset[str]) -> bool:
    """A capitalised word that is no cue follows cue k ("Beagle Brigade Act"): a title."""
    if k + 1 >= len(tokens) or text[tokens[k][1] : tokens[k + 1][0]] != " ":
        return False
    return text[tokens[k + 1][0]].isupper() and tokens[k + 1][2] not in cues


def possessed_by_other_name(text: str, tokens: Tokens, i: int) -> bool:
    """"Sam's Club", "Origin's Club": a one-word name after a capitalised possessive (the
    caller keeps "Russia's Kalibr", whose owner is a known name)."""
    if i == 0:
        return False
    gap = text[tokens[i - 1][1] : tokens[i][0]]
    if tokens[i - 1][2] != "s" or gap != " " or i < 2:
        return False
    apostrophe = text[tokens[i - 2][1] : tokens[i - 1][0]]
    owner = text[tokens[i - 2][0] : tokens[i - 2][1]]
    return apostrophe in ("'", "’") and owner[:1].isupper() and owner.isalpha()


def content_words(name: str) -> tuple[str, ...]:
    """A name's words without linking words, lowercased: how a definition is compared."""
    return tuple(w for w in (t.lower() for t in TOKEN.findall(name)) if w not in _LINKING)


def defined_as_other(acronym: str, definitions: dict[str, list[str]], names: Sequence[str]) -> bool:
    """Whether the text defines `acronym` as something none of `names` (an entry's names) is."""
    expansions = definitions.get(acronym)
    if not expansions:
        return False
    own = [set(content_words(n)) for n in names]
    # A writer's slip ("Air" for "Area") keeps the definition the entry's own.
    return not any(len(words & set(content_words(e))) * 2 >= len(content_words(e)) for e in expansions for words in own)
