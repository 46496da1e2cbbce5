"""Score the pipeline on the annotated White House statements (eval/corpus).

    .venv/bin/python scripts/corpus_eval.py --half develop
    .venv/bin/python scripts/corpus_eval.py --half check          # scores only, always

The texts are not in the repository: they are read by URL from ../shared/corpus
(whitehouse-statements.jsonl, whitehouse-press-briefings.jsonl). The gold lines are the
annotators' files, eval/corpus/annotations-*.jsonl, in the ../shared/eval/SCHEMA.md
format plus `url`, `half`, `annotator`, `evidence` and `notes` (ignored here).

The documents of the chosen half (column 2 of eval/corpus/sample.txt) are written, each
as one record (url, title, published, text) of a JSON Lines file in a temporary folder,
and ingested into a throw-away store exactly as `armswatch ingest` reads a JSON Lines
export. Scoring is `armswatch eval`'s: the same matcher, the same per-field rules and
the same table. When ../shared/corpus is absent the script prints one line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from armswatch.evaluation.gold import LIST_FIELDS, GoldArticle
from armswatch.evaluation.run import EvalResult, format_report, score_stored
from armswatch.evaluation.score import FIELDS, FieldScore, Matcher
from armswatch.ingest.decode import display_path
from armswatch.kb import load_kb
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "eval" / "corpus" / "sample.txt"
HALVES = ("develop", "check")


class CorpusError(Exception):
    """The sample, the annotations or the corpus do not fit together."""


def read_sample(path: Path) -> dict[str, str]:
    """URL -> half, from the tab-separated sample list (`#` lines are comments)."""
    halves: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1].strip() not in HALVES:
            raise CorpusError(f"{path}:{number}: expected 'URL<TAB>develop|check'")
        halves[parts[0].strip()] = parts[1].strip()
    return halves


def read_annotations(paths: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """URL -> gold line, from every annotations file; a URL annotated twice is an error."""
    lines: dict[str, dict[str, Any]] = {}
    for path in sorted(paths):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
            url = (record.get("url") or record.get("doc")) if isinstance(record, dict) else None
            if not isinstance(url, str):
                raise CorpusError(f"{path.name}:{number}: needs a 'url'")
            if url in lines:
                raise CorpusError(f"{path.name}:{number}: {url} is annotated twice")
            for name in LIST_FIELDS:
                if record.get(name) is not None and not isinstance(record[name], list):
                    raise CorpusError(f"{path.name}:{number}: {name!r} must be a list")
            lines[url] = record
    return lines


def fetch_texts(corpus: Path, urls: set[str]) -> dict[str, dict[str, Any]]:
    """URL -> corpus record (url, title, published, text), streaming every *.jsonl file."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not any(url in line for url in urls - found.keys()):
                    continue
                record = json.loads(line)
                if record.get("url") in urls:
                    found[record["url"]] = record
        if len(found) == len(urls):
            break
    return found


def evaluate_half(
    half: str,
    *,
    sample: Path = SAMPLE,
    annotations: Sequence[Path] | None = None,
    corpus: Path = CORPUS,
    settings: Settings | None = None,
) -> EvalResult:
    """Score the annotated documents of one half of the sample, as `armswatch eval` does."""
    halves = read_sample(sample)
    if annotations is None:
        annotations = sorted(sample.parent.glob("annotations-*.jsonl"))
    gold_lines = read_annotations(annotations)
    strays = sorted(set(gold_lines) - set(halves))
    if strays:
        raise CorpusError(f"annotated but not in {sample.name}: {', '.join(strays)}")
    urls = [url for url, h in halves.items() if h == half and url in gold_lines]
    records = fetch_texts(corpus, set(urls))
    missing = [url for url in urls if url not in records]
    if missing:
        raise CorpusError(f"not in {corpus}: {', '.join(missing)}")
    started = time.perf_counter()
    matcher = Matcher(load_kb())
    settings = settings or Settings.from_env()
    scores = {name: FieldScore() for name in FIELDS}
    with tempfile.TemporaryDirectory(prefix="armswatch-corpus-") as tmp:
        export = Path(tmp) / "corpus.jsonl"
        with export.open("w", encoding="utf-8") as handle:
            for url in urls:
                record = records[url]
                keep = {key: record.get(key) for key in ("url", "title", "published", "text")}
                handle.write(json.dumps(keep, ensure_ascii=False) + "\n")
        with Store.open(Path(tmp) / "eval.db") as store:
            report = ingest([export], store, settings=settings)
            skipped = {s.location: s.reason for s in report.skipped}
            located = []
            for number, url in enumerate(urls, start=1):
                line = gold_lines[url]
                item = GoldArticle(
                    doc=url,
                    path=export,
                    published=line.get("published"),
                    lists={name: line[name] for name in LIST_FIELDS if line.get(name) is not None},
                    corrections=line["corrections"] if isinstance(line.get("corrections"), int) else None,
                )
                location = f"{display_path(export)}:{number}"
                located.append((item, location, skipped.get(location)))
            right, total, results = score_stored(store, located, matcher, scores)
    return EvalResult(len(urls), scores, right, total, time.perf_counter() - started, results)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=HALVES, required=True)
    parser.add_argument("--scores-only", action="store_true", help="hide per-article errors (forced for check)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of the White House JSON Lines files")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="URL<TAB>half list")
    parser.add_argument("--annotations", type=Path, nargs="*", help="gold files (default: annotations-*.jsonl beside the sample)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not any(args.corpus.glob("*.jsonl")):
        print(f"corpus_eval: skipped, no White House corpus at {args.corpus}")
        return 0
    try:
        result = evaluate_half(args.half, sample=args.sample, annotations=args.annotations, corpus=args.corpus)
    except CorpusError as exc:
        print(f"corpus_eval: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(format_report(result, scores_only=args.scores_only or args.half == "check"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
