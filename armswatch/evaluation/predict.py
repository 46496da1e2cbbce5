"""What the pipeline predicts for one stored article, in the gold format.

Each field reads the records the pipeline stores.
"""

from __future__ import annotations

import json
from typing import Any

from ..extract.claims import SPEAKER_NOUNS
from ..models import Article
from ..review import overlay
from ..store import Store


def predict_article(store: Store, article: Article, *, reviewed: bool = False) -> dict[str, Any]:
    """The article's predicted lists and its correction count; with `reviewed`, deployments
    and claims as people reviewed them (corrected values; rejected records left out)."""
    deployments = store.records("deployments", article.id)
    claims = store.claims(article_id=article.id)
    if reviewed:
        deployments, claims = overlay(store, "deployment", deployments), overlay(store, "claim", claims)
    return {
        "systems": _systems(store, article),
        "deployments": [
            {"by": d["by_state"], "system": d["system"], "where": d["place"], "lat": d["lat"], "lon": d["lon"],
             "status": d["status"], "count": d["count"], "unit": d["unit"], "attributed_to": d["attributed_to"]}
            for d in deployments
        ],
        "counts": _counts(store, article),
        "claims": [
            {"speaker": c["speaker"], "stance": c["stance"], "target": c["target"], "about": c["about"]}
            for c in claims
            if _gold_speaker(c)
        ],
        "treaty_actions": [
            {"treaty": t["treaty"], "party": t["party"], "action": t["action"], "date": t["date"]}
            for t in store.records("treaty_actions", article.id)
        ],
        "allegations": [
            {"treaty": a["treaty"], "accused": a["accused"], "by": json.loads(a["by_parties"]), "system": a["system"]}
            for a in store.records("allegations", article.id)
        ],
        "corrections": len(article.corrections),
    }


def _counts(store: Store, article: Article) -> list[dict[str, Any]]:
    """Exact counts bound to a system; the holder is the state the article deploys it with."""
    holders = {d["system"]: d["by_state"] for d in store.records("deployments", article.id)}
    out: list[dict[str, Any]] = []
    for c in store.records("counts", article.id):
        if c["system"] is None or c["value"] is None:
            continue
        line = {"by": holders.get(c["system"]), "system": c["system"], "count": c["value"], "unit": c["unit"]}
        if line not in out:
            out.append(line)
    return out


def _gold_speaker(claim: dict[str, Any]) -> bool:
    """The gold format names a person, a state or an organisation. An anonymous or generic
    speaker ("analysts", "a Western diplomatic source") stays in the store but has no
    gold-format name, so it is not predicted."""
    if claim["speaker_kind"] != "unresolved":
        return True
    words = claim["speaker"].split()
    if not words or not words[-1][:1].isupper() or words[-1].lower() in SPEAKER_NOUNS:
        return False  # "German newspaper", "Analysts": a description, not a name
    return sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)


def _systems(store: Store, article: Article) -> list[str]:
    """Distinct systems named in the body: mentions of kind "system" carry a KB id."""
    seen: dict[str, str] = {}
    for mention in store.mentions(article.id, kind="system"):
        seen.setdefault(mention["label"], mention["label"])
    return list(seen)
