"""A CRF that tags Knowledge spans (technologies, tools, domains, degrees) in job-ad sentences.

Trained on the SkillSpan train split (``crf_train.py``); the model file ships in ``data/skills/``. Features are
cheap string features of the word and its neighbours plus the gazetteer's BIO tag, so tagging runs at
tens of thousands of tokens per second on one core.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "skills" / "knowledge_crf.bin"

_UPPER = re.compile(r"[A-Z\u00c0-\u00de]+")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]+")
_DIGIT = re.compile(r"[0-9]+")


_WORD_CACHE: dict[str, tuple[tuple[str, ...], str, str, tuple[str, str, str, str]]] = {}
_WORD_CACHE_SIZE = 200_000


def _word_info(word: str) -> tuple[tuple[str, ...], str, str, tuple[str, str, str, str]]:
    """Features of the word alone, its lowercase form, its coarse shape and its features as a neighbour (w-2, w-1,
    w+1, w+2), cached: job ads repeat words."""
    info = _WORD_CACHE.get(word)
    if info is not None:
        return info
    lower = word.lower()
    shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    feats = ["bias", "w=" + lower, "sh=" + shape[:6], "p3=" + lower[:3], "s3=" + lower[-3:], "s4=" + lower[-4:]]
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
    if word[:1].isupper():
        coarse = "U" if word.isupper() and len(word) > 1 else "C"
    elif word[:1].isalpha():
        coarse = "l"
    else:
        coarse = "d" if word[:1].isdigit() else "p"
    info = (tuple(feats), lower, coarse, ("w-2=" + lower, "w-1=" + lower, "w+1=" + lower, "w+2=" + lower))
    if len(_WORD_CACHE) < _WORD_CACHE_SIZE:
        _WORD_CACHE[word] = info
    return info


def sentence_features(words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[list[str]]:
    """Per-token feature lists for one sentence (``gazetteer_tags``: B/I/O per token, optional).

    The word itself (form, shape, affixes, casing flags), its gazetteer tag with its shape, and the neighbours' forms
    and gazetteer tags within two tokens: few attributes per token, because tagging time grows with their number."""
    n = len(words)
    infos = [_word_info(w) for w in words]
    gaz = gazetteer_tags or ["O"] * n
    out: list[list[str]] = []
    for i in range(n):
        word_feats, lower, coarse, _ = infos[i]
        feats = [*word_feats, _GS[gaz[i], coarse]]
        if i == 0:
            feats.append("BOS")
        else:
            previous = infos[i - 1]
            feats.append(previous[3][1])
            feats.append("b-1=" + previous[1] + "|" + lower)
            feats.append(_G_PREV[gaz[i - 1]])
            if i > 1:
                feats.append(infos[i - 2][3][0])
        if i == n - 1:
            feats.append("EOS")
        else:
            feats.append(infos[i + 1][3][2])
            feats.append(_G_NEXT[gaz[i + 1]])
            if i < n - 2:
                feats.append(infos[i + 2][3][3])
        out.append(feats)
    return out


_GAZ_TAGS = ("O", *(f"{bi}{kind}{amb}" for bi in "BI" for kind in "TCDLR" for amb in ("", "A")))
_GS = {(tag, shape): f"gs={tag}{shape}" for tag in _GAZ_TAGS for shape in "UCldp"}
_G_PREV = {tag: f"g-1={tag}" for tag in _GAZ_TAGS}
_G_NEXT = {tag: f"g+1={tag}" for tag in _GAZ_TAGS}


class KnowledgeTagger:
    """Loads the shipped CRF model and tags sentences with Knowledge BIO labels."""

    def __init__(self, model_path: str | Path = MODEL_PATH) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path: CRF model not found at {path} (train it with crf_train.py)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def decode_spans(
        self, words: Sequence[str], gazetteer_tags: Sequence[str], o_threshold: float
    ) -> tuple[list[tuple[int, int]], list[float]]:
        """Knowledge spans by marginal decoding (a token is Knowledge when P(O) < ``o_threshold``; a span continues
        while P(I) > P(B)), and P(Knowledge) per token. Trades precision for recall against Viterbi."""
        if not words:
            return [], []
        tagger = self._tagger
        tagger.set(sentence_features(words, gazetteer_tags))
        marginal = tagger.marginal
        outside = [marginal("O", index) for index in range(len(words))]
        knowledge = [1.0 - p_o for p_o in outside]
        spans: list[tuple[int, int]] = []
        start: int | None = None
        for index, p_o in enumerate(outside):
            if p_o >= o_threshold:
                if start is not None:
                    spans.append((start, index))
                    start = None
            elif start is None or marginal("B-K", index) >= marginal("I-K", index):
                if start is not None:
                    spans.append((start, index))
                start = index
        if start is not None:
            spans.append((start, len(words)))
        return spans, knowledge
