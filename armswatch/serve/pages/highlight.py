"""An article body cut into segments for highlighting: every extracted record, and the
fields inside it, marked at its span.

Spans overlap and nest (a claim holds a system mention, a deployment holds its place),
so the body is cut at every span boundary and each segment lists the marks that cover
it. The template writes each segment as one element whose `data-rec` names the records
covering it; all text goes through the template's escaping, never through this module.

    >>> segs = segments("Russia moved S-400 units.", [Mark(0, 24, "d1", "deployment"), Mark(13, 18, "d1", "system")])
    >>> [(s.text, s.recs) for s in segs]
    [('Russia moved ', 'd1'), ('S-400', 'd1'), (' units', 'd1'), ('.', '')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The CSS classes a mark may give its segment: a closed list, so no stored text becomes a class.
KINDS = ("claim", "deployment", "count", "treaty_action", "allegation", "event",
         "system", "treaty", "actor", "site", "speaker", "cue", "place", "cited")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    rec: str  # the record's key in the page, e.g. "c12", "d3", "m40"
    kind: str  # one of KINDS


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    recs: str  # space-separated record keys covering the segment ("" for plain text)
    kinds: str  # space-separated classes, "k-claim k-speaker"
    anchors: tuple[str, ...] = ()  # records whose first span starts here (targets of #at-KEY links)
    opens: bool = False  # some span starts here (target of #pos-START links)


def segments(body: str, marks: list[Mark]) -> list[Segment]:
    """The body cut at every mark boundary; each piece with the marks that cover it."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(body) and m.kind in KINDS]
    cuts = sorted({0, len(body), *(m.start for m in usable), *(m.end for m in usable)})
    opens: dict[int, list[Mark]] = {}
    for m in usable:
        opens.setdefault(m.start, []).append(m)
    first = {m.rec: m.start for m in sorted(usable, key=lambda m: m.start, reverse=True)}
    active: list[Mark] = []
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > lo] + opens.get(lo, [])
        recs = sorted({m.rec for m in active}, key=_rec_order)
        kinds = sorted({m.kind for m in active}, key=KINDS.index)
        anchors = tuple(sorted({m.rec for m in opens.get(lo, []) if first[m.rec] == lo}, key=_rec_order))
        out.append(Segment(lo, hi, body[lo:hi], " ".join(recs), " ".join(f"k-{k}" for k in kinds), anchors,
                           lo in opens))
    return out


def _rec_order(rec: str) -> tuple[str, int]:
    return rec[:1], int(rec[1:]) if rec[1:].isdigit() else 0


def find_in(body: str, text: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Where `text` occurs in body[start:end] (whole words, case-insensitive), or None."""
    if not text or not text.strip():
        return None
    match = re.search(r"(?<!\w)" + re.escape(text.strip()) + r"(?!\w)", body[start:end], re.I)
    return (start + match.start(), start + match.end()) if match else None


def record_marks(article: dict[str, Any]) -> tuple[list[Mark], list[dict[str, Any]]]:
    """The marks of every record of an `article_view` dict, and the records listed for the page
    (each with its key, kind, label and spans)."""
    body: str = article["body"]
    marks: list[Mark] = []
    records: list[dict[str, Any]] = []
    kb_mentions = [m for m in article["mentions"] if m["kind"] in ("system", "treaty", "actor", "site")]
    for i, m in enumerate(kb_mentions):
        key = f"m{i}"
        marks.append(Mark(m["start"], m["end"], key, m["kind"]))
        records.append({"key": key, "kind": m["kind"], "label": m["label"], "text": m["text"],
                        "spans": [(m["start"], m["end"])], "data": m})
    for c in article["claims"]:
        key = f"c{c['id']}"
        spans = [tuple(e) for e in c.get("evidence") or []] or [(c["start"], c["end"])]
        marks += [Mark(s, e, key, "claim") for s, e in spans]
        window = (min(s for s, _ in spans), max(e for _, e in spans))
        lo, hi = max(0, window[0] - 300), min(len(body), window[1] + 300)  # the speaker may stand just outside
        for field, kind in (("speaker_text", "speaker"), ("cue", "cue")):
            found = find_in(body, c.get(field), *window) or find_in(body, c.get(field), lo, hi)
            if found:
                marks.append(Mark(*found, key, kind))
        for source in c.get("cited") or []:
            found = find_in(body, source if isinstance(source, str) else None, lo, hi)
            if found:
                marks.append(Mark(*found, key, "cited"))
        records.append({"key": key, "kind": "claim", "label": f"{c['stance']}: {c['content'][:80]}", "text": c["content"],
                        "spans": spans, "data": c})
    for table, kind, prefix in (("deployments", "deployment", "d"), ("counts", "count", "n"),
                                ("treaty_actions", "treaty_action", "t"), ("allegations", "allegation", "a"),
                                ("events", "event", "e")):
        for r in article.get(table, []):
            key = f"{prefix}{r['id']}"
            marks.append(Mark(r["start"], r["end"], key, kind))
            if kind == "deployment":
                marks += _deployment_fields(r, kb_mentions, key)
            records.append({"key": key, "kind": kind, "label": _label(kind, r), "text": r["span"]["text"],
                            "spans": [(r["start"], r["end"])], "data": r})
    return marks, records


def _deployment_fields(r: dict[str, Any], mentions: list[dict[str, Any]], key: str) -> list[Mark]:
    """The system and the place of a deployment, where the KB found them inside its span."""
    out = []
    for m in mentions:
        if r["start"] <= m["start"] and m["end"] <= r["end"]:
            if m["kind"] == "system" and m["label"] == r["system"]:
                out.append(Mark(m["start"], m["end"], key, "system"))
            elif m["label"] and m["label"] == r.get("place_id"):
                out.append(Mark(m["start"], m["end"], key, "place"))
    return out


def _label(kind: str, r: dict[str, Any]) -> str:
    if kind == "deployment":
        return f"{r['by_state']} {r['system']} @ {r['place']}: {r['status']}"
    if kind == "count":
        return f"{r['value']} {r['unit'] or ''}".strip()
    if kind == "event":
        return f"{r['event_type']} {r['source'] or '?'} → {r['target'] or '?'}"
    if kind == "treaty_action":
        return f"{r['party']} {r['action']} {r['treaty']}"
    return f"{r['accused']} accused under {r['treaty']}" + (f" ({r['system']})" if r.get("system") else "")
