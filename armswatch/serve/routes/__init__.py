"""The API's endpoints, one module per resource."""

from __future__ import annotations

from ..endpoints import Endpoint
from . import articles, knowledge, records, reviews

ENDPOINTS: tuple[Endpoint, ...] = (*articles.ENDPOINTS, *records.ENDPOINTS, *knowledge.ENDPOINTS, *reviews.ENDPOINTS)

__all__ = ["ENDPOINTS"]
