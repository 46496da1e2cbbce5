"""Train the deployment scorer (armswatch/extract/deploy_scorer.py) on annotated text.

    .venv/bin/python scripts/train_deploy_scorer.py            # train, cross-validate, write the weights
    .venv/bin/python scripts/train_deploy_scorer.py --cv-only  # only print the cross-validation

Training data: the develop half of ../shared/eval/dev (eval/dev-develop.txt; never the
check half), plus the develop rows of eval/corpus/annotations*.jsonl when they exist
(official statements, whose texts are read from ../shared/corpus by URL here and never
copied into the repository). Every candidate reading of every document
(`deployments.deployment_candidates`) is labelled positive when its (by, system, where)
matches a gold deployment of its document under the SCHEMA.md rules
(`evaluation.score.Matcher.same_deployment`).

The regularisation and the threshold are picked by leave-one-document-out
cross-validation (a document never trains the model that scores it), and the script
prints that cross-validated F1 next to the rules' F1 on the same documents. The feature
matrix is written to eval/deploy_scorer_training.json so that a test can check that the
weights come from it (fitting is deterministic: Newton's method from zero).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from armswatch.extract.deploy_scorer import FEATURES, WEIGHTS_FILE, Candidate, Scorer, select, vector  # noqa: E402
from armswatch.extract.logistic import choose, cross_validate, fit  # noqa: E402
from armswatch.evaluation.run import read_doc_list  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "dev"
CORPUS = REPO.parent / "shared" / "corpus"
DEVELOP = REPO / "eval" / "dev-develop.txt"
ANNOTATIONS = REPO / "eval" / "corpus"  # annotations*.jsonl: one gold line per statement, keyed by url
SAMPLE = REPO / "eval" / "corpus" / "sample.txt"
DATA = REPO / "eval" / "deploy_scorer_training.json"
RULE_FEATURES = ("rule", "holder_rule", "place_rule")
L2_GRID = (0.3, 1.0, 3.0, 10.0)
THRESHOLD_GRID = (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)


@dataclass
class Document:
    name: str
    candidates: list[Candidate]
    rules: list[Any]  # the rules' own records
    gold: list[dict[str, Any]]


def _as_gold(record: Any) -> dict[str, Any]:
    return {"by": record.by, "system": record.system, "where": record.where, "lat": record.lat, "lon": record.lon,
            "status": record.status}


def parse_documents(nlp: Any, *, dev: Path = DEV, develop: Path = DEVELOP, annotations: Path = ANNOTATIONS) -> list[Document]:
    """The develop half's documents (and the corpus's develop rows), parsed, with their
    candidates, the rules' records and the gold deployments."""
    from armswatch.evaluation.gold import load_gold

    wanted = set(read_doc_list(develop))
    out = []
    for item in load_gold(dev):
        if item.doc in wanted and "deployments" in item.lists:
            out.append(_document(nlp, item.doc, item.path, item.published, list(item.lists["deployments"])))
    out.extend(_corpus_documents(nlp, annotations))
    return out


def _document(nlp: Any, name: str, path: Path, published: str | None, gold: list[dict[str, Any]]) -> Document:
    from armswatch.clean import clean_document
    from armswatch.extract.claims import extract_claims
    from armswatch.extract.deployments import deployment_candidates, extract_deployments
    from armswatch.ingest import read_path
    from armswatch.models import Hints, SourceDoc
    from armswatch.settings import Settings

    [source] = [s for s in read_path(path, max_file_bytes=Settings().max_file_bytes, hints=Hints(published=published)) if isinstance(s, SourceDoc)]
    cleaned = clean_document(source)
    doc = nlp(cleaned.body)
    claims = extract_claims(doc, title=cleaned.metadata.title)
    date = cleaned.metadata.published
    return Document(
        name, deployment_candidates(doc, claims, published=date),
        extract_deployments(doc, claims, published=date, method="rules"), gold,
    )


def _corpus_documents(nlp: Any, folder: Path) -> list[Document]:
    """The develop rows of the corpus annotations (gold lines keyed by `url`, the half in
    `half` or in sample.txt), their texts read from ../shared/corpus by URL."""
    files = sorted(folder.glob("annotations*.jsonl")) if folder.is_dir() else []
    if not files or not CORPUS.is_dir():
        return []
    halves = {}
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            url, half = line.split("\t", 1)
            halves[url.strip()] = half.strip()
    rows = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                url = row.get("url") or row.get("doc", "")
                if (row.get("half") or halves.get(url)) == "develop" and halves.get(url) != "check" \
                        and isinstance(row.get("deployments"), list):
                    rows[url] = row
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus_file in sorted(CORPUS.glob("*.jsonl")):
            with corpus_file.open(encoding="utf-8") as handle:
                for line in handle:
                    if not rows:
                        break
                    try:
                        url = json.loads(line).get("url")
                    except json.JSONDecodeError:
                        continue
                    if url in rows:
                        path = Path(tmp) / f"{len(out)}.jsonl"
                        path.write_text(line, encoding="utf-8")
                        out.append(_document(nlp, url, path, None, rows.pop(url)["deployments"]))
    return out


def label(documents: list[Document]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The feature matrix, the labels and each row's document."""
    from armswatch.evaluation.score import Matcher
    from armswatch.kb import load_kb

    matcher = Matcher(load_kb())
    rows, labels, groups = [], [], []
    for document in documents:
        for candidate in document.candidates:
            rows.append(vector(candidate.evidence))
            labels.append(float(any(matcher.same_deployment(g, _as_gold(candidate.record)) for g in document.gold)))
            groups.append(document.name)
    x = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))
    return x, np.array(labels), groups


def mask(x: np.ndarray, rule_features: bool) -> np.ndarray:
    """Without `rule_features`, the columns that say what the rules picked are zeroed."""
    if rule_features:
        return x
    x = x.copy()
    for name in RULE_FEATURES:
        x[:, FEATURES.index(name)] = 0.0
    return x


def f1_of(documents: list[Document], predicted: dict[str, list[Any]]) -> dict[str, float]:
    """Key (by, system, where) precision, recall and F1 over the documents, as `armswatch eval`."""
    from armswatch.evaluation.score import FieldScore, Matcher, match_items
    from armswatch.kb import load_kb

    matcher = Matcher(load_kb())
    total = FieldScore()
    for document in documents:
        total.add(match_items(document.gold, [_as_gold(r) for r in predicted[document.name]], matcher.same_deployment).score)
    return total.as_dict()


def _chosen(document: Document, probs: np.ndarray, threshold: float) -> list[Any]:
    seen, out = set(), []
    for candidate in select(document.candidates, probs, threshold):
        key = (candidate.record.by, candidate.record.system, candidate.record.place_id, candidate.record.status)
        if key not in seen:
            seen.add(key)
            out.append(candidate.record)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validation, write nothing")
    parser.add_argument("--no-rule-features", action="store_true", help="leave out what the rules picked")
    parser.add_argument("--enable", choices=("yes", "no"), help="set whether the pipeline uses the scorer "
                        "(default: keep what the weights file says)")
    args = parser.parse_args(argv)

    from armswatch.extract import NlpExtractor
    from armswatch.settings import Settings

    nlp = NlpExtractor(Settings().nlp_model).nlp
    documents = parse_documents(nlp)
    x, y, groups = label(documents)
    rule_features = not args.no_rule_features
    xm = mask(x, rule_features)
    print(f"{len(documents)} documents, {len(y)} candidates, {int(y.sum())} positive")
    rules = f1_of(documents, {d.name: d.rules for d in documents})
    print(f"rules alone                      P {rules['precision']:.3f} R {rules['recall']:.3f} F1 {rules['f1']:.3f}")
    grid: dict[tuple[float, float], dict[str, float]] = {}
    for l2 in L2_GRID:
        probs = cross_validate([d.name for d in documents], xm, y, groups, l2)
        for threshold in THRESHOLD_GRID:
            grid[(l2, threshold)] = f1_of(documents, {d.name: _chosen(d, probs[d.name], threshold) for d in documents})
            scores = grid[(l2, threshold)]
            print(f"scorer CV l2={l2:<5} threshold={threshold:.2f}  P {scores['precision']:.3f} "
                  f"R {scores['recall']:.3f} F1 {scores['f1']:.3f}")
    l2, threshold = choose(grid, L2_GRID, THRESHOLD_GRID)
    scores = grid[(l2, threshold)]
    print(f"chosen: l2={l2} threshold={threshold} (leave-one-document-out F1 {scores['f1']:.3f} vs rules {rules['f1']:.3f})")
    if args.cv_only:
        return 0
    weights = fit(xm, y, l2=l2)
    enabled = WEIGHTS_FILE.is_file() and json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")).get("enabled", False)
    if args.enable:
        enabled = args.enable == "yes"
    meta = {
        "l2": l2, "rule_features": rule_features,
        "trained_on": sorted(set(groups)), "candidates": len(y), "positives": int(y.sum()),
        "cv_leave_one_document_out": scores, "rules_same_documents": rules,
    }
    WEIGHTS_FILE.write_text(Scorer(weights, threshold, bool(enabled)).to_json(meta), encoding="utf-8")
    DATA.write_text(json.dumps({
        "features": list(FEATURES), "l2": l2, "rule_features": rule_features,
        "rows": [[g, int(label_), [round(float(v), 6) for v in row]] for g, label_, row in zip(groups, y, xm)],
    }) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(REPO)} and {DATA.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
