"""What a job title says about the role: its level ("Sr.", "Werkstudent", "University Grad"), its family
(backend, mobile, compliance ...) and a normalised form that identifies the same role posted twice.

Titles are short and formulaic, so word lists beat models here; every list is data in this module, tested both
ways in ``jobsearch_pipelines_tests/ranking/test_roles.py``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Level words, most junior first; the first family of patterns that matches decides. Ordinals match
# ``frame.SENIORITY_ORDER``: intern 0, junior 1, mid 2, senior 3, lead/staff 4, principal 5, director 6.
_LEVEL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("intern", r"intern|internship|praktikum|praktikant(?:in)?|pflichtpraktikum|werkstudent(?:in)?|"
               r"working student|student assistant|student worker|studentische hilfskraft|duales studium|"
               r"dualer? student(?:in)?|dual study|trainee|apprentice(?:ship)?|ausbildung|azubi|"
               r"auszubildende[rn]?|stagiaire|alternance|alternant|becari[oa]|pr[aá]cticas|tirocinio|stagista|"
               r"university grad(?:uate)?|new grad(?:uate)?|graduate program(?:me)?|graduate scheme|campus hire|"
               r"summer (?:analyst|associate)|co-?op"),
    ("junior", r"junior|jr\.?|entry[- ]level|graduate|associate engineer|associate developer|einsteiger(?:in)?"),
    ("director", r"director|head of|vp|vice president|chief|cto|cio|ciso|cfo"),
    ("principal", r"principal|distinguished|fellow"),
    ("lead", r"lead|staff|team lead|tech lead|teamleiter(?:in)?"),
    ("senior", r"senior|sr\.?|expert|experienced|erfahrene[rn]?"),
    ("mid", r"mid[- ]level|intermediate|medior|regular|ii"),
)
_LEVEL_RES = tuple((level, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I)) for level, words in _LEVEL_PATTERNS)
# "Software Engineer III" is senior, "II" mid, "I" junior (roman numerals at the end of a title).
_ROMAN_TAIL = re.compile(r"\b(i{1,3}|iv)\s*$", re.I)

# Role families by title words. A title may name several ("Backend / DevOps Engineer").
ROLE_FAMILIES: dict[str, str] = {
    "backend": r"back[- ]?end|server[- ]side|api engineer|platform engineer|python developer|java developer|"
               r"golang|go developer|ruby developer|php developer|node(?:\.js)? developer|\.net developer|"
               r"c# developer|django|rails developer|scala developer|rust developer|kotlin developer",
    "frontend": r"front[- ]?end|ui engineer|ui developer|web developer|react developer|angular developer|"
                r"vue(?:\.js)? developer|javascript developer|typescript developer",
    "fullstack": r"full[- ]?stack",
    "mobile": r"mobile|ios|android|react native|flutter|swift developer|app developer",
    "data_engineering": r"data engineer|data platform|etl|data infrastructure|big data|data architect",
    "analytics": r"analytics engineer|data analyst|business intelligence|bi developer|bi engineer|"
                 r"bi analyst|analytics|reporting analyst|insights analyst",
    "ml": r"machine learning|ml engineer|mlops|data scientist|data science|ai engineer|deep learning|"
          r"computer vision|nlp|research scientist|applied scientist",
    "devops": r"devops|site reliability|sre|infrastructure|cloud engineer|platform reliability|"
              r"systems engineer|build engineer|release engineer|kubernetes",
    "security": r"security|secops|appsec|penetration|cyber",
    "qa": r"qa|quality assurance|test engineer|tester|sdet|test automation|quality engineer",
    "embedded": r"embedded|firmware|hardware engineer|fpga|electronics",
    "software": r"software engineer|software developer|developer|programmer|engineer|entwickler(?:in)?|"
                r"softwareentwickler(?:in)?|ingenieur(?:in)?",
    "engineering_management": r"engineering manager|head of engineering|vp engineering|cto|tech lead|"
                              r"team lead|development manager",
    "product": r"product manager|product owner|product lead|head of product|product director|product ops",
    "design": r"designer|ux|ui/ux|user research|design lead",
    "sales": r"sales|account executive|business development|account manager|sdr|bdr|solutions consultant|"
             r"sales engineer|partner manager",
    "marketing": r"marketing|seo|content|brand|growth|communications|social media|copywriter|pr manager",
    "customer": r"customer success|customer support|support engineer|customer service|technical support|"
                r"customer experience|implementation",
    "finance": r"finance|financial|accountant|accounting|controller|treasury|fp&a|tax|payroll|audit",
    "risk_compliance": r"compliance|risk|aml|anti[- ]money|kyc|regulatory|fraud|legal counsel|privacy|"
                       r"governance",
    "legal": r"legal|lawyer|counsel|paralegal|attorney",
    "people": r"recruit\w*|talent acquisition|hr|human resources|people partner|people operations|people ops",
    "operations": r"operations|ops manager|office manager|logistics|supply chain|procurement|program manager|"
                  r"project manager|coordinator",
    "healthcare": r"nurse|doctor|physician|dermatolog\w*|therap\w*|pharmac\w*|medical|clinical|dentist|arzt|"
                  r"ärztin|pflege\w*",
    "trades": r"technician|mechanic|electrician|driver|warehouse|installer|facharbeiter|monteur",
}
_FAMILY_RES = {family: re.compile(rf"(?<![\w-])(?:{words})(?!\w)", re.I) for family, words in ROLE_FAMILIES.items()}
# Families that a broader one implies for matching: a "Backend Engineer" profile accepts "Software Engineer".
RELATED_FAMILIES: dict[str, frozenset[str]] = {
    "backend": frozenset({"software", "fullstack"}),
    "frontend": frozenset({"software", "fullstack"}),
    "fullstack": frozenset({"software", "backend", "frontend"}),
    "software": frozenset({"backend", "frontend", "fullstack"}),
    "mobile": frozenset(),
    "data_engineering": frozenset({"analytics"}),
    "analytics": frozenset({"data_engineering"}),
    "risk_compliance": frozenset({"legal"}),
    "legal": frozenset({"risk_compliance"}),
}

_GENDER = re.compile(r"\(\s*(?:[mwfdxh]\s*[/|,]\s*){1,3}[mwfdxh]\s*\)|\b[mwfdx]/[mwfdx](?:/[mwfdx])?\b|"
                     r"\(\s*all genders?\s*\)|\(\s*gn\s*\)|\*in\b", re.I)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"\s+[-–—|/@,]\s+|,\s*")
_PLACE_WORDS = frozenset({"remote", "hybrid", "onsite", "on-site", "home", "office", "based", "anywhere", "or",
                          "and", "in", "only", "full", "time", "full-time", "part-time"})
_NON_WORD = re.compile(r"[^\w+#.]+")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def title_level(title: str | None) -> str | None:
    """The level a title states ("Sr. Data Engineer" -> senior, "Werkstudent Backend" -> intern), or None."""
    text = _fold(title or "")
    if not text:
        return None
    for level, pattern in _LEVEL_RES:
        if pattern.search(text):
            return level
    roman = _ROMAN_TAIL.search(_BRACKETS.sub(" ", text).strip())
    if roman:
        return {"i": "junior", "ii": "mid", "iii": "senior", "iv": "lead"}[roman.group(1).lower()]
    return None


@lru_cache(maxsize=65536)
def title_families(title: str | None) -> frozenset[str]:
    """Every role family the title names (``ROLE_FAMILIES``); generic "engineer"/"developer" is ``software``
    only when no more specific technical family is named."""
    text = _fold(title or "")
    found = {family for family, pattern in _FAMILY_RES.items() if pattern.search(text)}
    if "software" in found and found - {"software", "engineering_management"}:
        technical = found & {"backend", "frontend", "fullstack", "mobile", "data_engineering", "ml", "devops",
                             "security", "qa", "embedded", "analytics"}
        if technical:
            found.discard("software")
        elif found & {"sales", "customer", "marketing", "finance", "operations", "healthcare", "trades",
                      "people", "product", "design"}:
            found.discard("software")  # "Sales Engineer", "Support Engineer": not software engineering
    return frozenset(found)


def families_match(wanted: frozenset[str], job: frozenset[str]) -> bool:
    """A job's families fit a profile's when they share one, directly or through ``RELATED_FAMILIES``."""
    if wanted & job:
        return True
    return any(RELATED_FAMILIES.get(family, frozenset()) & job for family in wanted)


def _is_place(segment: str) -> bool:
    """ "Berlin", "Remote - EU", "Munich or Remote": a title part that says where, not what."""
    from jobsearch_pipelines.lib.remote.places import find_places

    rest = segment
    for place in sorted(find_places(segment), key=lambda p: -p.start):
        rest = rest[:place.start] + " " + rest[place.end:]
    words = [w for w in _NON_WORD.sub(" ", rest.lower()).split() if w not in _PLACE_WORDS]
    return not words


def role_of_title(title: str | None) -> str | None:
    """The role a title names, as a user would write it as a target: level words, places and brackets removed
    ("Sr. Backend Engineer (Python) - Berlin" -> "Backend Engineer")."""
    words = _without_markers_and_places(_fold(title or ""))
    for _level, pattern in _LEVEL_RES:
        words = pattern.sub(" ", words)
    words = " ".join(w for w in _NON_WORD.sub(" ", words).split())
    return words or None


@lru_cache(maxsize=65536)
def normalised_title(title: str | None) -> str:
    """The role a title names without gender markers, brackets, places ("- Berlin", ", Remote") and
    punctuation: the key (with the company) that groups re-posts and one role posted per city."""
    return " ".join(_NON_WORD.sub(" ", _without_markers_and_places(_fold(title or "").lower())).split())


def _without_markers_and_places(title: str) -> str:
    """The title without gender markers, brackets and the parts after a separator that only name a place."""
    text = _BRACKETS.sub(" ", _GENDER.sub(" ", title))
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    return " ".join(p for i, p in enumerate(parts) if i == 0 or not _is_place(p))
