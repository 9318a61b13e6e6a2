"""A CRF that tags Knowledge spans (technologies, tools, domains, degrees) in job-ad sentences.

Trained with CRFsuite on the SkillSpan train and dev splits (``crf_train.py``); the model file ships in
``data/skills/``. Features are cheap string features of the word and its neighbours plus the gazetteer's BIO tag.
Tagging reads the model's weights once and scores a whole posting's sentences at a time with numpy (per-word weight
rows cached, forward-backward over all sentences in lockstep): the marginals are CRFsuite's to 1e-6
(``test_crf_marginals_match_crfsuite``), at a third of its cost per posting (``bench/skills.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
import pycrfsuite

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "skills" / "knowledge_crf.bin"
LABELS = ("O", "B-K", "I-K")

_UPPER = re.compile(r"[A-Z\u00c0-\u00de]+")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]+")
_DIGIT = re.compile(r"[0-9]+")

_GAZ_TAGS = ("O", *(f"{bi}{kind}{amb}" for bi in "BI" for kind in "TCDLR" for amb in ("", "A")))
_COARSE = "UCldp"
_NEIGHBOURS = ("w-2=", "w-1=", "w+1=", "w+2=")  # a word's form as seen from two, one token after / before it
_WORD_ROWS = 200_000  # distinct words cached before the cache starts afresh


def word_features(word: str) -> tuple[list[str], str, str]:
    """The word's own attributes (form, shape, affixes, casing flags), its lowercase form and its coarse shape
    (one of ``_COARSE``, combined with its gazetteer tag)."""
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
    return feats, lower, coarse


def sentence_features(words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[list[str]]:
    """Per-token attributes of one sentence, as the CRF is trained on (``gazetteer_tags``: B/I/O per token).

    The word itself, its gazetteer tag with its shape, and the neighbours' forms and gazetteer tags within two
    tokens, plus the bigram with the word before: few attributes per token, because tagging time grows with them."""
    n = len(words)
    infos = [word_features(w) for w in words]
    gaz = gazetteer_tags or ["O"] * n
    out: list[list[str]] = []
    for i in range(n):
        feats, lower, coarse = infos[i]
        feats = [*feats, f"gs={gaz[i]}{coarse}"]
        if i == 0:
            feats.append("BOS")
        else:
            feats += [_NEIGHBOURS[1] + infos[i - 1][1], f"b-1={infos[i - 1][1]}|{lower}", f"g-1={gaz[i - 1]}"]
            if i > 1:
                feats.append(_NEIGHBOURS[0] + infos[i - 2][1])
        if i == n - 1:
            feats.append("EOS")
        else:
            feats += [_NEIGHBOURS[2] + infos[i + 1][1], f"g+1={gaz[i + 1]}"]
            if i < n - 2:
                feats.append(_NEIGHBOURS[3] + infos[i + 2][1])
        out.append(feats)
    return out


_RESCALE_EVERY = 4


class KnowledgeTagger:
    """The shipped CRF's weights, and per-token marginals P(O), P(B-K), P(I-K) for batches of sentences.

    Each word gets one cached row of summed weights for its own attributes and one per neighbour position, so
    scoring a token is a few array lookups; a batch runs forward-backward for all its sentences at once."""

    def __init__(self, model_path: str | Path = MODEL_PATH) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path: CRF model not found at {path} (train it with crf_train.py)")
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        tagger.close()
        order = {label: i for i, label in enumerate(LABELS)}
        self._weights: dict[str, np.ndarray] = {}
        for (attribute, label), weight in info.state_features.items():
            self._weights.setdefault(attribute, np.zeros(len(LABELS)))[order[label]] = weight
        transitions = np.zeros((len(LABELS), len(LABELS)))
        for (before, after), weight in info.transitions.items():
            transitions[order[before], order[after]] = weight
        self._exp_transitions = np.exp(transitions)
        self._bos = self._vector("BOS")
        self._eos = self._vector("EOS")
        self._gaz_code = {tag: i for i, tag in enumerate(_GAZ_TAGS)}  # len(_GAZ_TAGS): no neighbour
        self._gaz_shape = np.array([self._vector(f"gs={tag}{shape}") for tag in _GAZ_TAGS for shape in _COARSE])
        self._gaz_before = np.array([*(self._vector(f"g-1={tag}") for tag in _GAZ_TAGS), np.zeros(len(LABELS))])
        self._gaz_after = np.array([*(self._vector(f"g+1={tag}") for tag in _GAZ_TAGS), np.zeros(len(LABELS))])
        bigrams = [attribute for attribute in self._weights if attribute.startswith("b-1=")]
        self._bigram_row = {attribute: i + 1 for i, attribute in enumerate(bigrams)}  # 0: unknown bigram
        self._bigram_weights = np.array([np.zeros(len(LABELS)), *(self._weights[a] for a in bigrams)])
        self._reset_words()

    def _vector(self, attribute: str) -> np.ndarray:
        return self._weights.get(attribute, np.zeros(len(LABELS)))

    def _reset_words(self) -> None:
        """Row 0 of each word table is the empty neighbour (before a sentence's start, after its end)."""
        self._rows: dict[str, int] = {}
        self._lower: list[str] = [""]
        self._coarse: list[int] = [0]
        self._word_weights = np.zeros((1 + len(_NEIGHBOURS), 1024, len(LABELS)))  # own, w-2, w-1, w+1, w+2
        self._pairs: dict[tuple[int, int], int] = {}  # (row before, row) -> bigram weights row (0: none)

    def _row(self, word: str) -> int:
        row = self._rows.get(word)
        if row is not None:
            return row
        feats, lower, coarse = word_features(word)
        row = len(self._lower)
        if row == self._word_weights.shape[1]:
            self._word_weights = np.concatenate([self._word_weights, np.zeros_like(self._word_weights)], axis=1)
        table = self._word_weights
        for attribute in feats:
            if attribute in self._weights:
                table[0, row] += self._weights[attribute]
        for position, prefix in enumerate(_NEIGHBOURS, start=1):
            table[position, row] = self._vector(prefix + lower)
        self._rows[word] = row
        self._lower.append(lower)
        self._coarse.append(_COARSE.index(coarse))
        return row

    def _pair(self, before: int, row: int) -> int:
        bigram = self._bigram_row.get(f"b-1={self._lower[before]}|{self._lower[row]}", 0)
        self._pairs[before, row] = bigram
        return bigram

    def marginals(self, sentences: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[np.ndarray]:
        """Per sentence (words, gazetteer BIO tags), an array of shape (tokens, 3): P(O), P(B-K), P(I-K)."""
        sentences = list(sentences)
        if not sentences:
            return []
        if len(self._rows) > _WORD_ROWS:
            self._reset_words()
        lengths = np.array([len(words) for words, _ in sentences], dtype=np.intp)
        width = int(lengths.max())
        if width == 0:
            return [np.zeros((0, len(LABELS))) for _ in sentences]
        # every token of the batch in one flat list, then placed in (sentence, position) arrays at once
        coarse, gaz_code, known = self._coarse, self._gaz_code, self._rows.get
        rows = [known(word) or self._row(word) for words, _ in sentences for word in words]
        codes = [gaz_code[tag] for _, tags in sentences for tag in tags]
        shapes = [code * len(_COARSE) + coarse[row] for code, row in zip(codes, rows, strict=True)]
        pairs = self._pairs
        bigrams = [0, *(pairs.get(pair, -1) for pair in pairwise(rows))]
        if -1 in bigrams:
            bigrams = [b if b >= 0 else self._pair(rows[i - 1], rows[i]) for i, b in enumerate(bigrams)]
        sentence = np.repeat(np.arange(len(sentences)), lengths)
        position = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        word_rows = np.zeros((len(sentences), width + 4), dtype=np.intp)  # two empty neighbours on each side
        word_rows[sentence, position + 2] = rows
        gaz = np.full((len(sentences), width + 2), len(_GAZ_TAGS), dtype=np.intp)  # no tag beyond either end
        gaz[sentence, position + 1] = codes
        shape = np.zeros((len(sentences), width), dtype=np.intp)
        shape[sentence, position] = shapes
        bigram = np.zeros((len(sentences), width), dtype=np.intp)  # position 0: no word before
        bigram[sentence, position] = bigrams
        bigram[:, 0] = 0
        table = self._word_weights
        scores = (
            table[0][word_rows[:, 2:-2]] + table[1][word_rows[:, :-4]] + table[2][word_rows[:, 1:-3]]
            + table[3][word_rows[:, 3:-1]] + table[4][word_rows[:, 4:]] + self._gaz_shape[shape]
            + self._gaz_before[gaz[:, :-2]] + self._gaz_after[gaz[:, 2:]] + self._bigram_weights[bigram]
        )
        ends = lengths - 1
        present = np.flatnonzero(lengths)
        scores[present, 0] += self._bos
        scores[present, ends[present]] += self._eos
        marginals = self._forward_backward(np.exp(scores), ends)
        return [marginals[s, :n] for s, n in enumerate(lengths.tolist())]

    def _forward_backward(self, potentials: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Normalised marginals for a batch of padded sentences (``potentials`` = exp(scores), shape (S, T, L)).
        Every ``_RESCALE_EVERY`` steps a row is rescaled to sum to one (scores stay far from float64's range in
        between); the scale factors cancel when a token's marginals are normalised."""
        width = potentials.shape[1]
        transitions = self._exp_transitions
        alpha = np.empty_like(potentials)
        beta = np.empty_like(potentials)
        forward = potentials[:, 0] / potentials[:, 0].sum(axis=1, keepdims=True)
        alpha[:, 0] = forward
        for t in range(1, width):
            forward = np.multiply(forward @ transitions, potentials[:, t], out=alpha[:, t])
            if t % _RESCALE_EVERY == 0:
                forward /= forward.sum(axis=1, keepdims=True)
        order = np.argsort(-ends, kind="stable")  # longest first: the sentences still open at t are a prefix
        # ones at and past each sentence's last token: nothing follows it
        potentials, beta_sorted, ends_sorted = potentials[order], np.ones_like(potentials), ends[order]
        backward = beta_sorted[:, width - 1]
        for t in range(width - 2, -1, -1):
            open_rows = int(np.searchsorted(-ends_sorted, -t, side="left"))  # rows whose last token is after t
            if open_rows == 0:
                continue
            step = (backward[:open_rows] * potentials[:open_rows, t + 1]) @ transitions.T
            if t % _RESCALE_EVERY == 0:
                step /= step.sum(axis=1, keepdims=True)
            beta_sorted[:open_rows, t] = step
            backward = beta_sorted[:, t]
        beta[order] = beta_sorted
        marginals = alpha * beta
        return marginals / marginals.sum(axis=2, keepdims=True)

    def decode_spans(
        self, sentences: Sequence[tuple[Sequence[str], Sequence[str]]], o_threshold: float
    ) -> list[tuple[list[tuple[int, int]], list[float]]]:
        """Per sentence (words, gazetteer tags): Knowledge spans by marginal decoding (a token is Knowledge when
        P(O) < ``o_threshold``; a span continues while P(I) > P(B)), and P(Knowledge) per token. Trades precision
        for recall against Viterbi."""
        out: list[tuple[list[tuple[int, int]], list[float]]] = []
        for marginals in self.marginals(sentences):
            outside, begin, inside = (marginals.T.tolist() if len(marginals) else ([], [], []))
            spans: list[tuple[int, int]] = []
            start: int | None = None
            for index, p_o in enumerate(outside):
                if p_o >= o_threshold:
                    if start is not None:
                        spans.append((start, index))
                        start = None
                elif start is None or begin[index] >= inside[index]:
                    if start is not None:
                        spans.append((start, index))
                    start = index
            if start is not None:
                spans.append((start, len(outside)))
            out.append((spans, [1.0 - p_o for p_o in outside]))
        return out
