"""Peak memory and CPU of ingesting the general-news stream, with and without a fixed mmap threshold.

Long bodies are parsed in chunks (armswatch/extract/chunks.py), so one call of the model
never takes more than `NlpExtractor.max_chars` characters. This measures what is left of
the memory question: each ingest runs as its own process (`python -m armswatch ingest`),
once with glibc's default malloc (its mmap threshold rises after each large free) and
once with the threshold fixed at 128 KB by mallopt (large arrays always mapped and
unmapped: memory goes back to the system, at a cost in CPU). Both kinds run in turn,
--repeat times; the figures are medians, and the ratios are the figures to compare, as
the machine is shared.

The statements come from ../shared/corpus/whitehouse-statements.jsonl, spread evenly over
it (--all: every one), or its --longest N bodies, the worst case for memory; the
statements sampled for annotation (eval/corpus/sample.txt) are left out. `--gate 0` runs the
full pipeline on every article; `--code PATH` runs the armswatch package found
at PATH (another checkout) instead of this one, to compare with earlier code.

    .venv/bin/python benchmarks/bench_memory.py [--statements 1000 | --all | --longest 20] [--repeat 3]
        [--gate 1] [--workers 1] [--malloc default|fixed|both] [--code PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERAL_NEWS = REPO.parent / "shared" / "corpus" / "whitehouse-statements.jsonl"
ANNOTATION_SAMPLE = REPO / "eval" / "corpus" / "sample.txt"
MEMORY_GOAL_MB = 1024
MODES = ("default", "fixed")  # glibc's malloc as it comes; the mmap threshold fixed at 128 KB

# Runs the CLI in this process with the malloc mode of $BENCH_MALLOC; prints on stderr's
# last line the peak memory of the process or of its largest forked worker, and the CPU
# time of all of them.
_CHILD = (
    "import ctypes, ctypes.util, os, resource, sys\n"
    "from armswatch.extract import nlp\n"
    "if hasattr(nlp, 'fix_mmap_threshold'):\n"
    "    nlp.fix_mmap_threshold = lambda size=0: False\n"
    "if os.environ['BENCH_MALLOC'] == 'fixed':\n"
    "    ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6').mallopt(-3, 128 * 1024)\n"
    "from armswatch.cli import cli\n"
    "print('code=' + nlp.__file__, file=sys.stderr)\n"
    "try:\n"
    "    cli(sys.argv[1:], standalone_mode=False)\n"
    "finally:\n"
    "    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime\n"
    "    print(f'usage={max(me.ru_maxrss, workers.ru_maxrss)} {cpu}', file=sys.stderr)\n"
)


def annotated_urls() -> set[str]:
    if not ANNOTATION_SAMPLE.is_file():
        return set()
    lines = ANNOTATION_SAMPLE.read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")}


def sample(target: Path, statements: int | None, longest: int | None) -> tuple[int, int]:
    """Write the chosen lines of the corpus to `target`: `statements` spread evenly over it
    (None: all), or the `longest` ones. Return how many, and the longest text's length."""
    skip = annotated_urls()
    lines = []
    with GENERAL_NEWS.open("rb") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("url") not in skip:
                lines.append((len(record.get("text") or ""), line))
    if longest:
        lines = sorted(lines, key=lambda item: item[0], reverse=True)[:longest]
    elif statements and statements < len(lines):
        step = len(lines) / statements
        lines = [lines[int(i * step)] for i in range(statements)]
    with target.open("wb") as out:
        for _, line in lines:
            out.write(line)
    return len(lines), max((n for n, _ in lines), default=0)


def ingest(path: Path, db: Path, mode: str, gate: bool, code: Path, workers: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one ingest process (run in the folder of
    `path`: the working folder would come before PYTHONPATH on the module path)."""
    env = {
        **os.environ, "BENCH_MALLOC": mode, "ARMSWATCH_GATE": "1" if gate else "0",
        "ARMSWATCH_WORKERS": str(workers), "PYTHONPATH": str(code),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "ingest", str(path), "--db", str(db), "--json"],
        env=env, capture_output=True, text=True, check=True, cwd=path.parent,
    )
    seconds = time.perf_counter() - started
    loaded = next(line for line in done.stderr.splitlines() if line.startswith("code="))
    if not loaded.startswith(f"code={code}/"):
        raise SystemExit(f"the ingest ran {loaded[5:]}, not the code in {code}")
    usage = next(line for line in reversed(done.stderr.splitlines()) if line.startswith("usage="))
    rss, cpu = usage.split("=")[1].split()
    return seconds, float(cpu), int(rss) / 1024


def run(
    statements: int | None, longest: int | None, repeat: int, gate: bool, code: Path, workers: int = 1,
    modes: tuple[str, ...] = MODES,
) -> None:
    if not GENERAL_NEWS.is_file():
        print(f"general news: {GENERAL_NEWS} not found; memory benchmark skipped")
        return
    runs: dict[str, list[tuple[float, float, float]]] = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory(prefix="armswatch-bench-memory-") as tmp:
        corpus = Path(tmp) / "statements.jsonl"
        n, longest_chars = sample(corpus, statements, longest)
        for i in range(repeat):
            for mode in modes:
                runs[mode].append(ingest(corpus, Path(tmp) / f"{mode}{i}.db", mode, gate, code, workers))
                print(f"  run {i + 1} {mode:7s}: {runs[mode][-1][0]:6.1f} s wall, {runs[mode][-1][1]:6.1f} s CPU, "
                      f"{runs[mode][-1][2]:5.0f} MB", file=sys.stderr, flush=True)
    medians = {mode: [statistics.median(r[k] for r in runs[mode]) for k in range(3)] for mode in modes}
    which = f"the {n} longest" if longest else f"{n}"
    print(f"memory: {which} statements of {GENERAL_NEWS.name} (longest {longest_chars:,} characters), "
          f"{'gated' if gate else 'full pipeline'}, {workers} worker(s) ({'this process' if workers == 1 else 'forked'}), "
          f"code from {code}, median of {repeat} runs")
    for mode in modes:
        wall, cpu, mb = medians[mode]
        label = "glibc default malloc" if mode == "default" else "mmap threshold 128 KB"
        print(f"  {label:22s}: peak {mb:5.0f} MB, {cpu:6.1f} s CPU ({n / cpu:5.1f} articles/s), {wall:6.1f} s wall")
    if len(modes) < 2:
        return
    (_, cpu_d, mb_d), (_, cpu_f, mb_f) = medians["default"], medians["fixed"]
    print(f"  fixed/default: CPU x{cpu_f / cpu_d:.2f}, peak memory x{mb_f / mb_d:.2f} (goal < {MEMORY_GOAL_MB} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000, help="how many statements (spread over the corpus)")
    parser.add_argument("--all", action="store_true", help="every statement (overrides --statements)")
    parser.add_argument("--longest", type=int, default=0, help="the N longest statements instead")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; figures are medians")
    parser.add_argument("--gate", type=int, default=1, choices=(0, 1), help="1: gated ingest (default); 0: full pipeline")
    parser.add_argument("--workers", type=int, default=1, help="ARMSWATCH_WORKERS for the ingest (1: one process)")
    parser.add_argument("--malloc", choices=(*MODES, "both"), default="both", help="which malloc mode(s) to run")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the armswatch package to run")
    args = parser.parse_args()
    statements = None if args.all else args.statements
    run(statements, args.longest or None, max(1, args.repeat), bool(args.gate), args.code.resolve(), args.workers,
        MODES if args.malloc == "both" else (args.malloc,),
    )


if __name__ == "__main__":
    main()
