"""Fast matching of many small regex cues over page text: one Aho-Corasick pass, few or no regex runs.

Most cues are finite phrase sets written as regexes (``\\b(?:our|for) clients\\b``). Those are expanded into
their literal phrases (with word-boundary flags) and matched purely by the automaton. The others get their
required literals as anchors, and their regex runs only in short windows around the anchors' occurrences.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick

MAX_PHRASES = 200
WINDOW = 160  # characters around an anchor occurrence that a match can span
MAX_WINDOWS = 12


class _NotFinite(ValueError):
    """The pattern uses constructs the literal expander does not handle."""


def split_top(pattern: str) -> list[str]:
    """Top-level alternatives of a regex (``a|(?:b|c)d`` → ``["a", "(?:b|c)d"]``)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _closing(pattern: str, i: int) -> int:
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i
        i += 1
    raise _NotFinite(pattern)


def _expand_sequence(pattern: str) -> list[str]:
    """All strings a boundary-free, finite regex matches (literals, classes, ``(?:…)`` groups, ``?``)."""
    items: list[list[str]] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1]
            if nxt.isalnum():
                raise _NotFinite(pattern)  # \b inside, \d, \w, \s ...
            items.append([nxt])
            i += 2
        elif c == "(":
            if not pattern.startswith("(?:", i):
                raise _NotFinite(pattern)
            end = _closing(pattern, i)
            items.append([s for alt in split_top(pattern[i + 3:end]) for s in _expand_sequence(alt)])
            i = end + 1
        elif c == "[":
            end = pattern.index("]", i)
            chars = pattern[i + 1:end]
            if chars.startswith("^") or re.search(r".-.", chars) or "\\" in chars:
                raise _NotFinite(pattern)
            items.append(list(chars))
            i = end + 1
        elif c == "?":
            if not items:
                raise _NotFinite(pattern)
            items[-1] = [*items[-1], ""]
            i += 1
        elif c in "*+{.^$|)":
            raise _NotFinite(pattern)
        else:
            items.append([c])
            i += 1
        if len(items) > 80:
            raise _NotFinite(pattern)
    count = 1
    for item in items:
        count *= len(item)
        if count > MAX_PHRASES:
            raise _NotFinite(pattern)
    return ["".join(p) for p in itertools.product(*items)]


def expand(pattern: str) -> list[tuple[str, bool, bool]] | None:
    """``[(phrase, boundary before, boundary after)]`` equivalent to ``pattern``, or None if not finite."""
    phrases: list[tuple[str, bool, bool]] = []
    try:
        for alternative in split_top(pattern):
            before = alternative.startswith(r"\b")
            after = alternative.endswith(r"\b") and not alternative.endswith(r"\\b")
            core = alternative[2 if before else 0: len(alternative) - (2 if after else 0)]
            if after and core.endswith(r"\w*"):  # "werbe\w*\b": any word starting with the phrase
                core, after = core[:-3], False
            phrases += [(p, before, after) for p in _expand_sequence(core) if p]
    except (_NotFinite, ValueError, IndexError):
        return None
    return phrases if len(phrases) <= MAX_PHRASES else None


def required_literal(alternative: str) -> str | None:
    """The longest literal every match of ``alternative`` must contain (outside groups), or None."""
    runs, current, depth, i = [], "", 0, 0
    while i < len(alternative):
        c = alternative[i]
        if c == "\\" or c in "()[|.^$+":
            runs.append(current)
            current = ""
            if c == "\\":
                i += 2
                continue
            if c == "[":
                i = alternative.index("]", i)
            depth += (c == "(") - (c == ")")
        elif c in "?*{":
            runs.append(current[:-1])  # the previous character is optional
            current = ""
            if c == "{":
                i = alternative.index("}", i)
        elif depth == 0:
            current += c
        i += 1
    runs.append(current)
    best = max((r.strip() for r in runs), key=len, default="")
    return best if len(best) >= 3 else None


@dataclass
class _Cue:
    category: str
    label: str
    regex: re.Pattern[str]
    phrases: list[tuple[str, bool, bool]] | None  # literal expansion, when the pattern is finite
    anchors: tuple[str, ...] | None  # required literals otherwise (None: always run the regex)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class CueMatcher:
    """Finds which labelled cues occur in a text."""

    def __init__(self, cues: Iterable[tuple[str, str, str]], explicit_anchors: Mapping[str, tuple[str, ...]]) -> None:
        self.cues: list[_Cue] = []
        literals: dict[str, int] = {}
        # literal index → [(cue index, boundary before, boundary after, is an anchor rather than a phrase)]
        self._routes: list[list[tuple[int, bool, bool, bool]]] = []

        def literal_id(text: str) -> int:
            if text not in literals:
                literals[text] = len(literals)
                self._routes.append([])
            return literals[text]

        explicitly_anchored: set[str] = set()
        for category, label, pattern in cues:
            phrases = expand(pattern)
            anchors: tuple[str, ...] | None = None
            if phrases is None and label in explicit_anchors:
                if label in explicitly_anchored:
                    # the anchors were written for one pattern: another one's matches would be missed
                    raise ValueError(f"cue {label!r}: explicit anchors, but more than one pattern is not a finite "
                                     f"phrase set; make the others finite or give them their own label")
                explicitly_anchored.add(label)
            if phrases is None:
                found = [required_literal(alt) for alt in split_top(pattern)]
                anchors = explicit_anchors.get(label) or (
                    None if None in found else tuple(dict.fromkeys(a for a in found if a)))
            cue = _Cue(category, label, re.compile(pattern), phrases, anchors)
            index = len(self.cues)
            self.cues.append(cue)
            for phrase, before, after in phrases or ():
                self._routes[literal_id(phrase)].append((index, before, after, False))
            for anchor in anchors or ():
                self._routes[literal_id(anchor)].append((index, False, False, True))
        self._always = [i for i, cue in enumerate(self.cues) if cue.phrases is None and cue.anchors is None]
        self._automaton = AhoCorasick(list(literals))

    def find(self, text: str) -> dict[str, set[str]]:
        matched: set[int] = set()
        anchor_hits: dict[int, list[int]] = {}
        size = len(text)
        for literal, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            for cue_index, before, after, is_anchor in self._routes[literal]:
                if cue_index in matched:
                    continue
                if is_anchor:
                    anchor_hits.setdefault(cue_index, []).append(start)
                elif (not before or start == 0 or not _is_word(text[start - 1])) and \
                        (not after or end >= size or not _is_word(text[end])):
                    matched.add(cue_index)
        for cue_index, positions in anchor_hits.items():
            if cue_index not in matched and self._regex_near(self.cues[cue_index].regex, text, positions):
                matched.add(cue_index)
        for cue_index in self._always:
            if self.cues[cue_index].regex.search(text):
                matched.add(cue_index)
        found: dict[str, set[str]] = {}
        for cue_index in matched:
            cue = self.cues[cue_index]
            found.setdefault(cue.category, set()).add(cue.label)
        return found

    @staticmethod
    def _regex_near(regex: re.Pattern[str], text: str, positions: list[int]) -> bool:
        if len(positions) > MAX_WINDOWS:
            return regex.search(text) is not None
        return any(regex.search(text, max(0, at - WINDOW), at + WINDOW) for at in positions)
