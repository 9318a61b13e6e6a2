"""Train the shipped "is it asked?" model (``asked.py``) on the dev postings; never on a test set.

Each technology mention that ``extract`` finds in a dev posting (with the model off) is an example: asked when its
skill is in the posting's ``technologies``, not asked when it is in ``not_required``; other mentions (a gold name
spelt differently, a technology the writer left out of both lists) teach nothing and are left out. Mentions the rules
already dropped count as not-asked examples too: they teach the words of other teams, retirements and customers.

The regularisation and the threshold are chosen by cross-validation grouped by posting, scoring what users get:
technologies per posting, precision and recall against the gold lists, the model dropping a technology whose best
kept mention stays below the threshold. Then the model is fitted on all dev postings and written as JSON.

Run: ``.venv/bin/python -m jobsearch_pipelines.lib.skills.asked_train`` (needs scikit-learn: the ``dev`` extra).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jobsearch_pipelines.lib.skills.asked import MODEL_PATH
from jobsearch_pipelines.lib.skills.evaluate import GoldNamer, read_postings
from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry

EVAL_DIR = Path(__file__).resolve().parents[2] / "data" / "skills_eval"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(t / 100 for t in range(2, 92, 2))
FOLDS = 5


@dataclass(slots=True)
class Posting:
    """What the rules keep of one dev posting, and the examples its mentions give."""

    gold: set[str]
    # technology slug -> indices of its kept mentions that the model judges (none: the rules alone keep it)
    kept: dict[str, list[int]] = field(default_factory=dict)
    examples: list[tuple[list[str], int]] = field(default_factory=list)  # (features, 1 asked / 0 not asked)


def collect(paths: Sequence[Path]) -> list[Posting]:
    """Run ``extract`` (model off) on every posting and label its technology mentions."""
    extractor = LocalExtractor(asked_model_path=None)
    name = GoldNamer(extractor.taxonomy)
    postings: list[Posting] = []
    for path in paths:
        for row in read_postings(path):
            gold = {skill.slug for written in row["technologies"] if (skill := name(written))}
            not_asked = {skill.slug for written in row.get("not_required", []) if (skill := name(written))} - gold
            posting = Posting(gold)
            mentions: list[tuple[SkillEntry, list[str], str | None]] = []
            extractor.on_mention = lambda skill, features, reason, seen=mentions: seen.append((skill, features, reason))
            result = extractor.extract(row.get("title"), row["description"])
            returned = {s.slug for s in result.skills if s.slug and s.kind == "technology"}
            posting.kept = {slug: [] for slug in returned}  # a skill kept with no judged mention stays
            for skill, features, reason in mentions:
                label = 1 if skill.slug in gold else 0 if skill.slug in not_asked else None
                if reason is None and skill.slug in returned:
                    if label is not None:
                        posting.kept[skill.slug].append(len(posting.examples))
                        posting.examples.append((features, label))
                elif reason is not None and label == 0:
                    posting.examples.append((features, 0))
            postings.append(posting)
    extractor.on_mention = None
    return postings


def score(
    postings: Sequence[Posting], probabilities: Sequence[Sequence[float]], threshold: float
) -> tuple[float, float]:
    """Precision and recall of technologies per posting when the model drops a skill below ``threshold``."""
    tp = fp = fn = 0
    for posting, probs in zip(postings, probabilities, strict=True):
        kept = {slug for slug, idx in posting.kept.items() if not idx or max(probs[i] for i in idx) >= threshold}
        tp += len(kept & posting.gold)
        fp += len(kept - posting.gold)
        fn += len(posting.gold - kept)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def _fit(examples: Sequence[tuple[list[str], int]], c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(features, 1) for features, _ in examples])
    model = LogisticRegression(C=c, max_iter=2000).fit(matrix, [label for _, label in examples])
    return vectorizer, model


def _predict(vectorizer, model, postings: Sequence[Posting]) -> list[list[float]]:  # type: ignore[no-untyped-def]
    out: list[list[float]] = []
    for posting in postings:
        if not posting.examples:
            out.append([])
            continue
        matrix = vectorizer.transform([dict.fromkeys(features, 1) for features, _ in posting.examples])
        out.append(list(model.predict_proba(matrix)[:, 1]))
    return out


def cross_validate(postings: Sequence[Posting], folds: int = FOLDS) -> dict[float, list[list[float]]]:
    """Out-of-fold P(asked) of every example, per C; folds group whole postings."""
    by_c: dict[float, list[list[float]]] = {}
    for c in C_GRID:
        predictions: list[list[float]] = [[] for _ in postings]
        for fold in range(folds):
            train = [e for i, p in enumerate(postings) if i % folds != fold for e in p.examples]
            held = [i for i in range(len(postings)) if i % folds == fold]
            vectorizer, model = _fit(train, c)
            for i, probs in zip(held, _predict(vectorizer, model, [postings[i] for i in held]), strict=True):
                predictions[i] = probs
        by_c[c] = predictions
    return by_c


def train(paths: Sequence[Path], output: Path, folds: int = FOLDS) -> dict[str, object]:
    if any("test" in path.name for path in paths):
        raise ValueError("postings: the test sets are for evaluation only")
    postings = collect(paths)
    baseline = score(postings, [[1.0] * len(p.examples) for p in postings], 0.5)
    best: tuple[float, float, float, float, float] | None = None  # (F1, C, threshold, precision, recall)
    for c, predictions in cross_validate(postings, folds).items():
        for threshold in THRESHOLDS:
            precision, recall = score(postings, predictions, threshold)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            if best is None or f1 > best[0]:
                best = (f1, c, threshold, precision, recall)
    assert best is not None
    _, c, threshold, precision, recall = best
    vectorizer, model = _fit([e for p in postings for e in p.examples], c)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    report = {
        "trained_on": [path.name for path in paths],
        "examples": sum(len(p.examples) for p in postings),
        "not_asked_examples": sum(1 for p in postings for _, label in p.examples if label == 0),
        "c": c,
        "threshold": threshold,
        "cross_validated": {"precision": round(precision, 4), "recall": round(recall, 4)},
        "rules_only": {"precision": round(baseline[0], 4), "recall": round(baseline[1], 4)},
    }
    data = {**report, "bias": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}
    output.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", nargs="*", type=Path,
                        default=sorted(EVAL_DIR.glob("postings_dev*.jsonl")))
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--folds", type=int, default=FOLDS)
    args = parser.parse_args(argv)
    report = train(args.postings, args.output, args.folds)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
