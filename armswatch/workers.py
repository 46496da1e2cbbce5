"""Worker processes forked from a process that has loaded its models (the local ingest's
second core).

The parent loads the spaCy pipeline, the knowledge base and the language identifier,
then forks: each worker starts with them in memory (shared with the parent until either
writes to a page), so nothing loads twice. The parent keeps reading and storing; the
workers run what `submit` gives them, and the results come back in the order asked for.

Fork is the only start method used: a spawned worker would load every model again.
Where fork is not available (Windows), `usable_workers` says 1 and the caller stays in
its own process; so does the automatic setting when other threads run in this process
(forking copies their locks in whatever state they are).

A worker ignores Ctrl-C (the parent decides what an interruption means) and dies with
its parent, even one killed with `kill -9` (Linux: the parent-death signal; elsewhere a
watcher thread that sees the parent gone).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
_MAX_AUTO = 2  # what "auto" asks for at most: the parser gains little from more on a shared machine
_CANCEL_GRACE_S = 10.0  # how long an interrupted run waits for the batches its workers are running


def usable_workers(wanted: int) -> int:
    """How many worker processes to fork for a setting of `wanted`; 1 means: none, work in
    this process. 0 (auto) is one per usable CPU, at most 2, and none when other threads
    run here (a server's, a feed watcher's); a number asked for is forked regardless."""
    if wanted == 1 or "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "win32":
        return 1
    if wanted <= 0 and threading.active_count() > 1:
        return 1
    if wanted <= 0:
        try:
            cpus = len(os.sched_getaffinity(0))
        except AttributeError:  # macOS
            cpus = os.cpu_count() or 1
        wanted = min(_MAX_AUTO, cpus)
    return max(1, wanted)


class ForkedWorkers:
    """`n` worker processes forked from this one. Whatever the task functions need (models,
    settings) must be in module globals before the first `submit`, which forks them."""

    started = 0  # pools started by this process (tests check that work did leave it)

    def __init__(self, n: int) -> None:
        ForkedWorkers.started += 1
        self.n = n
        self._parent = os.getpid()
        self._pool = ProcessPoolExecutor(
            max_workers=n, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(self._parent,),
        )
        # The workers are forked at the first task. The collector is kept off the objects
        # they inherit (the models): its passes would write to every page that holds one,
        # and each page written is copied (memory and CPU).
        gc.collect()
        gc.freeze()
        try:
            self._pool.submit(os.getpid).result()
        finally:
            gc.unfreeze()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run `fn(*args)` in a worker; `fn` must be a module-level function."""
        return self._pool.submit(fn, *args)

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the workers to finish and exit; with `cancel`, drop what is queued and
        stop them now (an interrupted run: nothing they hold is stored anyway)."""
        if not cancel:
            self._pool.shutdown(wait=True)
            return
        processes = list(getattr(self._pool, "_processes", None) or {})
        manager = getattr(self._pool, "_executor_manager_thread", None)  # shutdown forgets it
        self._pool.shutdown(wait=False, cancel_futures=True)
        # Let the batches already running end first: a worker killed while the pool still
        # holds cancelled futures makes Python 3.11's pool thread fail on them (a
        # traceback, InvalidStateError). Only workers still busy after the grace are killed.
        if manager is not None:
            manager.join(_CANCEL_GRACE_S)
            if not manager.is_alive():
                return
        for pid in processes:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass

    def __enter__(self) -> ForkedWorkers:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(cancel=kind is not None)


def _start_worker(parent: int) -> None:
    one_blas_thread()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # this process's own symbols: libc is among them
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


_BLAS_SETTERS = ("openblas_set_num_threads", "scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_")


def one_blas_thread() -> int:
    """Keep numpy's OpenBLAS (the parser's matrix maths) to the calling thread; return how
    many libraries were told. OpenBLAS starts a thread per CPU in each process: workers
    that each take a core would have their threads take turns on the same cores, and its
    threads wait for work by spinning (measured: 10 % more CPU for the same run)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:  # not Linux
        return 0
    told = 0
    paths = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()}
    for path in sorted(p for p in paths if p.startswith("/")):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_SETTERS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                told += 1
                break
    return told
