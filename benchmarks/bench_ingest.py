"""Ingest throughput against bare spaCy, measured in the same process.

Builds a corpus from the shipped samples, repeated (each copy made unique) to about
TARGET_BYTES of text; ingests it into a fresh store with the real model; then runs
bare `nlp.pipe` over the very bodies that were stored, with the same pipeline object
and batch size. The ratio armswatch / spaCy is what we track: machines here are
noisy, so absolute seconds mean little on their own.

    make bench            # or: .venv/bin/python benchmarks/bench_ingest.py [--mb 2] [--statements 500]

Then the relevance gate on general news (benchmarks/bench_gate.py): gated ingest against
the full pipeline on the same official statements, end to end, in separate processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from armswatch.extract import NlpExtractor  # noqa: E402
from armswatch.extract.kb_component import COMPONENT  # noqa: E402
from armswatch.kb import load_kb  # noqa: E402
from armswatch.kb.gazetteer import gazetteer_for  # noqa: E402
from armswatch.pipeline import ingest  # noqa: E402
from armswatch.settings import Settings  # noqa: E402
from armswatch.store import Store  # noqa: E402

# Goals from issue #2: our overhead under 30 % of the model's own cost, and under 1 GB.
RATIO_GOAL = 1.3
MEMORY_GOAL_MB = 1024


def build_corpus(folder: Path, target_bytes: int) -> int:
    samples = sorted(p for p in (REPO / "samples").iterdir() if p.is_file())
    written = copy = 0
    while written < target_bytes:
        copy += 1
        for sample in samples:
            data = sample.read_bytes()
            if sample.suffix == ".jsonl":
                lines = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
                for line in lines:
                    line["url"] = f"{line['url']}?copy={copy}"
                data = "\n".join(json.dumps(line) for line in lines).encode()
            else:
                data = data + f"\n\nBench copy {copy}.\n".encode()
            (folder / f"{copy:04d}-{sample.name}").write_bytes(data)
            written += len(data)
    return written


def stage_seconds(nlp: object, bodies: list[str], batch_size: int, limit: int = 150) -> dict[str, float]:
    """Each extraction stage timed alone over the same parsed docs (the first `limit` bodies)."""
    from armswatch.extract.claims import extract_claims
    from armswatch.extract.deployments import extract_deployments
    from armswatch.extract.events import code_events, date_and_place_events
    from armswatch.extract.quantities import extract_counts
    from armswatch.extract.treaty_actions import extract_allegations, extract_treaty_actions

    sample = bodies[:limit]
    started = time.perf_counter()
    docs = list(nlp.pipe(sample, batch_size=batch_size))  # type: ignore[attr-defined]
    out: dict[str, float] = {"_parse": time.perf_counter() - started, "_docs": float(len(docs))}

    def timed(name: str, run: object) -> list:
        started = time.perf_counter()
        results = [run(doc) for doc in docs]  # type: ignore[operator]
        out[name] = time.perf_counter() - started
        return results

    claims = timed("claims", extract_claims)
    pairs = list(zip(docs, claims))
    started = time.perf_counter()
    for doc, found in pairs:
        extract_deployments(doc, found)
    out["deployments"] = time.perf_counter() - started
    started = time.perf_counter()
    for doc, found in pairs:
        extract_treaty_actions(doc, found)
        extract_allegations(doc, found)
    out["treaty actions"] = time.perf_counter() - started
    timed("counts", extract_counts)
    timed("events", lambda doc: date_and_place_events(doc, code_events(doc), published=None))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of input text")
    parser.add_argument("--statements", type=int, default=500, help="general-news statements for the gate benchmark (0: none)")
    args = parser.parse_args()
    # One process, like the spaCy baseline it is compared with: the forked workers'
    # speed-up is measured by the gate benchmark (2 processes against 1).
    settings = Settings(workers=1)
    with tempfile.TemporaryDirectory(prefix="armswatch-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        size = build_corpus(corpus, int(args.mb * 1_000_000))
        extractor = NlpExtractor(settings.nlp_model)
        started = time.perf_counter()
        nlp = extractor.nlp
        load_seconds = time.perf_counter() - started
        list(nlp.pipe(["Warm-up sentence about the S-400 in Kaliningrad."]))

        with Store.open(Path(tmp) / "bench.db") as store:
            started = time.perf_counter()
            report = ingest([corpus], store, settings=settings, extractor=extractor)
            ours = time.perf_counter() - started
            rows = store.db.execute("SELECT body FROM articles WHERE extracted = 1").fetchall()
            articles = store.count_articles()
        bodies = [row[0] for row in rows]
        words = sum(len(body.split()) for body in bodies)

        # The baseline is spaCy's own pipeline: our knowledge-base component switched off.
        with nlp.select_pipes(disable=[COMPONENT]):
            started = time.perf_counter()
            for _ in nlp.pipe(bodies, batch_size=settings.batch_size):
                pass
            bare = time.perf_counter() - started
        gazetteer = gazetteer_for(load_kb())
        started = time.perf_counter()
        names = sum(len(gazetteer.find(body)) for body in bodies)
        scan = time.perf_counter() - started
        stages = stage_seconds(nlp, bodies, settings.batch_size)
        shutil.rmtree(corpus)

    ratio = ours / bare
    peak = peak_rss_mb()
    print(f"corpus: {size / 1e6:.2f} MB in {articles} articles ({report.new} new, {len(report.skipped)} skipped), {words:,} body words")
    print(f"model load: {load_seconds:.1f} s (not counted below)")
    print(f"armswatch ingest: {ours:.1f} s  = {articles / ours:.1f} articles/s, {words / ours:,.0f} words/s")
    print(f"bare spaCy nlp.pipe on the same bodies: {bare:.1f} s = {words / bare:,.0f} words/s")
    print(f"knowledge-base scan alone (part of the ingest above): {scan:.2f} s for {names:,} names = {scan / bare:.1%} of spaCy's time")
    print(f"extraction stages on {stages.pop('_docs'):.0f} parsed bodies, as a share of spaCy's time on them:")
    parse = stages.pop("_parse")
    for name, seconds in stages.items():
        print(f"  {name:16} {seconds:6.2f} s = {seconds / parse:6.1%}")
    print(f"ratio armswatch/spaCy: {ratio:.2f} (goal <= {RATIO_GOAL})")
    print(f"peak memory (max RSS of this process): {peak:.0f} MB (goal < {MEMORY_GOAL_MB} MB)")
    if args.statements:
        from bench_gate import run as bench_gate  # beside this script

        bench_gate(args.statements)


if __name__ == "__main__":
    main()
