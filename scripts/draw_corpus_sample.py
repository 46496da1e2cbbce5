"""Draw rows for annotation from ../shared/corpus (the draw behind eval/corpus/sample.txt).

    .venv/bin/python scripts/draw_corpus_sample.py --seed 20261205 --rows-before 84 \
        --briefings 7 --statements 13 --none 4

prints URL, tab, half, tab, length for each drawn document: briefings of at most 30,000
characters with at least three distinct weapon or arms-control words, statements of at
most 20,000 characters with at least two, and statements with none. Documents already in
the first `--rows-before` rows of sample.txt are never drawn again; the halves are split
evenly and shuffled. The word list is a sampling aid, not an extractor.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "eval" / "corpus" / "sample.txt"
WORDS = re.compile(
    r"\b(missiles?|air defen[cs]e|ballistic|launchers?|warheads?|nuclear|Patriot|NASAMS|HIMARS|ATACMS"
    r"|drones?|treaty|IAEA|cruise missile|interceptors?|Tomahawk|rockets?)\b", re.I)


def _distinct_words(text: str) -> int:
    return len({m.group(0).lower() for m in WORDS.finditer(text)})


def _load(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _taken(rows_before: int) -> set[str]:
    rows = [line.split("\t")[0] for line in SAMPLE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return set(rows[:rows_before])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--rows-before", type=int, required=True, help="rows of sample.txt that exist already")
    parser.add_argument("--briefings", type=int, default=0)
    parser.add_argument("--statements", type=int, default=0)
    parser.add_argument("--none", type=int, default=0, help="statements without any of the words")
    args = parser.parse_args()
    taken = _taken(args.rows_before)
    rng = random.Random(args.seed)
    statements = _load("whitehouse-statements.jsonl")
    briefings = _load("whitehouse-press-briefings.jsonl")
    pools = (
        [d for d in briefings if d["url"] not in taken and len(d["text"]) <= 30000 and _distinct_words(d["text"]) >= 3],
        [d for d in statements if d["url"] not in taken and len(d["text"]) <= 20000 and _distinct_words(d["text"]) >= 2],
        [d for d in statements if d["url"] not in taken and len(d["text"]) <= 20000 and _distinct_words(d["text"]) == 0],
    )
    picked = rng.sample(pools[0], args.briefings) + rng.sample(pools[1], args.statements) + rng.sample(pools[2], args.none)
    rng.shuffle(picked)
    halves = ["develop", "check"] * ((len(picked) + 1) // 2)
    rng.shuffle(halves)
    for doc, half in zip(picked, halves):
        print(f"{doc['url']}\t{half}\t{len(doc['text'])}")


if __name__ == "__main__":
    main()
