"""A bounded load test of the HTTP API on loopback (issue 10).

Builds (once, cached under bench-out/) a synthetic store of --articles invented articles
written through the Store's own save functions, without spaCy: generated bodies, sentence
and system mentions, claims (some of them denials) and --reports deployment reports spread
over systems x places x holding states x statuses. Then starts `uvicorn` on 127.0.0.1 (a
free port) in a subprocess and runs --clients concurrent clients for --seconds over the
ledger (JSON first page, a filtered page, the HTML page), search and the article listing,
then over the ledger pages alone. Prints p50/p95/max per endpoint and requests/s. The
goal: p95 <= 100 ms for a ledger page (judged on the second run).

    make bench-api        # or: .venv/bin/python benchmarks/bench_api.py [--articles 100000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from armswatch.extract.claim_base import Claim  # noqa: E402
from armswatch.extract.deployments import Deployment  # noqa: E402
from armswatch.extract.stance import Modality  # noqa: E402
from armswatch.kb import load_kb  # noqa: E402
from armswatch.models import Annotations, Cleaned, Mention, Metadata, SourceDoc  # noqa: E402
from armswatch.store import Store  # noqa: E402

GOAL_P95_MS = 100.0
STATUSES = ("planned", "temporary", "in_place", "withdrawn")
STANCES = ("assert", "deny", "accuse", "warn")
WORDS = (
    "the ministry said a battery of launchers was moved to the base near the border on tuesday while officials "
    "declined to comment on reports that interceptors had arrived officials said the deployment was temporary "
    "analysts noted satellite images showed new shelters and a radar the defence minister told reporters that "
    "the brigade would stay until the exercise ended the statement added that talks on arms control resumed"
).split()
OUTLETS = tuple(f"Bench Wire {i}" for i in range(40))
EXTRACTOR = "bench-synthetic"


def _body(rng: random.Random, system_names: list[str]) -> tuple[str, list[Mention]]:
    """An invented body of a few sentences, with sentence and system mentions."""
    parts: list[str] = []
    mentions: list[Mention] = []
    position = 0
    for _ in range(rng.randint(3, 7)):
        words = rng.choices(WORDS, k=rng.randint(10, 22))
        name = rng.choice(system_names)
        at = rng.randint(1, len(words) - 1)
        before = " ".join(words[:at]).capitalize() + " "
        sentence = before + name + " " + " ".join(words[at:]) + "."
        start = position
        mentions.append(Mention("sentence", "sentence", start, start + len(sentence), sentence, EXTRACTOR))
        mentions.append(Mention("system", name, start + len(before), start + len(before) + len(name), name, EXTRACTOR))
        parts.append(sentence)
        position += len(sentence) + 1
    return " ".join(parts), mentions


def build_store(path: Path, articles: int, reports: int, seed: int = 10) -> float:
    """Write the synthetic store at `path`; return the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    kb = load_kb()
    systems = sorted(kb.systems)[:300]
    states = sorted(a for a, actor in kb.actors.items() if actor.actor_kind == "state")[:60]
    sites = sorted(kb.sites.values(), key=lambda s: s.id)
    places: list[tuple[str, str | None, float | None, float | None]] = [(s.name, s.id, s.lat, s.lon) for s in sites]
    places += [(code, code, None, None) for code in states[: 40]]
    while len(places) < 200:  # invented places with coordinates and no id
        places.append((f"Place {len(places)}", None, rng.uniform(-60, 70), rng.uniform(-180, 180)))
    treaties = sorted(kb.treaties)[:20]
    reporting = set(rng.sample(range(articles), min(reports, articles)))
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    store.db.execute("PRAGMA synchronous = OFF")
    batch = 2000
    for first in range(0, articles, batch):
        with store.transaction():
            for i in range(first, min(first + batch, articles)):
                body, mentions = _body(rng, [kb.systems[s].name for s in rng.sample(systems, 2)])
                published = f"20{rng.randint(15, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.2:
                    treaty = rng.choice(treaties)
                    mentions.append(Mention("treaty", treaty, 0, 3, body[:3], EXTRACTOR))
                deployments = []
                if i in reporting:
                    name, place_id, lat, lon = rng.choice(places)
                    sentence = mentions[0]
                    deployments.append(Deployment(
                        by=rng.choice(states), system=rng.choice(systems), where=name, place_id=place_id, lat=lat,
                        lon=lon, status=rng.choice(STATUSES), count=rng.choice((None, None, 4, 12)), unit=None,
                        date=published if rng.random() < 0.5 else None, date_precision="day",
                        attributed_to=rng.choice((None, "ministry", "officials")), cited=(), reported=True,
                        start=sentence.start, end=sentence.end, extractor=EXTRACTOR,
                    ))
                claims = []
                if rng.random() < 0.3:
                    sentence = mentions[-2] if mentions[-1].kind != "sentence" else mentions[-1]
                    claims.append(Claim(
                        speaker=rng.choice(states), speaker_kind="actor", speaker_text="the ministry", cue="said",
                        stance=rng.choice(STANCES), stance_evidence="said", content=sentence.text,
                        start=sentence.start, end=sentence.end, target=None, about=(rng.choice(systems),), cited=(),
                        modality=Modality(False, False, False, False, True), extractor=EXTRACTOR,
                    ))
                key = f"https://bench.invalid/{i}"
                doc = SourceDoc(key, key, "text", body.encode(), body, "utf-8", hashlib.sha256(key.encode()).hexdigest())
                meta = Metadata(title=" ".join(rng.choices(WORDS, k=8)).capitalize(), outlet=rng.choice(OUTLETS),
                                published=published, url=key, language="en")
                cleaned = Cleaned(body, ((0, 0, len(body)),), (), meta)
                annotations = Annotations(tuple(mentions), (), EXTRACTOR, claims=tuple(claims),
                                          deployments=tuple(deployments))
                store.save_article(doc, cleaned, annotations, extract_note=None)
        print(f"\r  built {min(first + batch, articles):>7,} / {articles:,} articles", end="", flush=True)
    print()
    store.close()
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: Path, port: int, src: Path) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from armswatch.serve.app import create_app; "
        f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code], cwd=src)  # armswatch is imported from src
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=2).read()
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            if server.poll() is not None:
                raise SystemExit("the server exited before it answered") from None
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


def _targets(kb_system: str, names: list[str]) -> dict[str, Callable[[random.Random], str]]:
    words = ["launchers", "battery", "radar", "brigade", "interceptors", "exercise", "shelters"]
    return {
        "deployments p1": lambda r: "/api/deployments?limit=50",
        "deployments filtered": lambda r: f"/api/deployments?limit=50&status={r.choice(STATUSES)}&system={kb_system}",
        # A system's name with a common word (a few hundred matches), and two common words that
        # match most of the store (every match is scored): the worst case.
        "search name": lambda r: "/api/search?" + urllib.parse.urlencode({"q": f"{r.choice(words)} {r.choice(names)}"}),
        "search common": lambda r: f"/api/search?q={r.choice(words)}+{r.choice(words)}&limit=20",
        "articles": lambda r: "/api/articles?limit=50",
        "ledger html": lambda r: f"/ledger?status={r.choice(STATUSES)}",
    }


def load(port: int, clients: int, seconds: float, max_requests: int,
         targets: dict[str, Callable[[random.Random], str]]) -> dict[str, list[float]]:
    """`clients` threads, each asking for the endpoints in turn until time or requests run out."""
    names = list(targets)
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    count = [0]

    def client(n: int) -> None:
        rng = random.Random(n)
        i = n
        while time.monotonic() < stop:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            name = names[i % len(names)]
            i += 1
            url = f"http://127.0.0.1:{port}{targets[name](rng)}"
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(f"{name}: {exc}")
                continue
            with lock:
                times[name].append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"  {len(errors)} failed requests, first: {errors[0]}")
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45.0, help="of every endpoint in turn")
    parser.add_argument("--ledger-seconds", type=float, default=20.0, help="of the ledger pages alone")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument("--src", type=Path, default=REPO, help="serve the armswatch package in this folder")
    parser.add_argument("--rebuild", action="store_true", help="build the synthetic store again")
    args = parser.parse_args()

    db = args.out / f"bench-api-{args.articles}-{args.reports}.db"
    if args.rebuild or not db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        print(f"building {db} ...")
        print(f"  built in {build_store(db, args.articles, args.reports):.1f} s")
    else:
        print(f"using the cached store {db} (--rebuild to build it again)")
    with Store.open(db) as store:
        kb_system = store.db.execute(
            "SELECT system FROM deployments GROUP BY system ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        names = [r[0] for r in store.db.execute(
            "SELECT DISTINCT label FROM mentions WHERE kind = 'system' ORDER BY label LIMIT 50")]
    targets = _targets(kb_system, names)
    port = _free_port()
    server = _start_server(db, port, args.src)
    try:
        print(f"warming up, then {args.clients} clients for up to {args.seconds:g} s or {args.max_requests:,} requests")
        warm = time.perf_counter()
        load(port, 1, 120, len(targets), targets)
        print(f"  first request of each endpoint (cold): {time.perf_counter() - warm:.1f} s")
        started = time.perf_counter()
        times = load(port, args.clients, args.seconds, args.max_requests, targets)
        _report(f"every endpoint in turn, {args.clients} clients", times, time.perf_counter() - started)
        ledger_only = {k: v for k, v in targets.items() if k.startswith("deployments")}
        started = time.perf_counter()
        times = load(port, args.clients, args.ledger_seconds, args.max_requests, ledger_only)
        _report(f"ledger pages only, {args.clients} clients", times, time.perf_counter() - started)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still busy with slow requests
            server.kill()
            server.wait()
    ledger = times["deployments p1"] + times["deployments filtered"]
    p95 = _pct(ledger, 0.95) if ledger else float("inf")
    print(f"ledger page p95 {p95:.1f} ms (goal <= {GOAL_P95_MS:g} ms): {'met' if p95 <= GOAL_P95_MS else 'NOT met'}")
    return 0


def _report(title: str, times: dict[str, list[float]], elapsed: float) -> None:
    total = sum(len(v) for v in times.values())
    print(f"\n{title}\n{'endpoint':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in times.items():
        if values:
            print(f"{name:<22} {len(values):>6} {statistics.median(values):>8.1f} {_pct(values, 0.95):>8.1f} "
                  f"{max(values):>8.1f}")
    print(f"{total:,} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s")


if __name__ == "__main__":
    sys.exit(main())
