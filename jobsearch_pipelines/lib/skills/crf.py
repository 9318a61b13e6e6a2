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


_WordInfo = tuple[tuple[str, ...], str, str, tuple[str | None, str | None, str | None, str | None]]
_WORD_CACHE_SIZE = 200_000
_GAZ_TAGS = ("O", *(f"{bi}{kind}{amb}" for bi in "BI" for kind in "TCDLR" for amb in ("", "A")))


class FeatureBuilder:
    """Per-token CRF features, optionally limited to the attributes a trained model knows.

    Tagging time grows with the number of attribute strings handed to CRFsuite, and a quarter of them are unknown to
    the shipped model (bench/skills.py: 7 % of extraction time). A model's builder drops them once per word (cached);
    the training builder (``vocabulary=None``) keeps every attribute. Marginals are identical either way."""

    def __init__(self, vocabulary: frozenset[str] | None = None) -> None:
        self._vocabulary = vocabulary
        self._words: dict[str, _WordInfo] = {}
        self._gs = {(tag, shape): self._known(f"gs={tag}{shape}") for tag in _GAZ_TAGS for shape in "UCldp"}
        self._previous_tag = {tag: self._known(f"g-1={tag}") for tag in _GAZ_TAGS}
        self._next_tag = {tag: self._known(f"g+1={tag}") for tag in _GAZ_TAGS}
        self._bos = self._known("BOS")
        self._eos = self._known("EOS")

    def _known(self, attribute: str) -> str | None:
        return attribute if self._vocabulary is None or attribute in self._vocabulary else None

    def _word_info(self, word: str) -> _WordInfo:
        """Features of the word alone, its lowercase form, its coarse shape and its features as a neighbour (w-2,
        w-1, w+1, w+2), cached: job ads repeat words."""
        info = self._words.get(word)
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
        vocabulary = self._vocabulary
        kept = tuple(feats if vocabulary is None else (f for f in feats if f in vocabulary))
        around = ("w-2=" + lower, "w-1=" + lower, "w+1=" + lower, "w+2=" + lower)
        info = (kept, lower, coarse, (self._known(around[0]), self._known(around[1]), self._known(around[2]),
                                      self._known(around[3])))
        if len(self._words) < _WORD_CACHE_SIZE:
            self._words[word] = info
        return info

    def sentence(self, words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[list[str]]:
        """Per-token feature lists for one sentence (``gazetteer_tags``: B/I/O per token, optional).

        The word itself (form, shape, affixes, casing flags), its gazetteer tag with its shape, and the neighbours'
        forms and gazetteer tags within two tokens: few attributes per token, because tagging time grows with their
        number."""
        n = len(words)
        infos = [self._word_info(w) for w in words]
        gaz = gazetteer_tags or ["O"] * n
        vocabulary = self._vocabulary
        out: list[list[str]] = []
        for i in range(n):
            word_feats, lower, coarse, _ = infos[i]
            feats = list(word_feats)
            append = feats.append
            attribute = self._gs[gaz[i], coarse]
            if attribute is not None:
                append(attribute)
            if i == 0:
                if self._bos is not None:
                    append(self._bos)
            else:
                previous = infos[i - 1]
                before = previous[3][1]
                if before is not None:
                    append(before)
                bigram = "b-1=" + previous[1] + "|" + lower
                if vocabulary is None or bigram in vocabulary:
                    append(bigram)
                attribute = self._previous_tag[gaz[i - 1]]
                if attribute is not None:
                    append(attribute)
                second_before = infos[i - 2][3][0] if i > 1 else None
                if second_before is not None:
                    append(second_before)
            if i == n - 1:
                if self._eos is not None:
                    append(self._eos)
            else:
                following = infos[i + 1][3][2]
                if following is not None:
                    append(following)
                attribute = self._next_tag[gaz[i + 1]]
                if attribute is not None:
                    append(attribute)
                second_after = infos[i + 2][3][3] if i < n - 2 else None
                if second_after is not None:
                    append(second_after)
            out.append(feats)
        return out


_TRAINING_FEATURES = FeatureBuilder()


def sentence_features(words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[list[str]]:
    """Every feature of every token, as the CRF is trained on (``FeatureBuilder.sentence``)."""
    return _TRAINING_FEATURES.sentence(words, gazetteer_tags)


class KnowledgeTagger:
    """Loads the shipped CRF model and tags sentences with Knowledge BIO labels."""

    def __init__(self, model_path: str | Path = MODEL_PATH) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path: CRF model not found at {path} (train it with crf_train.py)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._features = FeatureBuilder(frozenset(self._tagger.info().attributes))

    def decode_spans(
        self, words: Sequence[str], gazetteer_tags: Sequence[str], o_threshold: float
    ) -> tuple[list[tuple[int, int]], list[float]]:
        """Knowledge spans by marginal decoding (a token is Knowledge when P(O) < ``o_threshold``; a span continues
        while P(I) > P(B)), and P(Knowledge) per token. Trades precision for recall against Viterbi."""
        if not words:
            return [], []
        tagger = self._tagger
        tagger.set(self._features.sentence(words, gazetteer_tags))
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
