"""Build ``jobsearch_pipelines/data/skills/technologies.yaml`` from the pinned open sources beside it.

Sources (``data/skills/sources/``, licences and attribution in ``data/skills/SOURCES.md``):

* ``stackoverflow_tags.csv``: Stack Overflow tags with their question counts (Stack Exchange Data Explorer export,
  CC BY-SA 4.0), tags asked about in >= 100 questions.
* ``simple_icons_titles.json``: brand titles and aliases of the Simple Icons project (CC0 1.0): proper casing
  ("GraphQL", "k6") and brand aliases.
* ``onet_technology_skills.tsv``: the software named in O*NET 29.2's Technology Skills (CC BY 4.0), one row per
  product with the number of occupations naming it: the software of roles outside programming (GIS, CAD, EHR,
  accounting). ``taxonomy_onet.py`` turns its names into products and aliases; products already named are skipped.
* ``so_concept_tags.tsv`` (this project): Stack Overflow tags reviewed one by one as concepts, practices, patterns
  or attacks (kind ``competency``: "idempotent", "ddos") or as not skills at all (``drop``: error names, courses).
* ``generated_aliases.yaml`` (this project): usual names a generated entry (a tag's or an O*NET product's) lacks
  ("guzzlehttp" -> "Guzzle", "oracle-solaris" -> "Solaris"), by slug.
* ``taxonomy.yaml`` (curated by hand, this project): never overridden; a tag that is one of its names or aliases is
  skipped, and its entries are the parents of tags that extend them ("spring-boot" -> Spring).

Rules, so the output is technologies and not topics: a tag is kept when it is asked about in >= ``MIN_COUNT``
questions (>= 100 when Simple Icons names it too), is not a version of another tag ("python-3.x"), is not a topic
("error-handling", "arrays", "frontend": every word common English per ``wordfreq``, or a topic word or suffix),
unless Simple Icons names it. A tag "<tech>-<more>" is a child of <tech> when <more> is a product word (not common
English) or Simple Icons names the whole. Aliases that are common English words are marked ambiguous (they then
need technical context); two-letter ones match only in their canonical casing. A JavaScript library tag also
answers to its usual short name ("vuetify.js" -> "Vuetify", "inertiajs" -> "Inertia.js") unless that is a word.

Run: ``.venv/bin/python scripts/build_skill_taxonomy.py`` (needs the ``taxonomy-build`` extra: wordfreq).
The output is deterministic: same sources, same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import taxonomy_onet  # noqa: E402  (beside this script)

from jobsearch_pipelines.db.schema import Skill  # noqa: E402
from jobsearch_pipelines.lib.skills.taxonomy import (  # noqa: E402
    GENERATED_PATH,
    TAXONOMY_PATH,
    alias_tokens,
    load_taxonomy,
    slugify,
)
from jobsearch_pipelines.lib.skills.text import word_list  # noqa: E402

SOURCES = TAXONOMY_PATH.parent / "sources"
ONET_FILE = "onet_technology_skills.tsv"
CATEGORY_MAX = Skill.__table__.c.category.type.length  # type: ignore[attr-defined]
MIN_COUNT = 150
MIN_COUNT_NAMED = 100
ENGLISH_ZIPF = 3.0  # a word at least this frequent (wordfreq) is common English
COMPOUND_ZIPF = 3.5  # pieces of a glued identifier ("array" + "list") are at least this frequent
DICTIONARY_ZIPF = 2.0  # a word of 5+ letters at least this frequent is a dictionary word ("pagination", "tuples")
# Topic words: a tag containing one is a subject, not a technology.
TOPIC_WORDS = frozenset(
    word_list(
        "frontend backend devops devsecops mlops gitops fullstack full microservices microservice serverless "
        "middleware api apis sdk ui ux gui cli orm mvc mvvm oop crud saas paas iaas cms crm erp etl elt ci cd cicd qa "
        "tdd bdd ddd agile scrum kanban seo ecommerce webapp webapps website websites multithreading concurrency "
        "async asynchronous regex dataframe dataset datasets chatbot bigdata iot ai ml nlp blockchain cryptocurrency "
        "cybersecurity analytics automation scalability refactoring debugging deployment testing tests unit-testing "
        "documentation frameworks programming coding scripting algorithm algorithms architecture design patterns "
        "pattern principles methodology compiler runtime interpreter syntax semantics exception exceptions error "
        "errors warning warnings bug bugs performance optimization memory security authentication authorization "
        "encryption hashing caching logging monitoring networking virtualization containerization localization "
        "internationalization accessibility responsive layout styling animation rendering parsing serialization "
        "validation migration installation configuration integration plugin plugins extension extensions module "
        "modules package packages library libraries dependency dependencies build compilation linker debugger "
        "profiling benchmarking concurrency threading thread threads process processes queue queues stack heap "
        "pointer pointers array arrays list lists string strings integer float double boolean enum enums struct class "
        "classes object objects function functions method methods variable variables loop loops recursion lambda "
        "closures callback callbacks promise promises event events listener listeners handler handlers request "
        "requests response responses session sessions cookie cookies header headers url urls uri routing router "
        "redirect upload download file files directory directories path paths date time datetime timezone timestamp "
        "format formatting encoding decoding unicode utf-8 ascii image images video audio sound camera sensor gps "
        "location maps geolocation notification notifications email mail sms chat web mobile desktop cloud server "
        "servers client clients browser browsers machine-learning deep-learning data-science computer-vision big-data "
        "data-mining text-mining neural-network neural-networks reinforcement-learning"
    )
)
TOPIC_SUFFIXES = (
    "development", "design", "testing", "programming", "learning", "patterns", "architecture", "analysis",
    "management", "engineering", "science", "computing", "handling", "processing", "integration", "security",
    "performance", "optimization", "errors", "error", "exception", "configuration", "deployment", "installation",
    "migration", "mapping", "binding", "injection", "validation", "authentication", "layout", "support",
    "compatibility", "api", "apis", "sdk", "plugin", "extension", "module", "package", "library", "framework",
)
VENDOR_PREFIXES = ("apache", "eclipse")
BARE_PREFIXES = (*VENDOR_PREFIXES, "python")  # a tag "<prefix>-<name>" also answers to the name alone
# Parents the prefix rule cannot see (child tag -> parent slug in the curated taxonomy).
PARENTS = {
    "swiftui": "swift",
    "asp.net": "dotnet",
    "asp.net-mvc": "aspnet",
    "asp.net-web-api": "aspnet",
    "asp.net-core": "aspnet",
    "blazor": "aspnet-core",
    "entity-framework": "dotnet",
    "react-native": "react",
    "nestjs": "nodejs",
    "express": "nodejs",
    "keras": "tensorflow",
    "pyspark": "spark",
    "spring-boot": "spring",
    "django-rest-framework": "django",
    "angular-material": "angular",
    "jquery-ui": "jquery",
    "pandas": "python",
    "numpy": "python",
}
ACRONYM_MAX = 3


@cache
def is_english(word: str) -> bool:
    from wordfreq import zipf_frequency

    return word.isalpha() and zipf_frequency(word, "en") >= ENGLISH_ZIPF


@cache
def is_dictionary_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return is_english(word) or (len(word) >= 5 and word.isalpha() and zipf_frequency(word, "en") >= DICTIONARY_ZIPF)


_API_PREFIXES = ("ui", "ns", "cg", "cl", "av", "mk", "sk", "wx", "q", "j", "tk", "gtk", "android", "std", "sys")


def is_compound(word: str) -> bool:
    """An identifier glued from English words ("arraylist", "uitableview", "onclick"): an API element, not a
    product."""
    lowered = word.lower()
    for prefix in ("", *_API_PREFIXES):
        if prefix and not lowered.startswith(prefix):
            continue
        rest = lowered[len(prefix) :]
        if len(rest) >= 6 and _segments(rest) >= 2:
            return True
    return False


def _segments(word: str) -> int:
    """Most very common English pieces (>= 3 letters) the word splits into, 0 if it does not split."""
    best = [0] + [-1] * len(word)
    for end in range(3, len(word) + 1):
        for start in range(max(0, end - 15), end - 2):
            if best[start] >= 0 and _common(word[start:end]):
                best[end] = max(best[end], best[start] + 1)
    return max(best[len(word)], 0)


@cache
def _common(piece: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(piece, "en") >= COMPOUND_ZIPF


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9+#]", "", text.lower())


@dataclass
class Entry:
    tag: str
    count: int
    name: str
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    named: bool = False  # Simple Icons names it
    kind: str = "technology"


def load_concepts() -> dict[str, str]:
    """Reviewed tags that are not named technologies: tag -> ``competency`` or ``drop``."""
    lines = (SOURCES / "so_concept_tags.tsv").read_text(encoding="utf-8").splitlines()
    return {tag: kind for tag, kind, _ in (line.split("\t") for line in lines if line and not line.startswith("#"))}


def load_extra_aliases() -> dict[str, list[str]]:
    """slug -> usual names to add to a generated entry, a tag's or an O*NET product's (``generated_aliases.yaml``)."""
    rows = yaml.safe_load((SOURCES / "generated_aliases.yaml").read_text(encoding="utf-8")) or []
    return {str(row["slug"]): [str(a) for a in row["add_aliases"]] for row in rows}


def js_aliases(tag: str) -> list[str]:
    """The usual short names of a JavaScript library tag: "vuetify.js" -> "vuetify", "inertiajs" -> "inertia.js"."""
    if tag.endswith(".js"):
        base = tag.removesuffix(".js")
        forms = [base]
    elif tag.endswith("js") and len(tag) > 5 and tag[:-2].isalpha():
        base = tag[:-2]
        forms = [f"{base}.js", base]
    else:
        return []
    return [form for form in forms if form != base or (base.isalpha() and not is_dictionary_word(base))]


def bare_aliases(tag: str, tags: set[str]) -> list[str]:
    """A tag's name without its ecosystem prefix, as postings write it ("apache-nifi" -> "nifi", "python-xarray" ->
    "xarray"); not when that name is a tag of its own, a common English word ("apache-storm") or an acronym of
    three letters ("eclipse-pde": partial differential equations)."""
    words = tag.split("-")
    if len(words) < 2 or words[0] not in BARE_PREFIXES or "-".join(words[1:]) in tags:
        return []
    rest = words[1:]
    if len(rest) == 1 and (is_english(rest[0]) or len(rest[0]) <= 3):
        return []
    return [" ".join(rest)]


def load_simple_icons() -> dict[str, tuple[str, list[str]]]:
    """key -> (title, aliases); also under the title without a vendor prefix ("Apache Airflow" -> "airflow")."""
    data = json.loads((SOURCES / "simple_icons_titles.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, list[str]]] = {}
    for item in data:
        titles = [item["title"], *item.get("dup", [])]
        for title in titles:
            aliases = [a for a in item.get("aka", []) if title == item["title"]]
            for variant in (title, *aliases):
                out.setdefault(key(variant), (title, aliases))
            words = title.split()
            if len(words) > 1 and words[0].lower() in VENDOR_PREFIXES:
                out.setdefault(key(" ".join(words[1:])), (title, aliases))
    return out


def load_tags() -> list[tuple[str, int]]:
    with open(SOURCES / "stackoverflow_tags.csv", encoding="utf-8", newline="") as handle:
        rows = [(row["TagName"], int(row["Count"])) for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


_VERSION = re.compile(r"^(?P<base>.+?)-?(?:v?\d+(?:\.\d+)*(?:\.x)?|\d+x)$")


def is_version(tag: str, known: set[str]) -> bool:
    match = _VERSION.match(tag)
    return bool(match) and match.group("base") in known and match.group("base") != tag


def is_topic(tag: str) -> bool:
    words = tag.split("-")
    if tag in TOPIC_WORDS or any(w in TOPIC_WORDS for w in words):
        return True
    return len(words) > 1 and words[-1] in TOPIC_SUFFIXES


def display_name(tag: str, casing: dict[str, str]) -> str:
    """A readable name for a tag: known casings first ("sql" -> "SQL"), short words upper-case, else capitalised."""
    words = []
    for word in tag.split("-"):
        if word in casing:
            words.append(casing[word])
        elif len(word) <= ACRONYM_MAX and word.isalpha() and not is_english(word):
            words.append(word.upper())
        elif word[:1].isalpha():
            words.append(word[0].upper() + word[1:])
        else:
            words.append(word)
    return " ".join(words)


def casing_table(curated_names: list[str], icons: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    """Lowercase word -> its most common mixed/upper casing in curated names and Simple Icons titles."""
    seen: dict[str, Counter[str]] = {}
    for name in [*curated_names, *(title for title, _ in icons.values())]:
        for word in name.split():
            if word.lower() != word:
                seen.setdefault(word.lower(), Counter())[word] += 1
    return {lower: counts.most_common(1)[0][0] for lower, counts in seen.items()}


def build(min_count: int = MIN_COUNT) -> tuple[dict[str, list[dict[str, object]]], dict[str, int]]:
    curated = load_taxonomy(TAXONOMY_PATH, generated=None)
    curated_alias: dict[tuple[str, ...], str] = {}
    for skill in curated.skills:
        for alias in skill.aliases:
            curated_alias.setdefault(alias.tokens, skill.slug)
    curated_by_slug = {s.slug: s for s in curated.skills}
    icons = load_simple_icons()
    casing = casing_table([s.name for s in curated.skills], icons)
    tags = load_tags()
    tag_set = {t for t, _ in tags} | {" ".join(tokens).replace(" ", "-") for tokens in curated_alias}
    stats: Counter[str] = Counter()
    kept: dict[str, Entry] = {}
    concepts = load_concepts()
    for tag, count in tags:
        named = icons.get(key(tag)) or icons.get(key(tag.replace("-", " ")))
        if count < (MIN_COUNT_NAMED if named else min_count):
            stats["below the question count"] += 1
            continue
        tokens = alias_tokens(tag.replace("-", " "))
        if tokens in curated_alias or alias_tokens(tag) in curated_alias:
            stats["already curated"] += 1
            continue
        if is_version(tag, tag_set):
            stats["a version of another tag"] += 1
            continue
        if concepts.get(tag) == "drop":
            stats["not a skill (reviewed)"] += 1
            continue
        words = tag.split("-")
        parent = PARENTS.get(tag)
        parent_tag = None
        for size in range(len(words) - 1, 0, -1):
            prefix = "-".join(words[:size])
            if prefix in kept or prefix in PARENTS or alias_tokens(prefix.replace("-", " ")) in curated_alias:
                parent_tag = prefix
                break
        if not named and is_topic(tag):
            stats["a topic"] += 1
            continue
        english = all(is_english(w) for w in words)
        if english and (len(words) == 1 or not named):
            stats["common English words"] += 1
            continue
        if not named:
            if all(is_dictionary_word(w) for w in words):
                stats["dictionary words"] += 1
                continue
            if any(is_compound(w) for w in words):
                stats["an identifier made of English words"] += 1
                continue
            if parent_tag is not None:
                rest = words[len(parent_tag.split("-")) :]
                if all(is_english(w) or w in TOPIC_WORDS or not w.isalpha() for w in rest):
                    stats["an aspect of another technology"] += 1
                    continue
        if parent is None and parent_tag is not None:
            parent = kept[parent_tag].tag if parent_tag in kept else curated_alias.get(
                alias_tokens(parent_tag.replace("-", " "))
            ) or PARENTS.get(parent_tag)
        title, icon_aliases = named if named else (display_name(tag, casing), [])
        if alias_tokens(title) in curated_alias:
            stats["already curated"] += 1
            continue
        entry = Entry(tag, count, title, parent=parent, named=bool(named), kind=concepts.get(tag, "technology"))
        stats["a concept (reviewed)"] += entry.kind != "technology"
        for alias in (tag, tag.replace("-", " "), *icon_aliases, *js_aliases(tag), *bare_aliases(tag, tag_set)):
            if alias.lower() != title.lower() and alias_tokens(alias) not in curated_alias:
                entry.aliases.append(alias)
        kept[tag] = entry
        stats["kept"] += 1
    onet = onet_technologies(curated_alias, kept, stats)
    return _as_yaml(kept, curated_by_slug, onet), dict(stats)


def onet_technologies(
    curated_alias: dict[tuple[str, ...], str], kept: dict[str, Entry], stats: Counter[str]
) -> list[taxonomy_onet.OnetTechnology]:
    """O*NET's products that neither the curated file nor a Stack Overflow tag names already (any of their names,
    or the product without its vendor: "Oracle Java" is Java)."""
    known = set(curated_alias)
    for entry in kept.values():
        known.update(alias_tokens(alias) for alias in (entry.name, *entry.aliases))
    out = []
    techs = taxonomy_onet.technologies(taxonomy_onet.load(SOURCES / ONET_FILE), is_dictionary_word)
    for tech in sorted(techs, key=lambda t: -t.occupations):  # the best-known product claims a shared name
        if any(alias_tokens(name) in known for name in (tech.name, *tech.aliases, tech.product)):
            stats["O*NET: already named"] += 1
            continue
        known.update(alias_tokens(name) for name in (tech.name, *tech.aliases))
        out.append(tech)
        stats["O*NET: kept"] += 1
    return out


def _as_yaml(
    kept: dict[str, Entry], curated_by_slug: dict[str, object], onet: list[taxonomy_onet.OnetTechnology]
) -> dict[str, list[dict[str, object]]]:
    used = set(curated_by_slug)
    slugs = {tag: _new_slug(tag, used) for tag in kept}
    extra_aliases = load_extra_aliases()
    by_category: dict[str, list[dict[str, object]]] = {}
    names: set[str] = set()
    for tag, entry in sorted(kept.items(), key=lambda item: item[1].name.lower()):
        if entry.name.lower() in names:
            continue
        names.add(entry.name.lower())
        parent = entry.parent
        parent_slug = slugs.get(parent) if parent in slugs else (parent if parent in curated_by_slug else None)
        category = "Technologies"
        if parent_slug in curated_by_slug:
            category = curated_by_slug[parent_slug].category  # type: ignore[attr-defined]
        item = _item(entry.name, slugs[tag], [*entry.aliases, *extra_aliases.get(slugs[tag], [])])
        if entry.kind != "technology":
            item["kind"] = entry.kind
        if parent_slug and parent_slug != slugs[tag]:
            item["parent"] = parent_slug
        item["so_questions"] = entry.count
        by_category.setdefault(category, []).append(item)
    for tech in sorted(onet, key=lambda t: t.name.lower()):
        if tech.name.lower() in names:
            continue
        names.add(tech.name.lower())
        slug = _new_slug(tech.name, used)
        item = _item(tech.name, slug, [*tech.aliases, *extra_aliases.get(slug, [])])
        item["onet_occupations"] = tech.occupations
        by_category.setdefault(_onet_category(tech.commodity), []).append(item)
    return dict(sorted(by_category.items()))


def _onet_category(commodity: str) -> str:
    """O*NET's commodity title as the category, within the length of ``skills.category``."""
    suffix = " (O*NET)"
    title = commodity.removesuffix(" software")
    while len(title) + len(suffix) > CATEGORY_MAX:
        title = title.rsplit(" ", 1)[0]
    return title + suffix


def _new_slug(tag: str, used: set[str]) -> str:
    slug = slugify(tag.replace(".", "-dot-").replace("#", "sharp").replace("+", "p")).strip("-") or "tag"
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _item(name: str, slug: str, aliases: list[str]) -> dict[str, object]:
    item: dict[str, object] = {"name": name, "slug": slug}
    aliases = list(dict.fromkeys(a for a in aliases if a.lower() != name.lower()))
    if aliases:
        item["aliases"] = aliases
    # The loader also accepts the slug as an alias ("Act!" -> "act", "Com+" -> "comp"): it needs context as well.
    slug_form = slug.replace("-", " ")
    ambiguous = [a for a in [name, *aliases, slug_form] if _ambiguous(a)]
    if ambiguous:
        item["ambiguous"] = list(dict.fromkeys(a.lower() for a in ambiguous))
    exact = [a for a in [name, *aliases] if len(a) <= 2]
    if exact:
        item["case_sensitive"] = [name if a.lower() == name.lower() else a for a in exact]
    return item


def _ambiguous(alias: str) -> bool:
    """An alias of ordinary words ("Great Expectations", "Hilt") or a very short one ("MIB", "RDS": acronyms of
    other things too) needs technical context."""
    words = alias.lower().split()
    return len(alias) <= 3 or all(is_english(w) for w in words)


HEADER = """\
# GENERATED by scripts/build_skill_taxonomy.py from the pinned sources in data/skills/sources/ (see SOURCES.md:
# Stack Overflow tags, CC BY-SA 4.0; Simple Icons titles, CC0 1.0; O*NET 29.2 Technology Skills by USDOL/ETA,
# CC BY 4.0). Do not edit: change the script or the curated taxonomy.yaml (which always wins) and rebuild.
# so_questions = questions with the tag in the source snapshot; onet_occupations = occupations naming the product.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(GENERATED_PATH))
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument(
        "--pin-onet", metavar="TECHNOLOGY_SKILLS_TXT",
        help="first re-pin sources/onet_technology_skills.tsv from an O*NET release's 'Technology Skills.txt'",
    )
    args = parser.parse_args(argv)
    if args.pin_onet:
        rows = taxonomy_onet.pin(Path(args.pin_onet), SOURCES / ONET_FILE)
        print(f"{rows} O*NET technology examples -> {SOURCES / ONET_FILE}")
    data, stats = build(args.min_count)
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
    Path(args.output).write_text(text, encoding="utf-8")
    total = sum(len(v) for v in data.values())
    print(f"{total} technologies -> {args.output}; tags: {json.dumps(stats)}")


if __name__ == "__main__":
    main()
