"""Alias matching: longest-match lookup of taxonomy aliases over a token sequence (case-insensitive, whole tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jobsearch_pipelines.lib.skills.taxonomy import Alias, SkillEntry, Taxonomy


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """Tokens ``start:end`` spell ``alias`` of ``skill``."""

    start: int
    end: int
    skill: SkillEntry
    alias: Alias


class Gazetteer:
    """An index of every alias by its first token: the one-token alias, and the longer ones by their second token
    (longest first), so a common first word ("microsoft", "data") costs one lookup, not a scan of its aliases."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        grouped: dict[tuple[str, ...], list[tuple[SkillEntry, Alias]]] = {}
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                grouped.setdefault(alias.tokens, []).append((skill, alias))
        single: dict[str, list[tuple[SkillEntry, Alias]]] = {}
        longer: dict[tuple[str, str], list[tuple[tuple[str, ...], list[tuple[SkillEntry, Alias]]]]] = {}
        for tokens, owners in grouped.items():
            if len(tokens) == 1:
                single[tokens[0]] = owners
            else:
                longer.setdefault((tokens[0], tokens[1]), []).append((tokens, owners))
        for entries in longer.values():
            entries.sort(key=lambda item: -len(item[0]))
        self._single = single
        self._longer = longer
        self._first_tokens = frozenset(single) | frozenset(first for first, _ in longer)
        self.taxonomy = taxonomy

    def match(self, words: Sequence[str], lowered: Sequence[str] | None = None) -> list[GazetteerMatch]:
        """Leftmost-longest, non-overlapping matches; aliases with a fixed casing must match it exactly."""
        lower = lowered if lowered is not None else [w.lower() for w in words]
        if self._first_tokens.isdisjoint(lower):
            return []
        n = len(lower)
        out: list[GazetteerMatch] = []
        first = self._first_tokens
        longer = self._longer
        next_free = 0
        for i in [i for i, word in enumerate(lower) if word in first]:
            if i < next_free:
                continue
            size = 0
            if i + 1 < n:
                for tokens, owners in longer.get((lower[i], lower[i + 1]), ()):
                    size = len(tokens)
                    if i + size <= n and (size == 2 or tuple(lower[i : i + size]) == tokens):
                        size = self._add(out, words, i, size, owners)
                        if size:
                            break
                    size = 0
            if not size:
                owners = self._single.get(lower[i])
                size = self._add(out, words, i, 1, owners) if owners else 0
            if size:
                next_free = i + size
        return out

    @staticmethod
    def _add(
        out: list[GazetteerMatch], words: Sequence[str], i: int, size: int, owners: list[tuple[SkillEntry, Alias]]
    ) -> int:
        """Add the owners whose casing rule the text meets; ``size`` when some did, else 0."""
        added = 0
        for skill, alias in owners:
            if alias.exact is None or " ".join(words[i : i + size]) == alias.exact:
                out.append(GazetteerMatch(i, i + size, skill, alias))
                added = size
        return added


_KIND_LETTER = {"technology": "T", "competency": "C", "domain": "D", "spoken_language": "L", "certification": "R"}


def bio_tags(matches: Sequence[GazetteerMatch], length: int) -> list[str]:
    """Gazetteer matches as B/I/O tags with the skill's kind (T technology, C competency, D domain, L spoken
    language, R certification) and A for an ambiguous alias ("BT", "IC", "BTA"): a feature of the CRF."""
    tags = ["O"] * length
    for m in matches:
        suffix = _KIND_LETTER.get(m.skill.kind, "T") + ("A" if m.alias.ambiguous else "")
        tags[m.start] = "B" + suffix
        for index in range(m.start + 1, m.end):
            tags[index] = "I" + suffix
    return tags
