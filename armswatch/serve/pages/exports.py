"""The ledger table as a file: CSV, JSON Lines or GeoJSON, for exactly the rows the page shows.

The rows are `Assertion.as_dict()` as `armswatch deployments --json/--csv` prints them, and
the GeoJSON is `armswatch export --geojson`'s. Article text is hostile: a CSV cell that a
spreadsheet would run as a formula (=, +, -, @, tab, CR at its start) gets a leading
apostrophe; numbers are left alone.
"""

from __future__ import annotations

import io
import json
from typing import Any

from ...ledger import Assertion, to_geojson
from ...views import write_csv

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export(rows: list[Assertion], fmt: str) -> str:
    """The rows in `fmt` (one of FORMATS)."""
    if fmt == "geojson":
        return json.dumps(to_geojson(rows), ensure_ascii=False)
    dicts = [a.as_dict() for a in rows]
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    if fmt == "csv":
        out = io.StringIO()
        write_csv([{k: _cell(v) for k, v in d.items()} for d in dicts], out)
        return out.getvalue()
    raise ValueError(f"no export format {fmt!r}")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
