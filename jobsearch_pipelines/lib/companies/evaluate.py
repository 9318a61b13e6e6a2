"""Precision/recall of the classifier on a labelled page set (HTML files + a labels JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobsearch_pipelines.lib.companies.charset import decode_body
from jobsearch_pipelines.lib.companies.classify import classify_html
from jobsearch_pipelines.lib.companies.models import CATEGORIES
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE


@dataclass
class Metrics:
    support: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    consultancy: Metrics
    categories: dict[str, Metrics]
    accuracy: float
    rows: list[dict[str, Any]] = field(default_factory=list)

    def table(self) -> str:
        """A Markdown table: the consultancy decision first, then one row per category."""
        lines = ["| class | support | predicted | precision | recall | F1 |", "|---|---|---|---|---|---|"]
        c = self.consultancy
        lines.append(f"| is_consultancy (score ≥ minScore) | {c.support} | {c.predicted} | {c.precision:.2f} | "
                     f"{c.recall:.2f} | {c.f1:.2f} |")
        for name, m in self.categories.items():
            lines.append(f"| {name} | {m.support} | {m.predicted} | {m.precision:.2f} | {m.recall:.2f} | {m.f1:.2f} |")
        lines.append(f"\nCategory accuracy: {self.accuracy:.2f} on {len(self.rows)} pages.")
        return "\n".join(lines)


def evaluate(labels_file: Path, min_score: float = DEFAULT_MIN_SCORE) -> Evaluation:
    """Classify every labelled page (``[{"file", "url", "category"}]``, files next to the labels file)."""
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    consultancy = Metrics()
    categories = {name: Metrics() for name in CATEGORIES}
    rows = []
    for entry in labels:
        expected = entry["category"]
        if expected not in categories:
            raise ValueError(f"labels: {entry['file']}: unknown category {expected!r}")
        html, _ = decode_body((labels_file.parent / entry["file"]).read_bytes())
        _, verdict = classify_html(html, entry["url"], min_score)
        categories[expected].support += 1
        categories[verdict.category].predicted += 1
        categories[expected].correct += verdict.category == expected
        is_expected = expected == "CONSULTANCY"
        consultancy.support += is_expected
        consultancy.predicted += verdict.is_consultancy
        consultancy.correct += is_expected and verdict.is_consultancy
        rows.append({"file": entry["file"], "expected": expected, "category": verdict.category,
                     "score": verdict.score, "is_consultancy": verdict.is_consultancy, "reasons": verdict.reasons})
    accuracy = sum(r["expected"] == r["category"] for r in rows) / len(rows) if rows else 0.0
    return Evaluation(consultancy, categories, accuracy, rows)
