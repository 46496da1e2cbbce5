"""The curated knowledge base: weapon systems, treaties, actors and sites.

Data lives in reviewable TOML files under `kb/data/` (see data/FORMAT.md).
`load_kb()` reads them once; `KnowledgeBase.resolve()` turns any alias into its entry.
"""

from __future__ import annotations

from .model import Actor, Entry, KnowledgeBase, Site, System, Treaty, alias_key
from .load import DATA_DIR, load_kb

__all__ = ["Actor", "DATA_DIR", "Entry", "KnowledgeBase", "Site", "System", "Treaty", "alias_key", "load_kb"]
