"""A vendor's services by their short names in the vendor's context.

Postings write "AWS (S3, Lambda, Glue, IAM)", "Google Cloud Platform (GKE, Cloud Storage)" or "Firebase
(Crashlytics, Remote Config, Cloud Messaging)". The taxonomy names those services in full (AWS Lambda, Google Cloud
Storage, Firebase Cloud Messaging), and their short names are ordinary words or belong to other skills: "IAM" is
also the competency, and "Run" and "Storage" are plain English.

A skill named "<vendor> <short>" is found by its short name when two things hold:

* the vendor is named earlier in the same sentence, at most ``VENDOR_REACH`` tokens before;
* the short name is written in the skill name's own casing ("Lambda", "Run").

The casing keeps "we run on Google Cloud" out. A short name that is also the alias of a curated technology is left to
that technology; one that only a generated entry owns ("VPC", from Stack Overflow's tag) means the vendor's service
after the vendor ("AWS (EKS, IAM, VPC)" is Amazon VPC).
"""

from __future__ import annotations

from collections.abc import Sequence

from jobsearch_pipelines.lib.skills.gazetteer import GazetteerMatch
from jobsearch_pipelines.lib.skills.taxonomy import Alias, SkillEntry, Taxonomy, alias_tokens
from jobsearch_pipelines.lib.skills.text import tokenize

# A vendor as written (one lowercase token) -> the name prefixes of the services it licenses.
VENDOR_CUES: dict[str, tuple[str, ...]] = {
    "aws": ("aws", "amazon"),
    "amazon": ("amazon", "aws"),
    "gcp": ("google cloud", "google"),
    "google": ("google cloud", "google"),
    "azure": ("azure", "microsoft azure"),
    "firebase": ("firebase",),
    "oracle": ("oracle",),
    "sap": ("sap",),
    "salesforce": ("salesforce",),
    "sfmc": ("salesforce",),
    "workday": ("workday",),
    "uipath": ("uipath",),
    "kotlin": ("kotlin",),
    "coroutines": ("kotlin",),  # "Coroutines + Flow", "Kotlin Coroutines and Flow"
}
VENDOR_REACH = 12
_CUE_PREFIXES = {cue: [alias_tokens(p) for p in prefixes] for cue, prefixes in VENDOR_CUES.items()}
_CUE_WORDS = frozenset(_CUE_PREFIXES)
_MAX_SHORT_TOKENS = 4


class VendorShortNames:
    """Short names of vendor-prefixed technologies, indexed by prefix."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        curated_aliases = {  # a generated skill's alias ("VPC") yields to the vendor's service (Amazon VPC)
            alias.tokens
            for skill in taxonomy.skills
            if skill.kind == "technology" and not skill.generated
            for alias in skill.aliases
        }
        prefixes = {alias_tokens(p) for licensed in VENDOR_CUES.values() for p in licensed}
        self._shorts: dict[tuple[str, ...], dict[tuple[str, ...], tuple[SkillEntry, str]]] = {}
        for skill in taxonomy.skills:
            if skill.kind != "technology":
                continue
            words = [t.text for t in tokenize(skill.name)]
            lower = tuple(w.lower() for w in words)
            for prefix in prefixes:
                short = lower[len(prefix) :]
                if lower[: len(prefix)] != prefix or not short or len(short) > _MAX_SHORT_TOKENS:
                    continue
                if short in curated_aliases or not any(ch.isalpha() for ch in "".join(short)):
                    continue  # already found by its alias, or a version number
                self._shorts.setdefault(prefix, {})[short] = (skill, " ".join(words[len(prefix) :]))

    def match(self, words: Sequence[str], lower: Sequence[str]) -> list[GazetteerMatch]:
        """Short names after a vendor cue in this sentence, leftmost-longest, non-overlapping."""
        if _CUE_WORDS.isdisjoint(lower):
            return []  # most sentences name no vendor
        n = len(lower)
        licensed: dict[int, list[tuple[str, ...]]] = {}  # token position -> prefixes licensed there
        for i, word in enumerate(lower):
            prefixes = _CUE_PREFIXES.get(word)
            if prefixes is not None:
                for j in range(i + 1, min(n, i + 1 + VENDOR_REACH)):
                    licensed.setdefault(j, []).extend(prefixes)
        out: list[GazetteerMatch] = []
        next_free = 0
        for j in sorted(licensed):
            if j < next_free:
                continue
            found = self._longest(words, lower, j, licensed[j])
            if found is not None:
                out.append(found)
                next_free = found.end
        return out

    def _longest(
        self, words: Sequence[str], lower: Sequence[str], start: int, prefixes: list[tuple[str, ...]]
    ) -> GazetteerMatch | None:
        for size in range(min(_MAX_SHORT_TOKENS, len(lower) - start), 0, -1):
            tokens = tuple(lower[start : start + size])
            for prefix in prefixes:
                entry = self._shorts.get(prefix, {}).get(tokens)
                if entry is not None and " ".join(words[start : start + size]) == entry[1]:
                    skill, casing = entry
                    return GazetteerMatch(start, start + size, skill, Alias(casing, tokens, exact=casing))
        return None
