"""Run the pipeline on a gold folder in a temporary store and score it."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..kb import KnowledgeBase, load_kb
from ..models import Hints
from ..pipeline import ingest
from ..settings import Settings
from ..store import Store
from .gold import GoldArticle, load_gold
from .predict import predict_article
from .score import FIELDS, FieldScore, Matcher, match_items


@dataclass
class ArticleResult:
    doc: str
    missed: dict[str, list[Any]] = field(default_factory=dict)
    false: dict[str, list[Any]] = field(default_factory=dict)
    corrections: tuple[int, int] | None = None  # (gold, predicted)
    note: str | None = None


@dataclass
class EvalResult:
    articles: int
    fields: dict[str, FieldScore]
    corrections_right: int
    corrections_total: int
    seconds: float
    per_article: list[ArticleResult]

    def as_dict(self) -> dict[str, Any]:
        overall = FieldScore()
        for name in FIELDS:
            if name != "deployments_status":
                overall.add(self.fields[name])
        fields: dict[str, Any] = {name: score.as_dict() for name, score in self.fields.items()}
        accuracy = self.corrections_right / self.corrections_total if self.corrections_total else 0.0
        fields["corrections"] = {"accuracy": round(accuracy, 3), "n": self.corrections_total}
        return {"articles": self.articles, "fields": fields, "overall": overall.as_dict(), "seconds": round(self.seconds, 2)}


def evaluate(
    folder: str | Path,
    *,
    settings: Settings | None = None,
    kb: KnowledgeBase | None = None,
    docs: Iterable[str] | None = None,
    reviews: str | Path | None = None,
) -> EvalResult:
    """Ingest the gold folder's articles into a throw-away store and score the predictions.

    `docs`, when given, keeps only the gold lines for those file names (a fixed half of a
    set, say); a name the folder's gold does not have raises `GoldFormatError`.
    The user's database is never touched. `reviews`, a JSON Lines export of reviews
    (`armswatch review export`), scores the reviewed output instead of the machine's.
    """
    started = time.perf_counter()
    gold = load_gold(folder)
    if docs is not None:
        wanted = list(docs)
        unknown = sorted(set(wanted) - {g.doc for g in gold})
        if unknown:
            raise GoldFormatError(f"{folder}/gold.jsonl has no line for {', '.join(unknown)}")
        gold = [g for g in gold if g.doc in set(wanted)]
    kb = kb or load_kb()
    matcher = Matcher(kb)
    settings = settings or Settings.from_env()
    by_path = {g.path.resolve(): g for g in gold}
    scores = {name: FieldScore() for name in FIELDS}
    with tempfile.TemporaryDirectory(prefix="armswatch-eval-") as tmp, Store.open(Path(tmp) / "eval.db") as store:
        report = ingest(
            [g.path for g in gold],
            store,
            settings=settings,
            hints_for=lambda path: _hints(by_path.get(path.resolve())),
        )
        if reviews is not None:
            from ..review import import_reviews

            import_reviews(store, reviews)
        skipped = {Path(s.location).resolve(): s.reason for s in report.skipped}
        located = [(item, str(item.path), skipped.get(item.path.resolve())) for item in gold]
        right, total, results = score_stored(store, located, matcher, scores, reviewed=reviews is not None)
    return EvalResult(len(gold), scores, right, total, time.perf_counter() - started, results)


def score_stored(
    store: Store,
    located: list[tuple[GoldArticle, str, str | None]],
    matcher: Matcher,
    scores: dict[str, FieldScore],
    *,
    reviewed: bool = False,
) -> tuple[int, int, list[ArticleResult]]:
    """Score gold articles already ingested into `store`, each found by its stored location
    (with the skip reason when it was not stored); add to `scores` and return the corrections
    tally (right, total) and one result per article."""
    results: list[ArticleResult] = []
    right = total = 0
    for item, location, skip_reason in located:
        article = store.article_for_location(location)
        result = ArticleResult(item.doc)
        if article is None:
            result.note = f"not ingested: {skip_reason or 'unknown reason'}"
            predicted: dict[str, Any] = {name: [] for name in FIELDS}
            predicted["corrections"] = None
        else:
            predicted = predict_article(store, article, reviewed=reviewed)
        _score_article(item, predicted, matcher, scores, result)
        if item.corrections is not None:
            total += 1
            right += int(predicted.get("corrections") == item.corrections)
            result.corrections = (item.corrections, predicted.get("corrections") or 0)
        results.append(result)
    return right, total, results


def _hints(item: GoldArticle | None) -> Hints:
    # A crawler knows when a page was published; that is all the gold line lends the pipeline.
    return Hints(published=item.published) if item else Hints()


def _score_article(
    item: GoldArticle, predicted: dict[str, Any], matcher: Matcher, scores: dict[str, FieldScore], result: ArticleResult
) -> None:
    for name in FIELDS:
        source = "deployments" if name == "deployments_status" else name
        if source not in item.lists:
            continue  # not annotated for this article: not scored
        gold_items = list(item.lists[source])
        pred_items = list(predicted.get(source, []))
        if name == "claims":
            gold_items, pred_items = matcher.dedupe_claims(gold_items), matcher.dedupe_claims(pred_items)
        matched = match_items(gold_items, pred_items, matcher.rule(name))
        scores[name].add(matched.score)
        if matched.missed:
            result.missed[name] = matched.missed
        if matched.false:
            result.false[name] = matched.false


def read_doc_list(path: str | Path) -> list[str]:
    """File names, one a line; blank lines and `#` comments are ignored."""
    names = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def format_report(result: EvalResult, *, scores_only: bool = False) -> str:
    """The score table, then (unless `scores_only`) each article's misses and false hits."""
    data = result.as_dict()
    lines = [f"{'field':20} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}"]
    for name in FIELDS:
        s = data["fields"][name]
        lines.append(f"{name:20} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}")
    o = data["overall"]
    lines.append(f"{'overall':20} {o['tp']:>4} {o['fp']:>4} {o['fn']:>4} {o['precision']:>6.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}")
    c = data["fields"]["corrections"]
    lines.append(f"{'corrections':20} accuracy {c['accuracy']:.3f} over {c['n']} articles")
    lines.append(f"{result.articles} articles in {data['seconds']} s")
    if scores_only:
        return "\n".join(lines)
    for article in result.per_article:
        problems = []
        if article.note:
            problems.append(f"  {article.note}")
        for name, items in article.missed.items():
            problems.extend(f"  missed {name}: {_short(i)}" for i in items)
        for name, items in article.false.items():
            problems.extend(f"  false  {name}: {_short(i)}" for i in items)
        if article.corrections and article.corrections[0] != article.corrections[1]:
            problems.append(f"  corrections: gold {article.corrections[0]}, predicted {article.corrections[1]}")
        if problems:
            lines.append(f"\n{article.doc}")
            lines.extend(problems)
    return "\n".join(lines)


def _short(item: Any) -> str:
    return item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
