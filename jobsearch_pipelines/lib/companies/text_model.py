"""What a page's own words say about the company: a naive Bayes model of words and word pairs per category.

The hand-set cues catch how a few pages describe a trade; real companies describe themselves in many more ways
(on 876 real self-descriptions the cues found a category for 6 % of them). The scorer asks this model when the
cues and the site's structure give no category (it then names the category the words read like) or when consultancy
evidence wins (the words then confirm a consultancy on a site with services/work pages and no staffing, directory
or agency evidence: ``scoring.WORDS_CONFIRM_PROBABILITY``). Words alone, without such a site, never make a
consultancy.

Trained by ``jobsearch companies train-text-model`` on the labelled real pages and the hand-written multilingual
ones, shipped as ``data/companies/text_model.json``; ``jobsearch companies eval --folds K`` retrains it per fold so
the reported figures are held out. Multinomial naive Bayes over binary features: training is counting, scoring
is a sum of per-category log-probabilities, and the sums of several pages add up (a domain's verdict).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "companies" / "text_model.json"
MAX_WORDS = 300  # a page's first words say what the company does; the rest only costs time (bench/companies.py)
ALPHA = 0.3
# a term seen on fewer training pages is not kept: with 1,708 labelled homepages and the 876 real profiles, 4 keeps
# 38,978 terms (57,074 at 3), its load in every analysis process 0.061 -> 0.046 s (bench/companies.py), for one page
# fewer found in pooled cross-validation and real-profile CONSULTANCY F1 0.76 -> 0.77
MIN_DOCS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")


STEM = 5  # a long word also counts by its first letters ("rakennamme" as "raken~"): inflected languages share them
STEM_MIN_LENGTH = 7


def terms(lowered_text: str) -> set[str]:
    """Distinct words, adjacent word pairs and the stems of long words of lower-cased text (letters only, 2+
    characters). Stems: pooled cross-validation on the labelled homepages +2 consultancies found, CONSULTANCY F1 on
    the real profiles 0.75 -> 0.78."""
    words = _WORD.findall(lowered_text, 0, MAX_WORDS * 12)[:MAX_WORDS]
    stems = (word[:STEM] + "~" for word in words if len(word) >= STEM_MIN_LENGTH)
    return {*words, *(f"{a} {b}" for a, b in pairwise(words)), *stems}


@dataclass(frozen=True)
class TextModel:
    """Per-category log prior and, per kept term, its per-category log-probability (categories in order)."""

    categories: tuple[str, ...]
    log_priors: tuple[float, ...]
    log_probs: dict[str, Sequence[float]]
    trained_on: tuple[str, ...] = ()  # labelled sets it was fitted to ("folder/labels file"): scores there are fitted

    def log_likelihoods(self, lowered_text: str) -> dict[str, float]:
        """Summed log-probabilities of the text's known terms per category (no prior: pages of a domain add up)."""
        rows = [row for row in map(self.log_probs.get, terms(lowered_text)) if row is not None]
        if not rows:
            return {}
        return {c: sum(column) for c, column in zip(self.categories, zip(*rows, strict=True), strict=True)}

    def probabilities(self, log_likelihoods: dict[str, float]) -> dict[str, float]:
        """Posterior per category from (summed) log-likelihoods; empty when the text had no known term."""
        if not log_likelihoods:
            return {}
        scores = [prior + log_likelihoods.get(c, 0.0) for c, prior in zip(self.categories, self.log_priors,
                                                                           strict=True)]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        return {c: w / total for c, w in zip(self.categories, weights, strict=True)}

    def to_json(self) -> str:
        return json.dumps({"trained_on": self.trained_on, "categories": self.categories,
                           "log_priors": [round(p, 5) for p in self.log_priors],
                           "log_probs": {t: [round(v, 4) for v in row] for t, row in sorted(self.log_probs.items())}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> TextModel:
        data = json.loads(text)
        # the rows stay lists: converting 40,000 of them to tuples took a quarter of the load
        return cls(tuple(data["categories"]), tuple(data["log_priors"]), data["log_probs"],
                   tuple(data.get("trained_on", ())))


def train(texts: Sequence[str], labels: Sequence[str], alpha: float = ALPHA, min_docs: int = MIN_DOCS) -> TextModel:
    """Fit the model on lower-cased page texts and their categories."""
    if len(texts) != len(labels) or not texts:
        raise ValueError("train: texts and labels must be non-empty and of the same length")
    categories = tuple(sorted(set(labels)))
    per_doc = [terms(text) for text in texts]
    docs = Counter(term for found in per_doc for term in found)
    vocabulary = {term for term, count in docs.items() if count >= min_docs}
    counts = {c: Counter() for c in categories}
    for found, label in zip(per_doc, labels, strict=True):
        counts[label].update(found & vocabulary)
    totals = {c: sum(counts[c].values()) + alpha * len(vocabulary) for c in categories}
    log_probs = {term: tuple(math.log((counts[c][term] + alpha) / totals[c]) for c in categories)
                 for term in vocabulary}
    label_counts = Counter(labels)
    log_priors = tuple(math.log(label_counts[c] / len(labels)) for c in categories)
    return TextModel(categories, log_priors, log_probs)


def merge_log_likelihoods(parts: Iterable[dict[str, float]]) -> dict[str, float]:
    """The log-likelihoods of several pages' texts together (their sum per category)."""
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return dict(total)


@lru_cache(maxsize=1)
def default_model() -> TextModel | None:
    """The shipped model, or None when it has not been trained (the scorer then keeps to cues and structure)."""
    return TextModel.from_json(MODEL_PATH.read_text(encoding="utf-8")) if MODEL_PATH.exists() else None
