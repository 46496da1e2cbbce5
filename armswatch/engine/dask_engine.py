"""`armswatch ingest --engine dask`: clean → gate → extract as a distributed batch.

The client reads the inputs (files, folders, JSON Lines shards) as the local path does,
decodes and hashes each article, and drops what the store already holds, so that an
interrupted run resumes without redoing or duplicating anything. Each batch of new
articles is shipped to a worker as bytes (a cluster needs no shared file system); the
worker cleans, gates and extracts it (`worker.process_batch`). The client stores the
results with the pipeline's own `store_batch`, batch after batch in input order, so the
store holds exactly what `armswatch ingest` would have written.

Without a scheduler address it starts a LocalCluster on loopback: N worker processes
with one thread each. With one, it connects to a running cluster (`dask scheduler`,
`dask worker tcp://HOST:8786 --nthreads 1`) whose workers have armswatch installed.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArmswatchError
from ..ingest import discover_files
from ..models import Annotations, Hints, IngestReport, Skipped, SourceDoc
from ..pipeline import Pending, _read_safely, store_batch
from ..settings import Settings
from ..store import Store
from .worker import ModelLoader, Prepared, process_batch

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class _Batch:
    """Articles shipped together, and the skips met while reading them, in input order."""

    docs: list[SourceDoc] = field(default_factory=list)
    order: list[Skipped | int] = field(default_factory=list)  # a read skip, or an index into docs
    future: Any = None


def ingest_dask(
    paths: Iterable[str | Path],
    store: Store,
    *,
    settings: Settings | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    hints_for: Callable[[Path], Hints] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest `paths` into `store` on a dask cluster; the same summary and rows as `ingest`.

    Example:
        >>> with Store.open("armswatch.db") as store:          # doctest: +SKIP
        ...     report = ingest_dask(["samples"], store, workers=2)
    """
    settings = settings or Settings()
    with dask_client(workers, scheduler) as client:
        slots = 2 * max(1, len(client.scheduler_info()["workers"]))
        return _run(client, paths, store, settings, slots, hints_for, progress)


# dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that memory goes back to the
# system often; spaCy allocates and frees so much that this costs ~25 % more CPU per article
# (measured: 15.2-15.7 s against 12.0-12.8 s for the same 60 statements). Keep glibc's default.
_LOCAL_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster of `workers`
    single-threaded processes on loopback (closed on exit)."""
    with _distributed_logs_at(max(logging.WARNING, logging.getLogger().getEffectiveLevel())):
        with _client(workers, scheduler) as client:
            yield client


@contextmanager
def _distributed_logs_at(level: int, name: str = "distributed") -> Iterator[None]:
    """dask logs each start and stop at INFO, which the root handler would print; keep
    them at the level the command runs at (WARNING, or INFO with `armswatch -v`)."""
    log = logging.getLogger(name)
    before = log.level
    log.setLevel(max(level, before))
    try:
        yield
    finally:
        log.setLevel(before)


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    import dask.config
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)
        except OSError as exc:
            raise ArmswatchError(f"cannot reach the dask scheduler at {scheduler} ({exc})") from exc
        with client:
            yield client
        return
    if workers < 1:
        raise ValueError(f"--workers must be at least 1, not {workers}")
    with (
        # a worker that takes over 4 s to exit once the run is stored is killed: nothing is lost
        _distributed_logs_at(logging.ERROR, "distributed.nanny"),
        dask.config.set(_LOCAL_CONFIG),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _run(
    client: Any,
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    slots: int,
    hints_for: Callable[[Path], Hints] | None,
    progress: Progress | None,
) -> IngestReport:
    report = IngestReport()
    shipped: deque[_Batch] = deque()  # submitted, not yet stored; at most `slots`
    batch = _Batch()
    seen: set[str] = set()  # content hashes shipped but maybe not stored yet
    shipped_any: list[bool] = []

    def ship() -> None:
        nonlocal batch
        if batch.docs:
            if not shipped_any:  # the model loads on each worker (and each that joins later) once
                client.register_plugin(ModelLoader(settings))
                shipped_any.append(True)
            batch.future = client.submit(process_batch, batch.docs, settings, pure=False)
        shipped.append(batch)
        batch = _Batch()
        while len(shipped) > slots:
            _store(shipped.popleft(), store, report)

    try:
        for found in discover_files(paths):
            if isinstance(found, Skipped):
                batch.order.append(found)
                if progress:
                    progress(found.location)
                continue
            hints = hints_for(found) if hints_for else None
            for item in _read_safely(found, settings, hints):
                if isinstance(item, Skipped):
                    batch.order.append(item)
                    continue
                if item.content_hash in seen or store.has_article(item.content_hash):
                    report.count("unchanged")
                    continue
                seen.add(item.content_hash)
                batch.order.append(len(batch.docs))
                batch.docs.append(item)
                if len(batch.docs) >= settings.batch_size:
                    ship()
            if progress:
                progress(str(found))
        if batch.order:
            ship()
        while shipped:
            _store(shipped.popleft(), store, report)
    except KeyboardInterrupt:
        report.interrupted = True
        waiting = sum(len(b.docs) for b in shipped) + len(batch.docs)
        for pending in shipped:
            if pending.future is not None:
                pending.future.cancel()
        logger.warning("interrupted: %d articles shipped or read but not stored; run again to finish", waiting)
    return report


def _store(batch: _Batch, store: Store, report: IngestReport) -> None:
    """Store one batch's results as the local path does: articles in order, then skips."""
    results: list[Prepared | Skipped] = batch.future.result() if batch.future is not None else []
    pending: list[Pending] = []
    annotations: dict[str, Annotations] = {}
    skips: list[Skipped] = []
    for entry in batch.order:
        if isinstance(entry, Skipped):
            skips.append(entry)
            continue
        doc, result = batch.docs[entry], results[entry]
        if isinstance(result, Skipped):
            skips.append(result)
            continue
        pending.append(Pending(doc, result.cleaned, result.note, gate=result.gate))
        if result.annotations is not None:
            annotations[doc.content_hash] = result.annotations
    store_batch(pending, skips, store, annotations, report)
