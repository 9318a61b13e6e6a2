"""Text relevance of jobs to a profile's words: BM25 (``bm25s``) over the title, repeated ``TITLE_BOOST`` times so
a title hit outweighs a passing mention, and the start of the description.

The index is built once per ranking frame; a user's query (their skills and target roles) is scored against every
job with one sparse column sum. Scores are scaled by the user's best job, so 1.0 is "the best text match this user
has" and ``TEXT_FLOOR`` the least that counts as a match at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import bm25s
import numpy as np

TITLE_BOOST = 3
DESCRIPTION_CHARS = 1500  # the role and its requirements come first; boilerplate trails
TEXT_FLOOR = 0.15
# Words every role title has: they rank (an "Analyst" profile prefers analyst jobs) but cannot make a job
# relevant on their own ("Systems Analyst II" is no match for a "Compliance Analyst" profile).
GENERIC_ROLE_WORDS = frozenset({
    "analyst", "engineer", "engineering", "developer", "development", "manager", "management", "specialist", "lead",
    "senior", "junior", "associate", "consultant", "director", "head", "officer", "coordinator", "executive",
    "architect", "administrator", "assistant", "intern", "staff", "principal", "expert", "professional", "team",
    "software", "technical", "sr", "jr", "ii", "iii",
})


def _tokens(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords="english", return_ids=False, show_progress=False)  # type: ignore[return-value]


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""  # None and pandas' NaN: no text


class TextIndex:
    """BM25 over ``title x TITLE_BOOST + description[:DESCRIPTION_CHARS]`` of each job, in frame row order."""

    def __init__(self, titles: Sequence[str | None], descriptions: Sequence[str | None]) -> None:
        docs = [f"{_str(t)} " * TITLE_BOOST + _str(d)[:DESCRIPTION_CHARS]
                for t, d in zip(titles, descriptions, strict=True)]
        self.size = len(docs)
        self._bm25 = bm25s.BM25()
        if docs:
            self._bm25.index(bm25s.tokenize(docs, stopwords="english", show_progress=False), show_progress=False)
        self._vocab: dict[str, int] = dict(self._bm25.vocab_dict or {}) if docs else {}

    def query_tokens(self, phrases: Sequence[str]) -> list[str]:
        """The tokens of ``phrases`` that occur in some job (stop words and unknown words dropped)."""
        if not phrases:
            return []
        return list(dict.fromkeys(t for tokens in _tokens([" ".join(phrases)]) for t in tokens if t in self._vocab))

    def scores(self, phrases: Sequence[str], *, distinctive: bool = False) -> np.ndarray:
        """Each job's BM25 score for ``phrases`` scaled to [0, 1] by the best job (all zeros when nothing hits);
        ``distinctive``: without ``GENERIC_ROLE_WORDS``."""
        tokens = self.query_tokens(phrases)
        if distinctive:
            tokens = [t for t in tokens if t not in GENERIC_ROLE_WORDS]
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float64)
        raw = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        best = float(raw.max()) if raw.size else 0.0
        return raw / best if best > 0 else np.zeros(self.size, dtype=np.float64)


_NOT_WORD = re.compile(r"[^\w+#]+")


def words_of(text: str | None) -> str:
    """Lower-case words separated by single spaces, padded: the form ``phrase_in`` searches."""
    return f" {_NOT_WORD.sub(' ', (text or '').lower()).strip()} "


def phrase_in(phrase: str, text: str | None, *, prepared: bool = False) -> bool:
    """``phrase`` occurs in ``text`` as whole words, ignoring case and punctuation ("Backend Engineer" in
    "Senior Backend Engineer (Python)"); ``prepared``: ``text`` is already ``words_of(...)``."""
    needle = words_of(phrase)
    return needle.strip() != "" and bool(text) and needle in (text if prepared else words_of(text))
