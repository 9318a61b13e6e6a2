"""The labelled remote-EU set shipped with the package, and scores of a classifier's answers against it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any


def labelled_postings() -> list[dict[str, Any]]:
    """Postings (``id, source, title, locations, description, vendor_fields, split``) joined with their hand
    labels; postings labelled "unsure" are left out."""
    base = resources.files("jobsearch_pipelines").joinpath("data", "remote", "labelled")
    labels = {row["id"]: row for row in csv.DictReader(base.joinpath("labels.csv").read_text("utf-8").splitlines())}
    out = []
    for line in base.joinpath("postings.jsonl").read_text("utf-8").splitlines():
        posting = json.loads(line)
        label = labels.get(posting["id"])
        if label is None:
            raise ValueError(f"labels.csv: no label for {posting['id']}")
        if label["is_remote_eu"] == "unsure":
            continue
        posting["label"] = label["is_remote_eu"] == "true"
        out.append(posting)
    return out


@dataclass(frozen=True)
class Scores:
    n: int
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def row(self, name: str) -> str:
        return (f"| {name} | {self.n} | {self.tp + self.fn} | {self.accuracy:.3f} | {self.precision:.3f} | "
                f"{self.recall:.3f} | {self.fp} | {self.fn} |")


HEADER = "| subset | postings | remote-EU | accuracy | precision | recall | false pos. | false neg. |\n" \
         "|---|---|---|---|---|---|---|---|"


def score(pairs: Iterable[tuple[bool, bool]]) -> Scores:
    """Scores of (label, predicted) pairs."""
    tp = fp = fn = tn = 0
    for label, predicted in pairs:
        if label and predicted:
            tp += 1
        elif predicted:
            fp += 1
        elif label:
            fn += 1
        else:
            tn += 1
    return Scores(tp + fp + fn + tn, tp, fp, fn, tn)


def table(postings: list[dict[str, Any]], predicted: Mapping[str, bool]) -> str:
    """A markdown table of scores per split and source, plus all."""
    groups: dict[str, list[tuple[bool, bool]]] = {}
    for posting in postings:
        pair = (posting["label"], predicted[posting["id"]])
        for key in ("all", f"split={posting['split']}", f"source={posting['source']}",
                    f"{posting['split']}, {posting['source']}"):
            groups.setdefault(key, []).append(pair)
    order = ["all", "split=dev", "split=test", "split=fresh", "source=open-jobs-data", "source=remote-jobs"]
    order += sorted(k for k in groups if k not in order)
    return "\n".join([HEADER, *(score(groups[k]).row(k) for k in order if k in groups)])
