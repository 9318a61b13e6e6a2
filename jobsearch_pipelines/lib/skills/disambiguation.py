"""Context rules for aliases that are also ordinary words (Go, Rust, Swift, Spark, React, Excel, Java, ...).

An ambiguous match is rejected when an ordinary-use pattern surrounds it ("go to", "react quickly", "excel in",
"spark joy", "swift response", "cup of java", "Spring 2026"). Otherwise it is accepted only with evidence:
the CRF tags it as Knowledge, another unambiguous skill sits nearby (a list of technologies), a technical cue word
is adjacent ("Go developer", "experience with Rust"), or it has the skill's own casing mid-sentence ("React",
"Spark"), except for very common words that need real evidence (next, node, rest, shell, C, R ...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jobsearch_pipelines.lib.skills.gazetteer import GazetteerMatch


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEG_NEXT: dict[str, frozenset[str]] = {
    "go": _words(
        "a about above after ahead along an back beyond by deeper down extra far fast first for from further get "
        "green hand here home into live next off on out over quickly smoothly the there through to together "
        "unnoticed up well without wrong"
    ),
    "rust": _words("belt colored coloured proof removal resistant spots stain stains"),
    "swift": _words(
        "action actions adoption code codes decision decisions delivery execution feedback gpi growth in "
        "message messages messaging network payment payments progress recovery replies reply resolution response "
        "responses to transfer transfers turnaround"
    ),
    "spark": _words(
        "change conversation conversations creativity curiosity debate discussion discussions excitement idea ideas "
        "imagination innovation inspiration interest joy meaningful new our passion their your"
    ),
    "react": _words(
        "accordingly appropriately calmly effectively fast immediately in on positively promptly quickly rapidly "
        "swiftly to well when"
    ),
    "excel": _words("as at here in on through under when while within"),
    "java": _words("beans coffee island sea"),
    "express": _words(
        "clearly complex concerns delivery feelings gratitude ideas interest mail opinions our shipping the their "
        "themselves thoughts your yourself"
    ),
    "flask": _words("of"),
    "spring": _words("break cleaning festival intern internship season semester summer term"),
    "polish": _words("off our the their up your"),
    "next": _words(
        "big chapter day few generation level month months phase round stage step steps time week year years to up"
    ),
    "node": _words("in of affinity affinities group groups pool pools provisioning selector selectors"),
    "r": _words("$"),  # "R$ 1.200": the Brazilian real
    "rest": _words("assured day days easy of period"),
    "rest assured": _words("that we you it our this , ."),
    "crystal": _words("ball clear clearly"),
    "ruby": _words("red"),
    "lean": _words("in into on"),
    "shell": _words("companies company oil out"),
    "chef": _words("de"),
    "slack": _words("off time"),
    "helm": _words("of"),
    "pandas": _words("eat"),
    "flow": _words("of between through from into"),
    "unity": _words("among across between of"),
    "hive": _words("of mind"),
    "act": _words("as on upon quickly fast now swiftly accordingly"),  # "Act as the functional owner"
    "c": _words("_"),  # "SAP certification (C_TS4FI)"
    "ray": _words("tracing traced tracer tracers marching casting"),  # "ray tracing (DXR)" is rendering, not Ray
}
_NEG_PREV: dict[str, frozenset[str]] = {
    "go": _words(
        "a always can could don't dont i it let lets may might must never on ready should that the they to we who "
        "will won't would you"
    ),
    "rust": _words("no of prevent remove gather gathering gathers collect collecting"),
    "maven": _words("a data design marketing social typography"),
    "swift": _words("a and be quick very with"),  # "with Swift" keeps its own casing
    "unity": _words("and brand in of sense team visual"),
    "spark": _words("a can could help helping helps that the to which will"),
    "react": _words("able and can how i must proactively quickly rapidly they to we will you"),
    "excel": _words("and can employees help helps i others people team they to we who will you"),
    "java": _words("cup of"),
    "express": _words("can clearly freely to will"),
    "flask": _words("a hip lab the thermos vacuum"),
    "rails": _words("guard off safety the payment payments banking card settlement"),  # "our payment rails"
    "spring": _words("by during early in last late next since the this"),
    "c": _words("series"),  # "a Series C company"
    "act": _words("ai eu data services markets digital resilience accessibility cyber privacy"),  # "the EU AI Act"
    "next": _words("a our the their this your is are comes come what's"),  # "profiles are next"
    "rest": _words("and the to"),
    "polish": _words("and to"),
    "flow": _words("the a onboarding user data work cash signup checkout login information smooth"),
}
# Ambiguous words that are also verbs: after an adverb they are the verb ("quickly react", "directly spark").
_VERBS = _words("excel express polish react rust spark")
_TECH_NEXT = _words(
    "api apis app application applications apps backend based certification certified cluster clusters code "
    "codebase codebases components concurrency dev developer developers development devs ecosystem engineer "
    "engineering engineers environment environments experience expertise formulas framework frameworks frontend "
    "hooks jobs knowledge language languages libraries library macros microservices modules notebooks pipeline "
    "pipelines platform platforms proficiency programmer programmers programming project projects queries routines "
    "runtime scripting scripts sdk server servers service services skill skills spreadsheet spreadsheets sql stack "
    "streaming tasks toolchain tooling ui version versions worker workers"
)
_TECH_PREV_PAIR = _words(
    "background build building built coding comfortable competence competency develop developing development "
    "experience expert expertise familiar familiarity fluent knowledge proficiency proficient programming skilled "
    "skills using work working written"
)
_HYPHEN = "-"  # "Qt-based UIs", "Rust-powered": a name in its own casing with a descriptive suffix is a technology
_LIST_PREV = _words("as e.g e.g. eg incl. including like such")
# "Bonus: Rust (a couple of hot-path services)": a label that asks for what follows it.
_ASKING_LABELS = _words("bonus plus have must-have must-haves required requirements stack languages preferred ideally")
# "Pixel Harbor Games", "the Epic Games Store": a capitalised word naming a company after the name.
_ORGANISATION_WORDS = _words(
    "games studio studios labs inc inc. ltd gmbh pictures entertainment interactive health hospital university "
    "college bank clinic foundation institute council"
)
# "RFC 3261", "3GPP TS 23.501": a standard's document number, not the product of the same letters.
_DOCUMENT_NUMBER = {"rfc": re.compile(r"\d{3,4}"), "ts": re.compile(r"\d{2}\.\d{3}(?:/\d+)*")}
# "the Accessibility for Ontarians with Disabilities Act", "the Statistics Act": a law, not Act! CRM.
_LAW_NAMES = _words("act")
# A vendor whose bare name is also one product ("Oracle" is Oracle Database) names another product when a capitalised
# word follows ("Oracle Retail Merchandising System", "Oracle Financials"); its aliases name the known ones.
_VENDOR_PREFIXES = _words("oracle")
_PREPOSITIONS = _words("in of using with")
# "The ability to read C", "you'll write Go daily": a language in its own casing as what one reads or writes.
_CODE_VERBS = _words("read reads reading write writes writing")
# Words so common that their own casing is no evidence ("Next,", "Node", "Rest of", "R&D", "Plan C").
_NEEDS_EVIDENCE = _words(
    "apex assembly astro bootstrap c celery chai dart dl elastic elm emr gatsby groovy jasmine julia karma lean ml "
    "nest next node prisma py r remix rest ruby shell sketch stripe tf tornado ts waterfall "
    # very common words named by libraries and products of the fifth curated pass (wordfreq zipf >= 3.7)
    "analog behave broadway cats clay commanded cowboy danger doctrine drift hatch hypothesis metals mill ninja "
    "nerves pants partisan pillow plate plug qualified rack requests shrine slate slick steep "
    # short or common names of the twelfth pass ("25 days AL" is annual leave, "Service Provider", "extending Dawn")
    "al dawn htl provider tint"
)
# "led by Ray Okafor, our Head of ML", "reporting to Julia": who leads or is reported to is a person.
_PERSON_BEFORE = frozenset(
    (verb, "by") for verb in ("led", "headed", "founded", "co-founded", "cofounded", "run")
) | frozenset((verb, "to") for verb in ("reporting", "report", "reports"))
# "Julia, our editor-in-chief": a name in apposition to a role is a person.
_ROLE_WORDS = _words(
    "ceo cto cfo coo founder co-founder cofounder head lead manager director editor editor-in-chief recruiter "
    "designer vp president owner chief"
)
_PETS = _words("dog cat puppy kitten pet parrot")
_LANGUAGES = "Programming Languages"
_MEETINGS = _words("interview chat conversation meeting")  # not "call": "an API call with Postman"
# "an office in Phoenix, Arizona": a place.
_PLACE_CUES = _words("office offices based headquartered located hq headquarters city town moved relocated studio")
_NEARBY = 5
_VARIANT_OF = re.compile(r"\d[A-Za-z]$")  # "JESD204B/C", "USB 3.2 Gen 2x2/C": a standard's lettered variants
NO_CONTEXT = "no technical context"
_STRONG_TAGGER = 0.8  # very common words need the CRF to be sure
_BULLETS = _words("- • * · – — : ( [")
_SHORT_BULLET = 7


def _in_capitals(words: Sequence[str]) -> bool:
    """Most of the sentence's words (at least three) are written in capitals."""
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    return len(lettered) >= 3 and sum(w.isupper() for w in lettered) >= 0.6 * len(lettered)


def _near(a: GazetteerMatch, b: GazetteerMatch) -> bool:
    return abs(a.start - b.end) <= _NEARBY or abs(b.start - a.end) <= _NEARBY


def _is_strong(words: Sequence[str], other: GazetteerMatch) -> bool:
    """Another match that signals a list of technologies: unambiguous (not a one-word industry such as "energy"),
    or capitalised like a product name."""
    if not other.alias.ambiguous:
        return len(other.alias.tokens) > 1 or other.skill.category != "Business & Domain"
    first = words[other.start]
    return other.start > 0 and first[:1].isupper() and first.lower() not in _NEEDS_EVIDENCE


_LIST_JOINS = _words(", / and or & + ( ) | ;")


def _listed_with(lower: Sequence[str], a: GazetteerMatch, b: GazetteerMatch) -> bool:
    """Two matches in one list: only list punctuation and "and"/"or" between them ("node, deno", "sketch / figma"),
    not running text ("node autoscaling with Karpenter", "the first sketch in Figma")."""
    gap = lower[a.end : b.start] if a.end <= b.start else lower[b.end : a.start]
    return len(gap) <= 2 and all(w in _LIST_JOINS for w in gap)


_INITIAL_SKIPS = _words("of and for the & in on")


def spelled_out_otherwise(words: Sequence[str], lower: Sequence[str], match: GazetteerMatch) -> bool:
    """"AWS (annual wage supplement)": an acronym spelled out right after it, in lower case, as something its skill
    does not name ("AWS (Amazon Web Services)" stays)."""
    if match.end - match.start != 1 or lower[match.end : match.end + 1] != ["("]:
        return False
    acronym = words[match.start]
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
        return False
    close = next((i for i in range(match.end + 1, min(len(lower), match.end + 2 * len(acronym) + 3))
                  if lower[i] == ")"), None)
    if close is None:
        return False
    if any(w[:1].isupper() for w in words[match.end + 1 : close]):
        return False  # a capitalised expansion names a product ("SAP (Systems, Applications and Products)")
    inside = tuple(lower[match.end + 1 : close])
    initials = "".join(w[0] for w in inside if w.isalpha() and w not in _INITIAL_SKIPS)
    return initials == acronym.lower() and all(alias.tokens != inside for alias in match.skill.aliases)


def names_a_person_or_place(lower: Sequence[str], match: GazetteerMatch) -> str | None:
    """Why a one-word name here is a person, a pet or a place ("Sam Jenkins, our lead engineer", "our CEO's dog,
    Django,", "an office in Phoenix"), or None. Applies to every alias: "Jenkins" is not an ordinary word."""
    key = " ".join(lower[match.start : match.end])
    prev = lower[match.start - 1] if match.start > 0 else ""
    nxt = lower[match.end] if match.end < len(lower) else ""
    after = lower[match.end + 1 : match.end + 4]
    if nxt == "," and after[:1] and after[0] in {"our", "the", "my", "their", "a"} and _ROLE_WORDS.intersection(after):
        return f"a person: '{key}, {' '.join(after)}'"
    if prev == "," and match.start > 1 and lower[match.start - 2] in _PETS:
        return f"a pet: '{lower[match.start - 2]}, {key}'"
    if prev in {"in", "near", "at"} and _PLACE_CUES.intersection(lower[max(0, match.start - 4) : match.start]):
        return f"a place: '{prev} {key}'"
    if prev == "with" and match.start > 1 and lower[match.start - 2] in _MEETINGS:
        return f"a person: '{lower[match.start - 2]} with {key}'"  # "Interview with Hugo, EM Search"
    if match.start > 1 and (lower[match.start - 2], prev) in _PERSON_BEFORE:
        return f"a person: '{lower[match.start - 2]} {prev} {key}'"
    return None


@dataclass(frozen=True, slots=True)
class Verdict:
    accepted: bool
    confidence: float
    reason: str


def judge_ambiguous(
    words: Sequence[str],
    lower: Sequence[str],
    match: GazetteerMatch,
    others: Sequence[GazetteerMatch],
    knowledge_prob: float,
    canonical_casing: str | None,
    written: str | None = None,
) -> Verdict:
    """Decide whether an ambiguous alias match names the skill, with a confidence. ``words`` are the tokens as the
    gazetteer reads them; ``written``: a one-token name as the text writes it, when that differs ("Qt-based",
    "Epic's")."""
    key = " ".join(lower[match.start : match.end])
    prev = lower[match.start - 1] if match.start > 0 else ""
    prev2 = lower[match.start - 2] if match.start > 1 else ""
    nxt = lower[match.end] if match.end < len(lower) else ""
    surface = " ".join(words[match.start : match.end])
    at_bullet = match.start == 0 or prev in _BULLETS
    # In a line written in capitals ("YOU CAN ALSO FIND US ON ..."), upper case is no casing at all.
    own_case = canonical_casing is not None and surface == canonical_casing and not (
        surface.isupper() and _in_capitals(words)
    )
    # Own casing counts mid-sentence, or at the start of a short bullet ("- Rust or Swift", "• Java is a plus").
    own_case_mid = own_case and (not at_bullet or (prev in _BULLETS and len(words) <= _SHORT_BULLET))
    # "Python or Go for tooling", "Python or Go to automate": a name in its own casing listed right after another
    # technology is that technology's sibling, whatever follows
    if nxt in _NEG_NEXT.get(key, ()) and not (own_case_mid and prev in _LIST_JOINS and any(
            o.end == match.start - 1 and o.skill.kind == "technology" and not o.alias.ambiguous for o in others)):
        return Verdict(False, 0.0, f"ordinary use: '{key} {nxt}'")
    if prev in _NEG_PREV.get(key, ()) and not (own_case_mid and key not in _NEEDS_EVIDENCE) and not (
        own_case and any(o is not match and o.skill.kind == "technology" and not o.alias.ambiguous
                         and _listed_with(lower, o, match) for o in others)
    ):  # "and REST/SOAP web services" lists REST with SOAP
        return Verdict(False, 0.0, f"ordinary use: '{prev} {key}'")
    if key in _VERBS and prev.endswith("ly") and prev.isalpha() and not own_case_mid:
        return Verdict(False, 0.0, f"a verb after an adverb: '{prev} {key}'")  # "will directly spark pipeline"
    if key in _VENDOR_PREFIXES and match.end < len(words) and words[match.end][:1].isupper():
        return Verdict(False, 0.0, f"the vendor of a product: '{surface} {words[match.end]}'")  # "Oracle Retail"
    if len(key) == 1 and "&" in (prev, nxt):
        return Verdict(False, 0.0, f"part of an abbreviation: '{prev}{key}{nxt}'")  # "R&D", "P&C"
    if len(key) == 1 and prev == "/" and match.start > 1 and _VARIANT_OF.search(words[match.start - 2]):
        return Verdict(False, 0.0, f"a variant letter: '{words[match.start - 2]}/{surface}'")  # "JESD204B/C"
    if prev == "&" and match.start > 1 and words[match.start - 2][:1].isupper():
        return Verdict(False, 0.0, f"part of a name: '{words[match.start - 2]} & {surface}'")  # "Calder & Finch"
    # "Epic's Horde": the maker of a product; a language's possessive introduces its own library ("Rust's Tokio")
    possessive = written is not None and written.replace("\u2019", "'").lower().endswith("'s")
    if possessive and match.end < len(words) and words[match.end][:1].isupper() and (
        match.skill.category != _LANGUAGES
    ):
        return Verdict(False, 0.0, f"the maker of a product: '{written} {words[match.end]}'")
    organisation = next((i for i in range(match.end, min(len(words), match.end + 3)) if lower[i] in _ORGANISATION_WORDS
                         and all(w[:1].isupper() for w in words[match.end : i + 1])), None)
    if organisation is not None:  # "Epic Games", "Harbor Valley Health System"
        name = " ".join(words[match.start : organisation + 1])
        return Verdict(False, 0.0, f"part of an organisation's name: '{name}'")
    if (number := _DOCUMENT_NUMBER.get(key)) is not None and number.fullmatch(nxt):
        return Verdict(False, 0.0, f"a document's number: '{surface} {nxt}'")  # "RFC 3261", "TS 23.501"
    before = words[match.start - 1] if match.start > 0 else ""
    if key in _LAW_NAMES and before.isalpha() and before[:1].isupper():
        return Verdict(False, 0.0, f"a law's name: '{before} {surface}'")  # "the Statistics Act"
    named = names_a_person_or_place(lower, match)
    if named:
        return Verdict(False, 0.0, named)
    evidence: list[str] = []
    if knowledge_prob >= (_STRONG_TAGGER if key in _NEEDS_EVIDENCE else 0.5):
        evidence.append("tagger")
    # A practice nearby ("software development", "cybersecurity") lists a capitalised name ("data quality checks
    # (Great Expectations)"), not a lower-case word ("for next gen", "articulate in business terms"); and a
    # lower-case word not written as the skill writes itself is listed only with list punctuation between ("node,
    # express"), not in running text ("node autoscaling with Karpenter", "the first sketch in Figma").
    # A word whose only accepted casing is a capital ("Mode", "Shiny") says nothing by it at a sentence's start
    # ("Evidently, ...", "Shiny new tools"): there only a list does.
    opening_word = at_bullet and match.alias.exact is not None and len(key) > 2
    capitalised = surface[:1].isupper() and not opening_word
    if any(
        o is not match and _near(o, match) and (capitalised or o.skill.kind == "technology") and _is_strong(words, o)
        and (capitalised or (own_case and not opening_word) or _listed_with(lower, o, match))
        for o in others
    ):
        evidence.append("list")
    if nxt in _TECH_NEXT or (prev in _PREPOSITIONS and prev2 in _TECH_PREV_PAIR) or prev in _LIST_PREV or (
        nxt == "or" and _a_kind_of_thing(lower[match.end + 1 : match.end + 3])
    ) or (own_case and ((written is not None and _HYPHEN in written) or (prev == ":" and prev2 in _ASKING_LABELS))) or (
        own_case_mid and prev in _CODE_VERBS and match.skill.category == _LANGUAGES
    ):
        evidence.append("cue")
    if own_case_mid and key not in _NEEDS_EVIDENCE:
        evidence.append("casing")
    if not evidence:
        return Verdict(False, 0.0, NO_CONTEXT)
    confidence = min(0.9, 0.5 + 0.15 * len(evidence))
    return Verdict(True, confidence, "+".join(evidence))


_LIKE_IT = _words("similar equivalent comparable another")


def _a_kind_of_thing(after_or: Sequence[str]) -> bool:
    """"Airflow or a similar orchestrator", "Packer or equivalent", "Chef or another CM tool": a product of a kind
    ("EMR or other regulated-software background" is no such list)."""
    if after_or[:1] and after_or[0] in {"a", "an"}:
        after_or = after_or[1:]
    return bool(after_or) and after_or[0] in _LIKE_IT
