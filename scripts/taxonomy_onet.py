"""O*NET technology examples as taxonomy entries, for ``build_skill_taxonomy.py``.

O*NET's "Technology Skills" file names the software that job holders in each US occupation use, across all
occupations (CAD, GIS, ERP, EHR, accounting, lab software, not only programming). Its names carry the vendor
("Atlassian JIRA", "ESRI ArcGIS software"), O*NET's own descriptors ("... software", "eClinicalWorks EHR software")
and spelled-out acronyms ("Amazon Web Services AWS software"); postings name the product ("ArcGIS", "AWS"). This
module turns a name into a canonical name plus the aliases a posting uses, and drops O*NET's generic categories
("Spreadsheet software", "Medical procedure coding software"): they are kinds of software, not technologies.

The pinned snapshot (``sources/onet_technology_skills.tsv``) holds one row per example with the number of
occupations naming it; ``pin()`` makes it from the release's ``Technology Skills.txt``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Trailing words that describe rather than name ("Salesforce software", "IBM Power Systems software").
DESCRIPTORS = frozenset({"software", "suite", "systems", "system", "applications", "application", "program"})
# Words that end a company name inside an example ("HEAT Software GoldMine", "Unity Technologies Unity").
COMPANY_ENDINGS = frozenset(
    {
        "Technologies", "Technology", "Software", "Systems", "Solutions", "Corporation", "Corp", "Inc", "Inc.",
        "Group", "Labs", "Scientific", "Oy", "AG", "GmbH", "Ltd", "LLC", "Company", "International", "Associates",
    }
)
# Product names without their vendor that, as ordinary words, name a field of study or of work first ("a degree in
# Information Systems", "practice management"): no alias ("NextGen Healthcare Information Systems" stays whole).
FIELD_PHRASES = frozenset({"information systems", "practice management", "practice solution", "practice plus",
                           "power systems", "general store"})
VENDOR_MIN_NAMES = 2  # a first word that starts this many names is a vendor ("Microsoft", "Autodesk", "ESRI")
VENDOR_MAX_WORDS = 3
SHORT_ALIAS = 3
KNOWN_OCCUPATIONS = 5  # a product named in this many occupations is known even when its name is ordinary words
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}s?$")


@dataclass(frozen=True)
class OnetTechnology:
    name: str
    aliases: tuple[str, ...]
    product: str  # the name without its vendor, ordinary words included ("Java" of "Oracle Java"): for matching
    occupations: int
    commodity: str


def pin(source: Path, target: Path) -> int:
    """Reduce O*NET's ``Technology Skills.txt`` to one row per example: Example, Commodity Title, Hot Technology,
    In Demand (Y when any occupation says so), Occupations (how many name it)."""
    counts: Counter[str] = Counter()
    first: dict[str, dict[str, str]] = {}
    hot: set[str] = set()
    demand: set[str] = set()
    with open(source, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            example = row["Example"].strip()
            counts[example] += 1
            first.setdefault(example, row)
            if row["Hot Technology"] == "Y":
                hot.add(example)
            if row.get("In Demand") == "Y":
                demand.add(example)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["Example", "Commodity Title", "Hot Technology", "In Demand", "Occupations"])
        for example in sorted(counts):
            writer.writerow(
                [example, first[example]["Commodity Title"], "Y" if example in hot else "N",
                 "Y" if example in demand else "N", counts[example]]
            )
    return len(counts)


def load(path: Path) -> list[tuple[str, str, int]]:
    """(example, commodity title, occupations) rows of the pinned snapshot."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["Example"], r["Commodity Title"], int(r["Occupations"])) for r in rows]


def technologies(rows: list[tuple[str, str, int]], is_english: Callable[[str], bool]) -> list[OnetTechnology]:
    """Every example that names a product, with its posting aliases; generic categories dropped. ``is_english``
    says whether a lower-case word is a dictionary word."""
    split = [_without_acronyms(_strip_descriptors(example.split())) for example, _, _ in rows]
    generic = [_is_generic(words, is_english) for words, _ in split]
    generic_acronyms = {a for (_, acronyms), is_category in zip(split, generic, strict=True) if is_category
                        for a, _ in acronyms}
    starts = Counter(
        tuple(words[:size])
        for (words, _), is_category in zip(split, generic, strict=True)
        if not is_category
        for size in range(1, min(len(words), VENDOR_MAX_WORDS) + 1)  # a bare vendor name counts too
    )
    vendors = {prefix for prefix, n in starts.items() if n >= VENDOR_MIN_NAMES}
    out = []
    for (words, acronyms), is_category, (example, commodity, occupations) in zip(split, generic, rows, strict=True):
        if not words or is_category:
            continue
        while len(words) > 1 and (words[-1] in generic_acronyms or words[-1].islower()):
            words = words[:-1]  # "eClinicalWorks EHR" -> "eClinicalWorks", "ANSYS simulation" -> "ANSYS"
        name = " ".join(words)
        if len(words) == 1 and is_english(name.lower()) and example.split()[-1].lower() in DESCRIPTORS:
            name = example  # "Blackboard software": the bare word would be ordinary English
        # An acronym names the product when it spells its whole name or a name of its own ("Amazon Web Services
        # AWS"), not when it spells a category after the brand ("HarrisData Human Resources Information System HRIS").
        aliases = [
            a for a, spelled in acronyms
            if a not in generic_acronyms
            and (len(spelled) == len(words) or not _ordinary(" ".join(spelled), is_english))
        ]
        product = " ".join(_product_words(words, vendors))
        if product != name:
            aliases.append(product)
        # Ordinary words name a product only when it is well known and they are several ("Crystal Reports",
        # "Dynamics GP"); they are then marked ambiguous (they need technical context). A single one ("Windows",
        # "Maya") would match too much ordinary text.
        well_known = occupations >= KNOWN_OCCUPATIONS
        aliases = [
            a for a in dict.fromkeys(aliases)
            if a != name and a.lower() not in FIELD_PHRASES
            and (not _ordinary(a, is_english) or (well_known and len(a.split()) > 1))
            and (well_known or len(a) > SHORT_ALIAS)  # "EBS" of "NuView EBS": many vendors' acronym
        ]
        if occupations < KNOWN_OCCUPATIONS and all(_ordinary(a, is_english) for a in [name, *aliases]):
            continue  # "Travel Agent", "Low-level", "Debugging": ordinary words, a niche product at best
        out.append(OnetTechnology(name, tuple(aliases), product, occupations, commodity))
    return out


def _ordinary(alias: str, is_english: Callable[[str], bool]) -> bool:
    """Every word a dictionary word, whatever its casing ("Travel Agent", "End-to-end", "CLEAR", "WorkFLOW"; not
    "ANSYS", "eClinicalWorks")."""
    parts = [p for p in re.split(r"[\s\-/'’,.;:()]+", alias.lower()) if p and not p.isdigit()]
    return all(is_english(part) or len(part) == 1 for part in parts)  # "Enterprise 21", "360": versions aside


def _strip_descriptors(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1] in DESCRIPTORS:  # lower-case only: "Epic Systems" is a name
        words = words[:-1]
    return words


def _without_acronyms(words: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Drop an upper-case acronym that spells the words before it ("Amazon Web Services AWS" -> AWS, "Computer
    aided design CAD" -> CAD); each comes back with the words it spells."""
    kept: list[str] = []
    acronyms: list[tuple[str, list[str]]] = []
    for word in words:
        letters = word.rstrip("s") if word.endswith("s") and word[:-1].isupper() else word
        spelled = _spelled(letters, kept) if kept and _ACRONYM.match(word) else None
        if spelled:
            acronyms.append((letters, spelled))
            continue
        kept.append(word)
    return kept, acronyms


def _spelled(acronym: str, words: list[str]) -> list[str] | None:
    """The last words whose initials are the acronym's letters, if they are."""
    letters = acronym.replace("&", "").lower()
    named = [w for w in words if w[:1].isalnum()]
    if len(letters) < 2 or len(named) < len(letters):
        return None
    tail = named[-len(letters) :]
    return tail if "".join(w[0].lower() for w in tail) == letters else None


def _is_generic(words: list[str], is_english: Callable[[str], bool]) -> bool:
    """A category in sentence case: "Web browser", "Medical procedure coding", "Shell script"."""
    if len(words) < 2:
        return False
    head, rest = words[0], words[1:]
    return head[:1].isupper() and head[1:].islower() and is_english(head.lower()) and all(
        w.islower() or not w.isalpha() for w in rest
    )


def _product_words(words: list[str], vendors: set[tuple[str, ...]]) -> list[str]:
    """The words after the vendor: "Atlassian JIRA" -> JIRA, "Red Hat WildFly" -> WildFly, "Scientific Software
    Group BIOF&T" -> BIOF&T."""
    for i in range(len(words) - 2, 0, -1):
        if words[i].rstrip(",") in COMPANY_ENDINGS:
            return words[i + 1 :]
    for size in range(min(len(words) - 1, VENDOR_MAX_WORDS), 0, -1):
        if tuple(words[:size]) in vendors:
            return words[size:]
    return words
