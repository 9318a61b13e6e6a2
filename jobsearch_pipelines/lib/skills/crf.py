"""A CRF that tags Knowledge spans (technologies, tools, domains, degrees) in job-ad sentences.

Trained on the SkillSpan train split (``crf_train.py``); the model file ships in ``data/skills/``. Features are
cheap string features of the word and its neighbours plus the gazetteer's BIO tag, so tagging runs at
tens of thousands of tokens per second on one core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "skills" / "knowledge_crf.bin"

_UPPER = re.compile(r"[A-Z\u00c0-\u00de]+")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]+")
_DIGIT = re.compile(r"[0-9]+")


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    """Features of the word alone (cached: job ads repeat words)."""
    lower = word.lower()
    shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    feats = [
        "w=" + lower,
        "sh=" + shape[:6],
        "p3=" + lower[:3],
        "s3=" + lower[-3:],
        "s2=" + lower[-2:],
        "p2=" + lower[:2],
        "s4=" + lower[-4:],
    ]
    if word[:1].isupper():
        feats.append("cap")
        if word.isupper() and len(word) > 1:
            feats.append("upper")
    if any(ch in word for ch in ".+#"):
        feats.append("techpunct")
    if "-" in word:
        feats.append("hyphen")
    if word.isdigit():
        feats.append("digit")
    if len(word) <= 2:
        feats.append("short")
    return tuple(feats)


@lru_cache(maxsize=200_000)
def _short_shape(word: str) -> str:
    """Coarse shape: capitalised, upper, lower, digit or punctuation."""
    if word[:1].isupper():
        return "U" if word.isupper() and len(word) > 1 else "C"
    if word[:1].isalpha():
        return "l"
    return "d" if word[:1].isdigit() else "p"


@lru_cache(maxsize=200_000)
def _context_key(word: str) -> str:
    return word.lower()


def sentence_features(words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[list[str]]:
    """Per-token feature lists for one sentence (``gazetteer_tags``: B/I/O per token, optional)."""
    n = len(words)
    lowers = [_context_key(w) for w in words]
    gaz = gazetteer_tags or ["O"] * n
    shapes = [_short_shape(w) for w in words]
    out: list[list[str]] = []
    for i, word in enumerate(words):
        feats = ["bias", *_word_features(word)]
        feats.append("g=" + gaz[i])
        feats.append("gs=" + gaz[i] + shapes[i])
        if i == 0:
            feats.append("BOS")
        else:
            feats.append("w-1=" + lowers[i - 1])
            feats.append("b-1=" + lowers[i - 1] + "|" + lowers[i])
            feats.append("g-1=" + gaz[i - 1])
            feats.append("sh-1=" + shapes[i - 1])
            if i > 1:
                feats.append("w-2=" + lowers[i - 2])
                feats.append("t-2=" + lowers[i - 2] + "|" + lowers[i - 1])
        if i == n - 1:
            feats.append("EOS")
        else:
            feats.append("w+1=" + lowers[i + 1])
            feats.append("b+1=" + lowers[i] + "|" + lowers[i + 1])
            feats.append("g+1=" + gaz[i + 1])
            feats.append("sh+1=" + shapes[i + 1])
            if i < n - 2:
                feats.append("w+2=" + lowers[i + 2])
                feats.append("t+2=" + lowers[i + 1] + "|" + lowers[i + 2])
        out.append(feats)
    return out


class KnowledgeTagger:
    """Loads the shipped CRF model and tags sentences with Knowledge BIO labels."""

    def __init__(self, model_path: str | Path = MODEL_PATH) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path: CRF model not found at {path} (train it with crf_train.py)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[str]:
        """Viterbi labels (B-K / I-K / O)."""
        if not words:
            return []
        return list(self._tagger.tag(sentence_features(words, gazetteer_tags)))

    def knowledge_probabilities(
        self, words: Sequence[str], gazetteer_tags: Sequence[str], indexes: Iterable[int]
    ) -> dict[int, float]:
        """P(token is inside a Knowledge span) = 1 - P(O), by forward-backward, for the given token indexes."""
        self._tagger.set(sentence_features(words, gazetteer_tags))
        return {index: 1.0 - self._tagger.marginal("O", index) for index in indexes}

    def decode_spans(
        self, words: Sequence[str], gazetteer_tags: Sequence[str], o_threshold: float
    ) -> tuple[list[tuple[int, int]], list[float]]:
        """Knowledge spans by marginal decoding (a token is Knowledge when P(O) < ``o_threshold``; a span continues
        while P(I) > P(B)), and P(Knowledge) per token. Trades precision for recall against Viterbi."""
        if not words:
            return [], []
        tagger = self._tagger
        tagger.set(sentence_features(words, gazetteer_tags))
        spans: list[tuple[int, int]] = []
        knowledge: list[float] = []
        start: int | None = None
        for index in range(len(words)):
            p_o = tagger.marginal("O", index)
            knowledge.append(1.0 - p_o)
            if p_o >= o_threshold:
                if start is not None:
                    spans.append((start, index))
                    start = None
            elif start is None or tagger.marginal("B-K", index) >= tagger.marginal("I-K", index):
                if start is not None:
                    spans.append((start, index))
                start = index
        if start is not None:
            spans.append((start, len(words)))
        return spans, knowledge
