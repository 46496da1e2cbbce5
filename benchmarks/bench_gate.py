"""The relevance gate on general news: gated ingest against the full pipeline, same statements.

The general-news corpus is ../shared/corpus/whitehouse-statements.jsonl (7,264 official
statements, about 5 % on missiles or air defence). It is read from there: N statements,
spread evenly over the file, are written to a temporary folder that is deleted at the end.
Each ingest runs as its own process (`python -m armswatch ingest`), timed from process
start to exit, so imports and model load are included, and each reports its own peak
memory (and its largest worker's). Three runs take the same statements: gated with 2
processes (what `armswatch ingest` does on a 2-core machine: workers forked after the
model loads), gated in 1 process, and the full pipeline in 1 process. Their ratios are
the figures to compare, because this machine is shared.

    .venv/bin/python benchmarks/bench_gate.py [--statements 500 | --all] [--repeat 3]

With --repeat N, the runs are made N times and each figure is the median; --no-full
leaves out the full pipeline (minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GENERAL_NEWS = REPO.parent / "shared" / "corpus" / "whitehouse-statements.jsonl"
SPEED_GOAL = 55.0  # articles/s end to end with the gate, model load included (issue #11)
MEMORY_GOAL_MB = 1024

# Runs the CLI in this process and reports its peak memory on stderr's last line.
_CHILD = (
    "import resource, sys\n"
    "from armswatch.cli import cli\n"
    "try:\n"
    "    cli(sys.argv[1:], standalone_mode=False)\n"
    "finally:\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    workers = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    cpu = usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime\n"
    "    print(f'usage={usage.ru_maxrss} {cpu} {workers.ru_maxrss}', file=sys.stderr)\n"
)


def spread_sample(source: Path, target: Path, n: int) -> int:
    """Write n lines of `source`, evenly spread over it, to `target`; return how many."""
    with source.open("rb") as handle:
        total = sum(1 for _ in handle)
    step = max(1, total // n) if n else 1
    written = 0
    with source.open("rb") as handle, target.open("wb") as out:
        for i, line in enumerate(handle):
            if i % step == 0 and written < n:
                out.write(line)
                written += 1
    return written


@dataclass(frozen=True)
class Run:
    wall: float  # seconds from process start to exit
    cpu: float  # CPU seconds of the process and of its worker processes
    report: dict[str, Any]
    mb: float  # peak memory of the process
    worker_mb: float  # peak memory of its largest worker process (0: none)


def timed_ingest(path: Path, db: Path, *, gate: bool, workers: int) -> Run:
    """One `armswatch ingest` process, timed from its start to its exit."""
    env = {
        **os.environ, "ARMSWATCH_GATE": "1" if gate else "0", "ARMSWATCH_WORKERS": str(workers),
        "PYTHONPATH": str(REPO),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "ingest", str(path), "--db", str(db), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - started
    report = json.loads(done.stdout)["report"]
    usage = next(line for line in reversed(done.stderr.splitlines()) if line.startswith("usage="))
    rss, cpu, worker_rss = usage.split("=")[1].split()
    return Run(seconds, float(cpu), report, int(rss) / 1024, int(worker_rss) / 1024)


def windowed_count(db: Path) -> int:
    """How many passing articles the gate had parsed in windows (its reason says so)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT count(*) FROM gate_decisions WHERE reason LIKE '%parsed in % windows%'").fetchone()
    return int(row[0])


# The runs compared, each in its own process: (label, gate, workers).
KINDS = (
    ("gated, 2 processes", True, 2),  # what `armswatch ingest` does on this machine (ARMSWATCH_WORKERS=0)
    ("gated, 1 process", True, 1),
    ("full pipeline, 1 process", False, 1),
)


def _median(runs: list[Run]) -> Run:
    def mid(values: list[float]) -> float:
        return statistics.median(values)

    return Run(
        mid([r.wall for r in runs]), mid([r.cpu for r in runs]), runs[0].report,
        mid([r.mb for r in runs]), mid([r.worker_mb for r in runs]),
    )


def run(statements: int, repeat: int = 1, *, full: bool = True) -> None:
    if not GENERAL_NEWS.is_file():
        print(f"general news: {GENERAL_NEWS} not found; gate benchmark skipped")
        return
    kinds = [k for k in KINDS if full or k[1]]
    runs: dict[str, list[Run]] = {label: [] for label, _, _ in kinds}
    with tempfile.TemporaryDirectory(prefix="armswatch-bench-gate-") as tmp:
        sample = Path(tmp) / "statements.jsonl"
        n = spread_sample(GENERAL_NEWS, sample, statements)
        for i in range(repeat):
            for k, (label, gate, workers) in enumerate(kinds):
                db = Path(tmp) / f"run{i}-{k}.db"
                runs[label].append(timed_ingest(sample, db, gate=gate, workers=workers))
        windowed = windowed_count(Path(tmp) / f"run{repeat - 1}-0.db")
    medians = {label: _median(r) for label, r in runs.items()}
    gated = medians[kinds[0][0]]
    gate = gated.report["gate"]
    stored = gated.report["new"]
    median = f", median of {repeat} runs" if repeat > 1 else ""
    print(f"general news: {n} statements from {GENERAL_NEWS.name}, {stored} stored by each run{median}")
    print(
        f"  gate: {gate['passed']} passed to the parser ({gate['passed'] / max(1, stored):.1%}), "
        f"{windowed} of them parsed in windows; {gate['skipped']} stored, not extracted"
    )
    print("  end to end, process start and model load included; wall time, then the CPU time of the run's processes")
    print("  (wall time depends on who shares the machine; CPU time is what one core alone would take):")
    for label, result in medians.items():
        goal = f" (goal >= {SPEED_GOAL:.0f} wall, on an idle machine)" if result is gated else ""
        print(
            f"  {label:25} {result.wall:6.1f} s wall = {n / result.wall:5.1f} articles/s;  "
            f"{result.cpu:6.1f} s CPU = {n / result.cpu:5.1f} articles/s{goal}"
        )
    one = medians["gated, 1 process"]
    print(f"  2 processes against 1: {one.wall / gated.wall:.2f}x faster (wall), {gated.cpu / one.cpu:.2f}x the CPU")
    if full:
        whole = medians["full pipeline, 1 process"]
        print(f"  ratio full/gated, 1 process each: {whole.wall / one.wall:.1f}x (wall), {whole.cpu / one.cpu:.1f}x (CPU)")
    memory = ", ".join(
        f"{label} {r.mb:.0f} MB" + (f" (+ workers of {r.worker_mb:.0f} MB each at most)" if r.worker_mb else "")
        for label, r in medians.items()
    )
    print(f"  peak memory: {memory} (goal < {MEMORY_GOAL_MB} MB per process)")
    if len({r.report["new"] for r in medians.values()}) > 1:
        print(f"  warning: the runs stored different numbers of articles: {[r.report['new'] for r in medians.values()]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=500, help="how many statements (spread over the corpus)")
    parser.add_argument("--all", action="store_true", help="every statement of the corpus (overrides --statements)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; figures are medians")
    parser.add_argument("--no-full", action="store_true", help="the gated runs only (the full pipeline takes minutes)")
    args = parser.parse_args()
    statements = args.statements
    if args.all and GENERAL_NEWS.is_file():
        with GENERAL_NEWS.open("rb") as handle:
            statements = sum(1 for _ in handle)
    run(statements, max(1, args.repeat), full=not args.no_full)


if __name__ == "__main__":
    main()
