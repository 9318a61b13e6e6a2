"""Is a technology the posting names asked of the candidate? A logistic regression over the words around it.

The scope rules (``scope.py``) catch the phrasings they name. Postings describe their own architecture, other teams,
customers and history in endless other ways ("Under the hood, the flag core is Rust ...", "Data lands in Snowflake
via Fivetran (owned by our Data Platform engineers)"). This model reads each kept technology mention's context, its
sentence's words, its neighbours, the section and the level, and gives P(asked). ``extract`` drops a technology whose
best mention stays below the model's threshold, with the probability as its reason.

Trained by ``asked_train.py`` on the dev postings' gold lists only (``technologies`` = asked, ``not_required`` =
named but not asked); the weights ship as JSON, so running it needs no training library.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "skills" / "asked_model.json"
_WINDOW = 3
_PUNCTUATION = frozenset("()[]{},.;:!?|/-–—•*'\"")


def mention_features(lower: Sequence[str], start: int, end: int, section: str, level: str) -> list[str]:
    """Feature names of the mention ``lower[start:end]`` in its sentence (lower-cased tokens)."""
    features = [f"section={section}", f"level={level}"]
    words = {w for i, w in enumerate(lower) if not start <= i < end and w not in _PUNCTUATION}
    features.extend(f"word={w}" for w in words)
    for offset in range(1, _WINDOW + 1):
        if start - offset >= 0:
            features.append(f"left{offset}={lower[start - offset]}")
        if end + offset - 1 < len(lower):
            features.append(f"right{offset}={lower[end + offset - 1]}")
    features.append(_first(lower))
    features.append(_length(lower))
    return features


def _first(lower: Sequence[str]) -> str:
    return f"first={lower[0]}" if lower else "first="


def _length(lower: Sequence[str]) -> str:
    size = len(lower)
    return "length=short" if size <= 6 else "length=medium" if size <= 20 else "length=long"


class AskedModel:
    """Weights of the logistic regression and the decision threshold, read from ``asked_model.json``."""

    def __init__(self, path: str | Path = MODEL_PATH) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]
        self.threshold: float = data["threshold"]
        # "word=kafka" -> families["word"]["kafka"]: the scorer looks words up as they are, building no strings
        self.families: dict[str, dict[str, float]] = {}
        for name, weight in self.weights.items():
            family, _, value = name.partition("=")
            self.families.setdefault(family, {})[value] = weight

    def probability(self, features: Sequence[str]) -> float:
        return _logistic(self.bias + sum(self.weights.get(f, 0.0) for f in features))

    def sentence(self, lower: Sequence[str], section: str, level: str) -> SentenceScorer:
        """Scores mentions of one sentence: its words are summed once, not once per mention (a stack line names
        a dozen)."""
        return SentenceScorer(self, lower, section, level)


class SentenceScorer:
    """``probability(start, end)`` equals ``AskedModel.probability(mention_features(...))`` for the same mention."""

    def __init__(self, model: AskedModel, lower: Sequence[str], section: str, level: str) -> None:
        weights = model.weights
        self._words = model.families.get("word", {})
        self._left = [model.families.get(f"left{offset}", {}) for offset in range(1, _WINDOW + 1)]
        self._right = [model.families.get(f"right{offset}", {}) for offset in range(1, _WINDOW + 1)]
        self._lower = lower
        self._counts = Counter(w for w in lower if w not in _PUNCTUATION)
        self._base = model.bias + sum(
            weights.get(f, 0.0) for f in (f"section={section}", f"level={level}", _first(lower), _length(lower))
        ) + sum(self._words.get(w, 0.0) for w in self._counts)

    def probability(self, start: int, end: int) -> float:
        words, lower = self._words, self._lower
        score = self._base
        if end == start + 1:  # most mentions are one word
            word = lower[start]
            if word not in _PUNCTUATION and self._counts[word] == 1:
                score -= words.get(word, 0.0)
        else:
            inside = Counter(w for w in lower[start:end] if w not in _PUNCTUATION)
            score -= sum(words.get(w, 0.0) for w, n in inside.items() if self._counts[w] == n)
        for offset in range(1, _WINDOW + 1):
            if start - offset >= 0:
                score += self._left[offset - 1].get(lower[start - offset], 0.0)
            if end + offset - 1 < len(lower):
                score += self._right[offset - 1].get(lower[end + offset - 1], 0.0)
        return _logistic(score)


def _logistic(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score))
