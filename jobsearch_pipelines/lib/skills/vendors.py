"""A vendor's services by their short names in the vendor's context.

Postings write "AWS (S3, Lambda, Glue, IAM)", "Google Cloud Platform (GKE, Cloud Storage)" or "Firebase
(Crashlytics, Remote Config, Cloud Messaging)". The taxonomy names those services in full (AWS Lambda, Google Cloud
Storage, Firebase Cloud Messaging), and their short names are ordinary words or belong to other skills: "IAM" is
also the competency, and "Run" and "Storage" are plain English.

A skill named "<vendor> <short>" is found by its short name when two things hold:

* the vendor is named earlier in the same sentence, at most ``VENDOR_REACH`` tokens before (or after, for an acronym
  or a slashed name: "Kafka on MSK, EKS on AWS");
* the short name is written in the skill name's own casing ("Lambda", "Run"), or capitalised when it comes from an
  alias ("firebase auth": "Firebase (Firestore, Auth)").

The casing keeps "we run on Google Cloud" out. A short name that is also the alias of a curated technology is left to
that technology; one that only a generated entry owns ("VPC", from Stack Overflow's tag) means the vendor's service
after the vendor ("AWS (EKS, IAM, VPC)" is Amazon VPC).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from jobsearch_pipelines.lib.skills.gazetteer import GazetteerMatch
from jobsearch_pipelines.lib.skills.taxonomy import Alias, SkillEntry, Taxonomy, alias_tokens
from jobsearch_pipelines.lib.skills.text import tokenize

# A vendor as written (one lowercase token) -> the name prefixes of the services it licenses.
VENDOR_CUES: dict[str, tuple[str, ...]] = {
    "aws": ("aws", "amazon"),
    "amazon": ("amazon", "aws"),
    # a service only one cloud sells makes a sentence that cloud's: "Lambda, DynamoDB, Kinesis and IAM knowledge"
    **dict.fromkeys(("dynamodb", "kinesis", "cloudformation", "cloudwatch", "sagemaker", "redshift", "eks", "ecs",
                     "fargate", "s3", "sqs", "sns"), ("aws", "amazon")),
    **dict.fromkeys(("bigquery", "gke", "dataproc", "vertex"), ("google cloud", "google")),
    "gcp": ("google cloud", "google"),
    "google": ("google cloud", "google"),
    "azure": ("azure", "microsoft azure"),
    "firebase": ("firebase",),
    "oracle": ("oracle",),
    "sap": ("sap",),
    "salesforce": ("salesforce",),
    "sfmc": ("salesforce",),
    # Salesforce's own languages make a Salesforce sentence: "with Apex, Lightning Web Components and Flow"
    "apex": ("salesforce",),
    "soql": ("salesforce",),
    "lwc": ("salesforce",),
    "visualforce": ("salesforce",),
    "workday": ("workday",),
    "uipath": ("uipath",),
    "microsoft": ("microsoft",),  # "Microsoft 365 tenant (Intune, Exchange Online, Teams, SharePoint)"
    "m365": ("microsoft",),
    "grafana": ("grafana",),  # "Grafana, Mimir (metrics), Loki (logs), Tempo (traces)"
    "servicenow": ("servicenow",),  # "ServiceNow Developer (ITSM / ITOM)", "ServiceNow: CMDB, Discovery"
    "kotlin": ("kotlin",),
    "coroutines": ("kotlin",),  # "Coroutines + Flow", "Kotlin Coroutines and Flow"
    "spring": ("spring",),  # "Spring (Boot, Data JPA, Security)"
}
VENDOR_REACH = 12
# Platforms a posting can be about as a whole: named in its title ("ServiceNow Developer (ITSM & ITOM)"), they license
# their short names ("CMDB", "Service Mapping", "Flow") in every sentence of the posting.
PLATFORM_VENDORS = frozenset(("servicenow", "salesforce", "sfmc", "workday"))
_CUE_PREFIXES = {cue: [alias_tokens(p) for p in prefixes] for cue, prefixes in VENDOR_CUES.items()}
_CUE_WORDS = frozenset(_CUE_PREFIXES)
_MAX_SHORT_TOKENS = 4
_CATEGORY_NOUNS = frozenset(("tool", "tools", "platform", "platforms", "process", "processes", "system", "systems",
                             "practices", "framework", "frameworks", "solution", "solutions"))


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
        # prefix -> short name -> (skill, the short name's casing; None: any capitalised form)
        self._shorts: dict[tuple[str, ...], dict[tuple[str, ...], tuple[SkillEntry, str | None]]] = {}
        for skill in taxonomy.skills:
            if skill.kind != "technology":
                continue
            words = [t.text for t in tokenize(skill.name)]
            lower = tuple(w.lower() for w in words)
            # the name's own casing ("Lambda"); then aliases, written in lower case, capitalised ("firebase auth":
            # "Firebase (Firestore, Auth)")
            forms = [(lower, words)] + [(alias.tokens, None) for alias in skill.aliases if alias.tokens != lower]
            for tokens, cased in forms:
                for prefix in prefixes:
                    short = tokens[len(prefix) :]
                    if tokens[: len(prefix)] != prefix or not short or len(short) > _MAX_SHORT_TOKENS:
                        continue
                    if short in curated_aliases or not any(ch.isalpha() for ch in "".join(short)):
                        continue  # already found by its alias, or a version number
                    casing = " ".join(cased[len(prefix) :]) if cased is not None else None
                    if casing is None and len("".join(short)) < 3:
                        continue  # "GL", "AP" from "oracle gl", "oracle ap": too short to read without their casing
                    self._shorts.setdefault(prefix, {}).setdefault(short, (skill, casing))
        # a skill -> its parent's name as tokens, where the parent is a product of a platform in turn ("Azure Repos"
        # -> ("azure", "devops"); not "Firebase Authentication" -> Firebase: postings list Firebase's services)
        self._parent_tokens: dict[str, tuple[str, ...]] = {}
        for skill in taxonomy.skills:
            parent = taxonomy.by_slug(skill.parent) if skill.parent else None
            if parent is not None and parent.parent is not None:
                self._parent_tokens[skill.slug] = alias_tokens(parent.name)

    def match(
        self, words: Sequence[str], lower: Sequence[str], platforms: Collection[str] = ()
    ) -> list[GazetteerMatch]:
        """Short names near a vendor cue in this sentence, or anywhere when ``platforms`` (``PLATFORM_VENDORS`` the
        posting's title names) license them; leftmost-longest, non-overlapping."""
        if _CUE_WORDS.isdisjoint(lower) and not platforms:
            return []  # most sentences name no vendor
        n = len(lower)
        licensed: dict[int, list[tuple[str, ...]]] = {}  # token position -> prefixes licensed there
        after: set[int] = set()  # positions after a cue; the others only "MSK" in "Kafka on MSK, EKS on AWS"
        by_platform = set(range(n)) if platforms else set()  # positions only the title's platform licenses
        for cue in platforms:
            for j in range(n):
                licensed.setdefault(j, []).extend(_CUE_PREFIXES[cue])
                after.add(j)
        for i, word in enumerate(lower):
            prefixes = _CUE_PREFIXES.get(word)
            if prefixes is not None:
                for j in range(max(0, i - VENDOR_REACH), min(n, i + 1 + VENDOR_REACH)):
                    by_platform.discard(j)
                    if j != i:
                        licensed.setdefault(j, []).extend(prefixes)
                    if j > i:
                        after.add(j)
        out: list[GazetteerMatch] = []
        next_free = 0
        for j in sorted(licensed):
            if j < next_free:
                continue
            if j > 0 and words[j - 1][:1].isupper() and lower[j - 1] not in _CUE_WORDS:
                continue  # part of another name: "Entra ID (Conditional Access)" is no Microsoft Access
            found = self._longest(words, lower, j, licensed[j], acronyms_only=j not in after)
            if found is not None and j in by_platform and found.end - found.start == 1 and not _acronym(
                    words[j]) and (j == 0 or not lower[j - 1].isalnum()):
                continue  # licensed by the title alone, a capitalised word opening a sentence or item is a word
            if found is not None and self._a_part_of_its_parent(lower, j, found.skill):
                continue  # "Azure DevOps (Repos, Pipelines, Boards)": the parts of the product named before
            if found is not None:
                out.append(found)
                next_free = found.end
        return out

    def _a_part_of_its_parent(self, lower: Sequence[str], position: int, skill: SkillEntry) -> bool:
        """The short name stands in parentheses right after its parent product ("Azure DevOps (Repos, Boards)"):
        a part of that product as postings list it, not a skill of its own."""
        parent = self._parent_tokens.get(skill.slug)
        if parent is None:
            return False
        opening = next((i for i in range(position - 1, -1, -1) if lower[i] in {"(", ")"}), None)
        return (opening is not None and lower[opening] == "(" and position - opening <= 2 * VENDOR_REACH
                and tuple(lower[max(0, opening - len(parent)) : opening]) == parent)

    def _longest(
        self, words: Sequence[str], lower: Sequence[str], start: int, prefixes: list[tuple[str, ...]],
        acronyms_only: bool = False,
    ) -> GazetteerMatch | None:
        for size in range(min(_MAX_SHORT_TOKENS, len(lower) - start), 0, -1):
            tokens = tuple(lower[start : start + size])
            surface = " ".join(words[start : start + size])
            if acronyms_only and not _acronym(surface):
                continue  # before the vendor only "MSK", "GCS", "Pub/Sub": "Run our services on Google Cloud" is a verb
            if lower[start + size : start + size + 1] and lower[start + size] in _CATEGORY_NOUNS:
                continue  # "an ITSM tool (ServiceNow preferred)": the category, not the vendor's product
            full = (lower[start - 1], *tokens) if start > 0 else ()
            for prefix in prefixes:
                entry = self._shorts.get(prefix, {}).get(tokens)
                if entry is None:
                    continue
                skill, casing = entry
                if any(a.tokens == full and not a.ambiguous for a in skill.aliases):
                    continue  # "Grafana Cloud" in full: its alias finds it (an ambiguous one needs this vendor cue)
                if surface == casing or (casing is None and surface[:1].isupper()):
                    return GazetteerMatch(start, start + size, skill, Alias(surface, tokens, exact=surface))
        return None


def _acronym(surface: str) -> bool:
    """An upper-case or slashed short name ("MSK", "GCS", "Pub/Sub"), which no sentence uses as an ordinary word."""
    return (surface.isupper() and len(surface) >= 2) or "/" in surface
