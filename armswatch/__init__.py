"""armswatch: a sourced, queryable record of missiles, missile defence and arms control from news.

The stages are sub-packages, in order: ingest → clean → extract → (resolve) → store.
The CLI (`armswatch`) and this API are two doors to the same functions.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from .clean import clean_document  # noqa: E402
from .errors import (  # noqa: E402
    ArmswatchError,
    ArticleNotFound,
    CleanError,
    ExtractionError,
    GoldFormatError,
    InputError,
    KnowledgeBaseError,
    NotInKnowledgeBase,
    StoreError,
)
from .kb import KnowledgeBase, load_kb  # noqa: E402
from .models import Article, Cleaned, Hints, IngestReport, Metadata, Mention, Removed, Skipped, SourceDoc  # noqa: E402
from .pipeline import ingest  # noqa: E402
from .settings import SETTINGS, Settings  # noqa: E402
from .store import Store  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "SETTINGS",
    "ArmswatchError",
    "Article",
    "ArticleNotFound",
    "CleanError",
    "Cleaned",
    "ExtractionError",
    "GoldFormatError",
    "Hints",
    "IngestReport",
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Mention",
    "Metadata",
    "NotInKnowledgeBase",
    "Removed",
    "Settings",
    "Skipped",
    "SourceDoc",
    "Store",
    "StoreError",
    "__version__",
    "clean_document",
    "ingest",
    "load_kb",
]
