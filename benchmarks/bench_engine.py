"""Scale-out: `armswatch ingest` on the local path, and on dask with 1 and with 2 workers.

The same N official statements from ../shared/corpus/whitehouse-statements.jsonl (spread
evenly over the file, written to a temporary folder as 4 JSON Lines shards, deleted at the
end) are ingested three times into fresh stores, each run its own `armswatch ingest`
process, timed from process start to exit: imports, model loads and the local cluster's
start-up are included. The three runs happen one after the other in this one run, so
their ratios are the figures to compare on a shared machine. The gate is on, as by
default; `--no-gate` runs the full pipeline on every statement (where the parser dominates).

    .venv/bin/python benchmarks/bench_engine.py [--statements 300] [--no-gate]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
GENERAL_NEWS = REPO.parent / "shared" / "corpus" / "whitehouse-statements.jsonl"
SHARDS = 4


def sample_shards(source: Path, folder: Path, n: int, shards: int = SHARDS) -> int:
    """Write n lines of `source`, evenly spread over it, round-robin into `shards` files."""
    with source.open("rb") as handle:
        total = sum(1 for _ in handle)
    step = max(1, total // n) if n else 1
    outs = [(folder / f"shard-{i}.jsonl").open("wb") for i in range(shards)]
    written = 0
    try:
        with source.open("rb") as handle:
            for i, line in enumerate(handle):
                if i % step == 0 and written < n:
                    outs[written % shards].write(line)
                    written += 1
    finally:
        for out in outs:
            out.close()
    return written


def timed_ingest(folder: Path, db: Path, engine: list[str], *, gate: bool) -> tuple[float, float, dict[str, object]]:
    """Wall seconds of one `armswatch ingest` process, the CPU seconds of it and of its
    workers (child processes it reaped), and its report."""
    env = {**os.environ, "ARMSWATCH_GATE": "1" if gate else "0", "PYTHONPATH": str(REPO)}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "armswatch", "ingest", *engine, str(folder), "--db", str(db), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    wall = time.perf_counter() - started
    return wall, _children_cpu() - cpu_before, json.loads(done.stdout)["report"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cluster_start_seconds(workers: int) -> float:
    """Seconds until a new LocalCluster of `workers` processes answers, nothing loaded."""
    from armswatch.engine import dask_client

    started = time.perf_counter()
    with dask_client(workers, None) as client:
        client.run(lambda: None)
        return time.perf_counter() - started


def run(statements: int, gate: bool) -> None:
    if not GENERAL_NEWS.is_file():
        print(f"engine: {GENERAL_NEWS} not found; scale-out benchmark skipped")
        return
    runs = {"local": ["--engine", "local"], "dask, 1 worker": ["--engine", "dask", "--workers", "1"],
            "dask, 2 workers": ["--engine", "dask", "--workers", "2"]}
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    reports: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="armswatch-bench-engine-") as tmp:
        folder = Path(tmp) / "statements"
        folder.mkdir()
        n = sample_shards(GENERAL_NEWS, folder, statements)
        for i, (name, engine) in enumerate(runs.items()):
            seconds[name], cpu[name], reports[name] = timed_ingest(folder, Path(tmp) / f"run{i}.db", engine, gate=gate)
    start = cluster_start_seconds(2)
    local = seconds["local"]
    print(f"engine: {n} statements from {GENERAL_NEWS.name} in {SHARDS} shards, gate {'on' if gate else 'off'}; "
          "wall time per process, model loads and cluster start-up included")
    print(f"  (this machine has {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end of the runs)")
    for name, wall in seconds.items():
        print(
            f"  {name:16} {wall:6.1f} s wall = {n / wall:5.1f} articles/s ({local / wall:.2f}x the local path); "
            f"{cpu[name]:6.1f} s CPU, workers included"
        )
    print(f"  speed-up from 1 to 2 dask workers: {seconds['dask, 1 worker'] / seconds['dask, 2 workers']:.2f}x")
    print(f"  a 2-worker LocalCluster starts in {start:.1f} s (no model loaded)")
    counts = {name: (r["new"], r["gate"]) for name, r in reports.items()}
    if len({json.dumps(c, sort_keys=True) for c in counts.values()}) != 1:
        print(f"  warning: the runs' reports differ: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=300, help="how many statements (spread over the corpus)")
    parser.add_argument("--no-gate", action="store_true", help="run the full pipeline on every statement")
    args = parser.parse_args()
    run(args.statements, gate=not args.no_gate)


if __name__ == "__main__":
    main()
