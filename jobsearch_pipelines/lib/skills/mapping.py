"""Map a span the tagger found to a canonical taxonomy skill: by alias first, then by vector search.

1. **Alias**: the span's normalised surface form, then the same without leading qualifiers ("strong", "experience
   with") and trailing generic nouns ("programming", "framework", "skills"), looked up among the taxonomy's aliases.
2. **Vector search**: the surface form embedded and compared (cosine) with every alias of every skill; the best skill
   is taken when its similarity reaches ``threshold`` (chosen on held-out aliases, see ``mapping_eval``).
3. Otherwise the span stays unmapped (``canonical`` None) and is stored as a candidate for the taxonomy.

Lookups are cached per surface form (postings repeat the same phrases), so each distinct form is embedded once.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from jobsearch_pipelines.lib.skills.embeddings import Embedder
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry, Taxonomy, alias_tokens
from jobsearch_pipelines.lib.skills.text import word_list

_LEADING = frozenset(
    word_list(
        "strong solid good great excellent advanced basic deep proven working hands-on modern expert expertise "
        "experience experienced knowledge proficiency proficient familiarity familiar skills skilled understanding "
        "in with of using on the a an and any some our your their relevant practical professional extensive"
    )
)
# Vendors written in front of a product the taxonomy names alone ("HashiCorp Consul" is Consul).
_VENDORS = frozenset(
    word_list(
        "adobe amazon amd apache arm atlassian autodesk aws azure cisco elastic google hashicorp ibm intel jetbrains "
        "microsoft ni nordic nvidia nxp oracle redhat salesforce sap siemens vmware zendesk"
    )
)
_TRAILING = frozenset(
    word_list(
        "programming language languages framework frameworks development experience skills skill knowledge library "
        "libraries tools tool tooling platform platforms ecosystem stack environment environments technologies "
        "technology services service concepts principles expertise proficiency scripting applications application "
        "database databases cluster clusters workflow workflows module modules job jobs pipeline pipelines script "
        "scripts query queries app apps code codebase codebases project projects solutions systems system "
        "infrastructure deployments development"
    )
)
_EDGE_PUNCT = re.compile(r"^[^\w.#+]+|[^\w#+]+$")
_SPACES = re.compile(r"\s+")
CACHE_SIZE = 50_000
INDEX_CHUNK = 4096  # aliases embedded at a time when the index is built sparse


@lru_cache(maxsize=CACHE_SIZE)  # a posting's skills recur across postings; the edge pattern scans from the end
def normalise_surface(text: str) -> str:
    """Lowercase, single spaces, no punctuation at the edges: the key unmapped spans are grouped by."""
    return _EDGE_PUNCT.sub("", _SPACES.sub(" ", text.strip().lower()))


@dataclass(frozen=True, slots=True)
class Mapping:
    skill: SkillEntry | None
    how: str | None  # "alias", "vector" or None
    score: float


_NONE = Mapping(None, None, 0.0)


class SpanMapper:
    """Alias lookup, then vector search over the taxonomy's aliases with a similarity threshold."""

    def __init__(self, taxonomy: Taxonomy, embedder: Embedder | None = None, threshold: float = 0.8) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.threshold = threshold
        self._by_alias: dict[tuple[str, ...], SkillEntry] = {}
        # after a vendor's name any alias will do: the vendor is context enough ("HashiCorp Consul")
        self._after_vendor: dict[tuple[str, ...], SkillEntry] = {}
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                if alias.exact is None and not alias.ambiguous:
                    self._by_alias.setdefault(alias.tokens, skill)
                if alias.exact is None:
                    self._after_vendor.setdefault(alias.tokens, skill)
        self._cache: OrderedDict[str, Mapping] = OrderedDict()
        self._matrix: np.ndarray | sparse.csr_array | None = None
        self._owners: list[int] = []
        self._alias_texts: list[str] = []
        # Character n-grams see spelling, not meaning: their nearest alias must also look like the span.
        self._lexical = embedder is not None and embedder.model_name.startswith("hashed")

    @property
    def model_name(self) -> str:
        return self.embedder.model_name if self.embedder is not None else "none"

    def _index(self) -> np.ndarray | sparse.csr_array:
        """Alias vectors as columns (dimensions x aliases), embedded once. Character n-gram vectors touch about 31
        of 512 dimensions, so theirs is kept sparse: 8x less memory and 5-8x faster scoring (``bench/skills.py``)."""
        if self._matrix is None:
            assert self.embedder is not None
            texts: list[str] = []
            for position, skill in enumerate(self.taxonomy.skills):
                for alias in skill.aliases:
                    if not alias.ambiguous:
                        texts.append(alias.text)
                        self._owners.append(position)
            self._alias_texts = texts
            if self._lexical:
                chunks = [
                    sparse.csr_array(self.embedder.embed(texts[start : start + INDEX_CHUNK]))
                    for start in range(0, len(texts), INDEX_CHUNK)
                ]
                self._matrix = sparse.csr_array(sparse.vstack(chunks).T)
            else:
                self._matrix = self.embedder.embed(texts).T
        return self._matrix

    def by_alias(self, surface: str) -> SkillEntry | None:
        """The skill one of whose aliases the surface is, also after dropping qualifiers in front ("strong",
        "experience with") and generic nouns behind ("programming", "clusters"), one word at a time, or a vendor's
        name in front ("HashiCorp Consul")."""
        tokens = list(alias_tokens(surface))
        skill = self._by_alias.get(tuple(tokens))
        if skill is None and "-" in surface:  # "google-cloud-platform" is one token, the alias three
            tokens = list(alias_tokens(surface.replace("-", " ")))
            skill = self._by_alias.get(tuple(tokens))
        while skill is None and len(tokens) > 1 and tokens[0] in _LEADING:
            tokens.pop(0)
            skill = self._by_alias.get(tuple(tokens))
        vendor = len(tokens) > 1 and tokens[0] in _VENDORS
        if skill is None and vendor:  # "HashiCorp Consul", "Microsoft Dynamics 365 Field Service" (a trailing noun too)
            skill = self._after_vendor.get(tuple(tokens[1:]))
        while skill is None and len(tokens) > 1 and tokens[-1] in _TRAILING:
            tokens.pop()
            skill = self._by_alias.get(tuple(tokens))
            if skill is None and vendor and len(tokens) > 1:
                skill = self._after_vendor.get(tuple(tokens[1:]))  # "VMware vCenter Server"
        return skill

    def map_many(self, surfaces: Sequence[str]) -> list[Mapping]:
        """One mapping per surface form (normalised); vector search runs once for all the uncached ones."""
        keys = [normalise_surface(s) for s in surfaces]
        todo: list[str] = []
        for key in dict.fromkeys(keys):
            if key in self._cache:
                self._cache.move_to_end(key)
                continue
            skill = self.by_alias(key) if key else None
            if skill is not None:
                self._remember(key, Mapping(skill, "alias", 1.0))
            elif key and self.embedder is not None:
                todo.append(key)
            else:
                self._remember(key, _NONE)
        if todo:
            matrix = self._index()
            scores = self.embedder.embed(todo) @ matrix  # type: ignore[union-attr]
            for row, key in enumerate(todo):
                best = int(np.argmax(scores[row]))
                score = float(scores[row, best])
                skill = self.taxonomy.skills[self._owners[best]]
                close = score >= self.threshold and (not self._lexical or _looks_alike(key, self._alias_texts[best]))
                self._remember(key, Mapping(skill, "vector", score) if close else _NONE)
        return [self._cache[key] for key in keys]

    def _remember(self, key: str, mapping: Mapping) -> None:
        self._cache[key] = mapping
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)


def _looks_alike(surface: str, alias: str) -> bool:
    """A spelling variant: same first three letters (ignoring punctuation and spaces), similar length, and not the
    first words of a longer name ("dynamics" of "Dynamics AX" in "fluid dynamics": a partial name names nothing)."""
    words, alias_words = alias_tokens(surface), alias_tokens(alias)
    if len(alias_words) > len(words) and alias_words[: len(words)] == words:
        return False
    a = re.sub(r"[^a-z0-9+#]", "", surface.lower())
    b = re.sub(r"[^a-z0-9+#]", "", alias.lower())
    parts = [p for p in re.split(r"[^a-z0-9+#]+", alias.lower()) if p]
    if len(parts) > 1 and a == parts[0]:
        return False  # "event" is the first part of "Event-B", no spelling of it
    return bool(a) and bool(b) and a[:3] == b[:3] and 0.7 <= len(a) / len(b) <= 1 / 0.7
