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
    """An index from the first token of every alias to the aliases starting with it, longest first."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        index: dict[str, list[tuple[tuple[str, ...], list[tuple[SkillEntry, Alias]]]]] = {}
        grouped: dict[tuple[str, ...], list[tuple[SkillEntry, Alias]]] = {}
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                grouped.setdefault(alias.tokens, []).append((skill, alias))
        for tokens, owners in grouped.items():
            index.setdefault(tokens[0], []).append((tokens, owners))
        for entries in index.values():
            entries.sort(key=lambda item: -len(item[0]))
        self._index = index
        self._first_tokens = frozenset(index)
        self.taxonomy = taxonomy

    def match(self, words: Sequence[str], lowered: Sequence[str] | None = None) -> list[GazetteerMatch]:
        """Leftmost-longest, non-overlapping matches; aliases with a fixed casing must match it exactly."""
        lower = lowered if lowered is not None else [w.lower() for w in words]
        if self._first_tokens.isdisjoint(lower):
            return []
        n = len(lower)
        out: list[GazetteerMatch] = []
        index = self._index
        first = self._first_tokens
        next_free = 0
        for i in [i for i, word in enumerate(lower) if word in first]:
            if i < next_free:
                continue
            for tokens, owners in index[lower[i]]:
                size = len(tokens)
                # second token first: most aliases sharing a first word ("microsoft ...") already differ there
                if size > 1 and (i + size > n or lower[i + 1] != tokens[1] or tuple(lower[i : i + size]) != tokens):
                    continue
                accepted = [
                    (skill, alias)
                    for skill, alias in owners
                    if alias.exact is None or " ".join(words[i : i + size]) == alias.exact
                ]
                if not accepted:
                    continue
                for skill, alias in accepted:
                    out.append(GazetteerMatch(i, i + size, skill, alias))
                next_free = i + size
                break
        return out


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
