"""Train the claim scorer (armswatch/extract/claim_scorer.py) on annotated text.

    .venv/bin/python scripts/train_claim_scorer.py                 # train, cross-validate, write the weights
    .venv/bin/python scripts/train_claim_scorer.py --cv-only       # only print the cross-validation
    .venv/bin/python scripts/train_claim_scorer.py --enable yes    # and switch the pipeline to the scorer
    .venv/bin/python scripts/train_claim_scorer.py --cv-only --cache /tmp/claims.pkl  # parse once, then iterate

Training data: the develop half of ../shared/eval/dev (eval/dev-develop.txt; never the
check half), plus the develop rows of eval/corpus/annotations*.jsonl (official statements
and briefings, whose texts are read from ../shared/corpus by URL here and never copied into
the repository). Only documents whose gold annotates claims count. Each document is
ingested exactly as `armswatch eval` ingests it (same cleaning, gate and parse); every claim
the rules read (`claims.claim_candidates`, before repeats merge) is labelled positive when
its (speaker, stance) matches a gold claim of its document under the SCHEMA.md rules
(`evaluation.score.Matcher.same_claim`).

The regularisation and the threshold are picked by leave-one-document-out
cross-validation (a document never trains the model that scores it), on the field's own
measure: (speaker, stance) pairs per document, as `armswatch eval` counts them. The script
prints that cross-validated F1 next to the rules' F1 on the same documents. The feature
matrix is written to eval/claim_scorer_training.json so that a test can check that the
weights come from it (fitting is deterministic: Newton's method from zero).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from armswatch.extract.claim_scorer import FEATURES, GENRES, WEIGHTS_FILE, Candidate, Scorer, group, pair_vector  # noqa: E402
from armswatch.extract.logistic import choose, cross_validate, fit  # noqa: E402
from armswatch.evaluation.run import read_doc_list  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "dev"
CORPUS = REPO.parent / "shared" / "corpus"
DEVELOP = REPO / "eval" / "dev-develop.txt"
ANNOTATIONS = REPO / "eval" / "corpus"
SAMPLE = ANNOTATIONS / "sample.txt"
DATA = REPO / "eval" / "claim_scorer_training.json"
L2_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLD_GRID = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass
class Document:
    name: str
    candidates: list[Candidate]
    gold: list[dict[str, Any]]


class _Capture:
    """Stands in for read_claims inside the NLP stage: records the candidates of each parsed
    body and returns the rules' claims, so that the rest of the pipeline runs as usual."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.found: list[Candidate] = []

    def __call__(self, doc: Any, kb: Any = None, *, title: str | None = None, published: str | None = None,
                 method: str | None = None) -> Any:
        from armswatch.extract.claims import claim_candidates

        self.found.extend(claim_candidates(doc, kb, title=title, published=published))
        return self.original(doc, kb, title=title, published=published, method="rules")


def _ingested(paths: list[tuple[str, Path, str | None, list[dict[str, Any]]]]) -> list[Document]:
    """Each (name, file, published, gold claims) ingested alone into a throw-away store."""
    import armswatch.extract.nlp as nlp_module
    from armswatch.extract import NlpExtractor
    from armswatch.models import Hints
    from armswatch.pipeline import ingest
    from armswatch.settings import Settings
    from armswatch.store import Store

    settings = Settings()
    extractor = NlpExtractor(settings.nlp_model)
    capture = _Capture(nlp_module.read_claims)
    nlp_module.read_claims = capture  # type: ignore[assignment]
    out = []
    try:
        with tempfile.TemporaryDirectory(prefix="claim-scorer-") as tmp:
            for number, (name, path, published, gold) in enumerate(paths):
                capture.found = []
                with Store.open(Path(tmp) / f"{number}.db") as store:
                    ingest([path], store, settings=settings, extractor=extractor,
                           hints_for=lambda _p, d=published: Hints(published=d))  # type: ignore[misc]
                out.append(Document(name, list(capture.found), gold))
    finally:
        nlp_module.read_claims = capture.original
    return out


def _corpus_rows() -> dict[str, dict[str, Any]]:
    """The develop rows of the corpus annotations that annotate claims, by URL."""
    halves: dict[str, str] = {}
    if SAMPLE.is_file():
        for line in SAMPLE.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                url, half = line.split("\t", 1)
                halves[url.strip()] = half.strip()
    rows = {}
    for path in sorted(ANNOTATIONS.glob("annotations*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                url = row.get("url") or row.get("doc", "")
                if halves.get(url) == "develop" and isinstance(row.get("claims"), list):
                    rows[url] = row
    return rows


def parse_documents() -> list[Document]:
    from armswatch.evaluation.gold import load_gold

    wanted = set(read_doc_list(DEVELOP))
    paths: list[tuple[str, Path, str | None, list[dict[str, Any]]]] = [
        (item.doc, item.path, item.published, list(item.lists["claims"]))
        for item in load_gold(DEV) if item.doc in wanted and "claims" in item.lists
    ]
    rows = _corpus_rows()
    with tempfile.TemporaryDirectory(prefix="claim-corpus-") as tmp:
        if rows and CORPUS.is_dir():
            for corpus_file in sorted(CORPUS.glob("*.jsonl")):
                with corpus_file.open(encoding="utf-8") as handle:
                    for line in handle:
                        try:
                            url = json.loads(line).get("url")
                        except json.JSONDecodeError:
                            continue
                        if url in rows:
                            path = Path(tmp) / f"{len(paths)}.jsonl"
                            path.write_text(line, encoding="utf-8")
                            paths.append((url, path, None, rows.pop(url)["claims"]))
        return _ingested(paths)


def _predicted(candidates: list[Candidate]) -> list[dict[str, Any]]:
    """What `armswatch eval` would read from these claims (gold-format speakers only)."""
    from armswatch.evaluation.predict import _gold_speaker

    out = []
    for c in candidates:
        row = {"speaker": c.claim.speaker, "speaker_kind": c.claim.speaker_kind, "stance": c.claim.stance}
        if _gold_speaker(row):
            out.append(row)
    return out


def _genre(document: Document) -> str:
    return document.candidates[0].evidence.genre if document.candidates else "news"


def label(documents: list[Document]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The feature matrix (one row per (speaker, stance) pair of a document, the unit the
    schema counts), the labels and each row's document."""
    from armswatch.evaluation.score import Matcher
    from armswatch.kb import load_kb

    matcher = Matcher(load_kb())
    rows, labels, groups = [], [], []
    for document in documents:
        for (speaker, stance), members in group(document.candidates).items():
            rows.append(pair_vector(members))
            labels.append(float(any(matcher.same_claim(g, {"speaker": speaker, "stance": stance}) for g in document.gold)))
            groups.append(document.name)
    x = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))
    return x, np.array(labels), groups


def _kept(document: Document, probs: np.ndarray, threshold: float) -> list[Candidate]:
    if not probs.size:
        return document.candidates  # a genre the scorer does not cover: the rules alone
    passed = {key for key, p in zip(group(document.candidates), probs) if p >= threshold}
    return [c for c in document.candidates if (c.claim.speaker, c.claim.stance) in passed]


def f1_of(documents: list[Document], kept: dict[str, list[Candidate]]) -> dict[str, float]:
    """(speaker, stance) precision, recall and F1 over the documents, as `armswatch eval`."""
    from armswatch.evaluation.score import FieldScore, Matcher, match_items
    from armswatch.kb import load_kb

    matcher = Matcher(load_kb())
    total = FieldScore()
    for document in documents:
        gold = matcher.dedupe_claims(document.gold)
        pred = matcher.dedupe_claims(_predicted(kept[document.name]))
        total.add(match_items(gold, pred, matcher.same_claim).score)
    return total.as_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validation, write nothing")
    parser.add_argument("--enable", choices=("yes", "no"), help="set whether the pipeline uses the scorer "
                        "(default: keep what the weights file says, off for a new file)")
    parser.add_argument("--genres", default="briefing,statement", help="the genres the scorer is trained for and "
                        "applies to (comma-separated of briefing, statement, news, narrative); the rules stand alone "
                        "in the others")
    parser.add_argument("--cache", help="keep the parsed candidates in this file and read them from it next time "
                        "(delete it after the rules change)")
    args = parser.parse_args(argv)

    if args.cache and Path(args.cache).is_file():
        documents = pickle.loads(Path(args.cache).read_bytes())
    else:
        documents = [d for d in parse_documents() if d.candidates or d.gold]
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(documents))
    genres = tuple(g.strip() for g in args.genres.split(",") if g.strip() in GENRES)
    trained = [d for d in documents if _genre(d) in genres]
    x, y, groups = label(trained)
    print(f"genres {','.join(genres)}: {len(trained)} of {len(documents)} documents, {sum(len(d.candidates) for d in trained)} candidates, "
          f"{len(y)} (speaker, stance) pairs there, {int(y.sum())} positive")
    rules = f1_of(documents, {d.name: d.candidates for d in documents})
    print(f"rules alone                      P {rules['precision']:.3f} R {rules['recall']:.3f} F1 {rules['f1']:.3f}")
    grid: dict[tuple[float, float], dict[str, float]] = {}
    for l2 in L2_GRID:
        probs = cross_validate([d.name for d in trained], x, y, groups, l2)
        for threshold in THRESHOLD_GRID:
            kept = {d.name: _kept(d, probs.get(d.name, np.zeros(0)), threshold) for d in documents}
            scores = grid[(l2, threshold)] = f1_of(documents, kept)
            print(f"scorer CV l2={l2:<5} threshold={threshold:.2f}  P {scores['precision']:.3f} "
                  f"R {scores['recall']:.3f} F1 {scores['f1']:.3f}")
    l2, threshold = choose(grid, L2_GRID, THRESHOLD_GRID, stronger_on_tie=True)
    scores = grid[(l2, threshold)]
    print(f"chosen: l2={l2} threshold={threshold} (leave-one-document-out F1 {scores['f1']:.3f} vs rules {rules['f1']:.3f})")
    if args.cv_only:
        return 0
    weights = fit(x, y, l2=l2)
    enabled = WEIGHTS_FILE.is_file() and json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")).get("enabled", False)
    if args.enable:
        enabled = args.enable == "yes"
    meta = {
        "l2": l2, "documents": len(documents), "pairs": len(y), "positives": int(y.sum()),
        "cv_leave_one_document_out": scores, "rules_same_documents": rules,
    }
    WEIGHTS_FILE.write_text(Scorer(weights, threshold, bool(enabled), genres).to_json(meta), encoding="utf-8")
    DATA.write_text(json.dumps({
        "features": list(FEATURES), "l2": l2, "genres": list(genres),
        "rows": [[g, int(label_), [round(float(v), 6) for v in row]] for g, label_, row in zip(groups, y, x)],
    }) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(REPO)} and {DATA.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
