"""Precision/recall of the classifier on a labelled page set (HTML files + a labels JSON)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobsearch_pipelines.lib.companies.charset import decode_body
from jobsearch_pipelines.lib.companies.classify import classify_html
from jobsearch_pipelines.lib.companies.extract import analyze_html
from jobsearch_pipelines.lib.companies.models import CATEGORIES
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE
from jobsearch_pipelines.lib.companies.text_model import TextModel, train


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


def labelled_pages(labels_file: Path, split: str | None = None) -> list[dict[str, str]]:
    """``[{"file", "url", "category", "html"}]`` from either layout of a labelled set:

    * ``labels.json`` — ``[{"file", "url", "category"}]`` with the HTML files next to it;
    * ``labels.csv`` — ``slug,category,...,split`` with the pages in ``pages.jsonl`` next to it (``{"slug", "url",
      "html"}`` per line, as ``scripts/companies_eval/build_pages.py`` writes them); ``split`` keeps one split.
    """
    if labels_file.suffix == ".csv":
        pages = {}
        with (labels_file.parent / "pages.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                page = json.loads(line)
                pages[page["slug"]] = page
        with labels_file.open(encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.DictReader(handle) if split is None or row.get("split") == split]
        missing = [row["slug"] for row in rows if row["slug"] not in pages]
        if missing:
            raise ValueError(f"labels: no page in pages.jsonl for slug {missing[0]!r}")
        return [{"file": row["slug"], "url": pages[row["slug"]]["url"], "category": row["category"],
                 "html": pages[row["slug"]]["html"]} for row in rows]
    if split is not None:
        raise ValueError("labels: --split needs a labels.csv set")
    entries = json.loads(labels_file.read_text(encoding="utf-8"))
    return [{**entry, "html": decode_body((labels_file.parent / entry["file"]).read_bytes())[0]} for entry in entries]


def page_texts(pages: Sequence[dict[str, str]]) -> list[str]:
    """The lower-cased text the cues and the text model read, per labelled page."""
    return [analyze_html(page["html"], page["url"], keep_text=True).lowered_text or "" for page in pages]


def train_text_model(labels_files: Sequence[Path]) -> TextModel:
    """The text model fitted on every page of the labelled sets."""
    pages = [page for labels_file in labels_files for page in labelled_pages(labels_file)]
    model = train(page_texts(pages), [page["category"] for page in pages])
    return dataclasses.replace(model, trained_on=tuple(set_name(labels_file) for labels_file in labels_files))


def set_name(labels_file: Path) -> str:
    """How a labelled set is named in a model's ``trained_on``: its folder and file name."""
    return f"{labels_file.parent.name}/{labels_file.name}"


def fold_of(pages: Sequence[dict[str, str]], folds: int) -> list[int]:
    """A fixed, category-stratified fold per page: each category's pages in hash order, dealt round-robin."""
    by_category: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        by_category.setdefault(page["category"], []).append(index)
    fold = [0] * len(pages)
    dealt = 0
    for indexes in by_category.values():
        for index in sorted(indexes, key=lambda i: hashlib.sha1(pages[i]["file"].encode()).hexdigest()):
            fold[index] = dealt % folds
            dealt += 1
    return fold


def evaluate(labels_files: Path | Sequence[Path], min_score: float = DEFAULT_MIN_SCORE, split: str | None = None,
             folds: int | None = None, train_also: Sequence[Path] = ()) -> Evaluation:
    """Classify every labelled page of ``labels_files`` (one set or several pooled; see ``labelled_pages``) with the
    shipped text model, or, with ``folds``, with a text model trained on the other folds of the pooled pages and on
    every page of ``train_also`` (cross-validation: every page is judged by a model that has not seen it)."""
    if train_also and folds is None:
        raise ValueError("train_also: only with folds (the shipped model is used otherwise)")
    sets = [labels_files] if isinstance(labels_files, Path) else list(labels_files)
    pages = [page for labels_file in sets for page in labelled_pages(labels_file, split)]
    models: list[TextModel | None] = [None] * len(pages)
    if folds is not None:
        if folds < 2:
            raise ValueError(f"folds: need at least 2, got {folds}")
        fold = fold_of(pages, folds)
        texts = page_texts(pages)
        extra = [page for labels_file in train_also for page in labelled_pages(labels_file)]
        extra_texts = page_texts(extra)
        for k in range(folds):
            held_in = [i for i in range(len(pages)) if fold[i] != k]
            model = train([texts[i] for i in held_in] + extra_texts,
                          [pages[i]["category"] for i in held_in] + [page["category"] for page in extra])
            for i in range(len(pages)):
                if fold[i] == k:
                    models[i] = model
    consultancy = Metrics()
    categories = {name: Metrics() for name in CATEGORIES}
    rows = []
    for entry, model in zip(pages, models, strict=True):
        expected = entry["category"]
        if expected not in categories:
            raise ValueError(f"labels: {entry['file']}: unknown category {expected!r}")
        _, verdict = classify_html(entry["html"], entry["url"], min_score, model)
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
