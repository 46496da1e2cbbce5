"""Scale-out: the ingest pipeline as a distributed batch on dask (`armswatch ingest --engine dask`)."""

from __future__ import annotations

from .dask_engine import dask_client, ingest_dask

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "dask_client", "ingest_dask"]
