"""What the pipeline predicts for one stored article, in the gold format.

Each field reads the records the pipeline stores. Fields whose extractor does
not exist yet return an empty list and so score zero recall (issue #2).
"""

from __future__ import annotations

from typing import Any

from ..models import Article
from ..store import Store


def predict_article(store: Store, article: Article) -> dict[str, Any]:
    """The article's predicted lists and its correction count."""
    return {
        "systems": _systems(store, article),
        "deployments": [],
        "counts": [],
        "claims": [],
        "treaty_actions": [],
        "allegations": [],
        "corrections": len(article.corrections),
    }


def _systems(store: Store, article: Article) -> list[str]:
    """Distinct systems named in the body: mentions of kind "system" carry a KB id."""
    seen: dict[str, str] = {}
    for mention in store.mentions(article.id, kind="system"):
        seen.setdefault(mention["label"], mention["label"])
    return list(seen)
