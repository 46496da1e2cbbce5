"""The relevance gate on general news: gated ingest against the full pipeline, same statements.

The general-news corpus is ../shared/corpus/whitehouse-statements.jsonl (7,264 official
statements, about 5 % on missiles or air defence). It is read from there: N statements,
spread evenly over the file, are written to a temporary folder that is deleted at the end.
Each ingest runs as its own process (`python -m armswatch ingest`), timed from process
start to exit, so imports and model load are included, and each reports its own peak
memory. The gated and the full runs take the same statements in the same run: their
ratio is the figure to compare, because this machine is shared.

    .venv/bin/python benchmarks/bench_gate.py [--statements 500 | --all] [--repeat 3]

With --repeat N, the pair of runs is made N times and each figure is the median.
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
from pathlib import Path

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
    "    print(f'usage={usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
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


def timed_ingest(path: Path, db: Path, *, gate: bool) -> tuple[float, float, dict[str, object], float]:
    """Wall seconds from process start to exit, the process's CPU seconds, the ingest report,
    and the peak memory in MB."""
    env = {**os.environ, "ARMSWATCH_GATE": "1" if gate else "0", "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "ingest", str(path), "--db", str(db), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - started
    report = json.loads(done.stdout)["report"]
    usage = next(line for line in reversed(done.stderr.splitlines()) if line.startswith("usage="))
    rss, cpu = usage.split("=")[1].split()
    return seconds, float(cpu), report, int(rss) / 1024


def windowed_count(db: Path) -> int:
    """How many passing articles the gate had parsed in windows (its reason says so)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT count(*) FROM gate_decisions WHERE reason LIKE '%parsed in % windows%'").fetchone()
    return int(row[0])


def run(statements: int, repeat: int = 1) -> None:
    if not GENERAL_NEWS.is_file():
        print(f"general news: {GENERAL_NEWS} not found; gate benchmark skipped")
        return
    gated_runs: list[tuple[float, float, float]] = []
    full_runs: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="armswatch-bench-gate-") as tmp:
        sample = Path(tmp) / "statements.jsonl"
        n = spread_sample(GENERAL_NEWS, sample, statements)
        for i in range(repeat):
            gated_db, full_db = Path(tmp) / f"gated{i}.db", Path(tmp) / f"full{i}.db"
            gated, gated_cpu, gated_report, gated_mb = timed_ingest(sample, gated_db, gate=True)
            full, full_cpu, full_report, full_mb = timed_ingest(sample, full_db, gate=False)
            gated_runs.append((gated, gated_cpu, gated_mb))
            full_runs.append((full, full_cpu, full_mb))
        windowed = windowed_count(gated_db)
    gated, gated_cpu, gated_mb = (statistics.median(r[k] for r in gated_runs) for k in range(3))
    full, full_cpu, full_mb = (statistics.median(r[k] for r in full_runs) for k in range(3))
    gate = gated_report["gate"]
    stored = gated_report["new"]
    runs = f", median of {repeat} runs" if repeat > 1 else ""
    print(f"general news: {n} statements from {GENERAL_NEWS.name}, {stored} stored by each run{runs}")
    print(
        f"  gate: {gate['passed']} passed to the parser ({gate['passed'] / max(1, stored):.1%}), "  # type: ignore[index]
        f"{windowed} of them parsed in windows; {gate['skipped']} stored, not extracted"  # type: ignore[index]
    )
    print("  end to end, process start and model load included; wall time, then the process's CPU time")
    print("  (CPU time is what the run would take alone on one core; wall time depends on who shares the machine):")
    print(
        f"  gated ingest:  {gated:6.1f} s wall = {n / gated:5.1f} articles/s;  {gated_cpu:6.1f} s CPU = "
        f"{n / gated_cpu:5.1f} articles/s (goal >= {SPEED_GOAL:.0f})"
    )
    print(
        f"  full pipeline: {full:6.1f} s wall = {n / full:5.1f} articles/s;  {full_cpu:6.1f} s CPU = "
        f"{n / full_cpu:5.1f} articles/s"
    )
    print(f"  ratio full/gated: {full / gated:.1f}x (wall), {full_cpu / gated_cpu:.1f}x (CPU)")
    print(f"  peak memory: gated {gated_mb:.0f} MB, full {full_mb:.0f} MB (goal < {MEMORY_GOAL_MB} MB)")
    if full_report["new"] != stored:
        print(f"  warning: the runs stored different numbers of articles ({stored} vs {full_report['new']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=500, help="how many statements (spread over the corpus)")
    parser.add_argument("--all", action="store_true", help="every statement of the corpus (overrides --statements)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; figures are medians")
    args = parser.parse_args()
    statements = args.statements
    if args.all and GENERAL_NEWS.is_file():
        with GENERAL_NEWS.open("rb") as handle:
            statements = sum(1 for _ in handle)
    run(statements, max(1, args.repeat))


if __name__ == "__main__":
    main()
