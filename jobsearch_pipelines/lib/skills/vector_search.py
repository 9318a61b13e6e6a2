"""Vector search over the taxonomy: chunk the job text (never truncate), embed, cosine top-k per skill."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from jobsearch_pipelines.lib.skills.embeddings import Embedder
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry, Taxonomy
from jobsearch_pipelines.lib.skills.text import sentences

_WORDS = re.compile(r"\S+")


def chunk_text(text: str, max_words: int = 60, overlap: int = 10) -> list[str]:
    """Chunks covering the whole text (never truncated): whole sentences packed up to ``max_words`` words; a longer
    sentence is cut into windows of ``max_words`` overlapping by ``overlap`` words."""
    if max_words <= overlap:
        raise ValueError("max_words: must be larger than overlap")
    chunks: list[str] = []
    current: list[str] = []
    for start, end in sentences(text):
        words = _WORDS.findall(text[start:end])
        if len(words) > max_words:
            if current:
                chunks.append(" ".join(current))
                current = []
            step = max_words - overlap
            for first in range(0, len(words), step):
                chunks.append(" ".join(words[first : first + max_words]))
                if first + max_words >= len(words):
                    break
            continue
        if current and len(current) + len(words) > max_words:
            chunks.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        chunks.append(" ".join(current))
    return chunks


@dataclass(frozen=True, slots=True)
class Candidate:
    skill: SkillEntry
    score: float


class TaxonomyIndex:
    """The taxonomy's document vectors (embedded once, through the embedder's cache) and cosine top-k."""

    def __init__(self, taxonomy: Taxonomy, embedder: Embedder) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self._matrix: np.ndarray | None = None

    @property
    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = self.embedder.embed([s.document() for s in self.taxonomy.skills])
        return self._matrix

    def top_k(self, text: str, k: int = 50, min_score: float = 0.0) -> list[Candidate]:
        """Skills ranked by their best cosine similarity to any chunk of ``text``; only scores > ``min_score``."""
        chunks = chunk_text(text)
        if not chunks:
            return []
        vectors = self.embedder.embed(chunks)
        scores = (vectors @ self.matrix.T).max(axis=0)
        order = np.argsort(-scores)[:k]
        return [Candidate(self.taxonomy.skills[i], float(scores[i])) for i in order if scores[i] > min_score]
