"""Skill level (required / preferred / nice) from the section a mention sits in and cue words in its sentence.

Sections are recognised from short heading lines ("Requirements:", "Nice to have", "What we offer"). A cue in the
sentence wins over the section ("experience with X is a plus" → preferred, even under "Requirements").
``required`` = must-have, ``preferred`` = nice-to-have, ``nice`` = mentioned but not emphasised (as the original).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass

LEVELS = ("required", "preferred", "nice")
LEVEL_RANK = {"required": 0, "preferred": 1, "nice": 2}

_PREFERRED_HEAD = re.compile(
    r"nice[- ]to[- ]have|bonus|preferred|pluses|\bplus\b|desir|optional|extra credit|would be (?:great|nice)|"
    r"good to have|ideally|not required|brownie points|stand out|"
    r"atouts?\b|von vorteil|wünschenswert|deseable|pluspunt|diferencial",  # French, German, Spanish, Dutch, Portuguese
    re.I,
)
_REQUIRED_HEAD = re.compile(
    r"requirement|qualification|must[- ]haves?|what you(?:'ll)? (?:need|bring)|who you are|about you|"
    r"you(?:'ll)? (?:likely |probably |ideally |already )?have|"
    r"you bring|look(?:ing)? for|skills|experience|your profile|profile|we expect|essential|minimum|"
    r"what it takes|you should have|you are|you'?re|"
    r"profil|compétences|anforderungen|mitbringst|mitbringen|perfil|requisitos|requerimientos|wat vragen wij|"
    r"wat breng je mee|functie-eisen",
    re.I,
)
_BENEFITS_HEAD = re.compile(
    r"benefits|perks|we offer|what you(?:'ll)? get|compensation|salary|why join|why work|equipment|our offer|"
    r"avantages|nous offrons|wir bieten|ofrecemos|beneficios|benefícios|wat bieden wij|arbeitsvoraussetzungen",
    re.I,
)
# "About Lumen ID" is the company too; "About the role" and "About you" are not.
_COMPANY_HEAD = re.compile(
    r"about (?:us|our|the company)|^about (?!(?:the|this|you|your)\b)|who we are|company|"
    r"(?<!your )mission(?!s)|culture|values|what we(?:['’]ve| have) built|what else|"
    r"^other (?:work|things|projects|engagements|clients)\b|"
    r"qui sommes[- ]nous|über uns|wer wir sind|sobre nosotros|quiénes somos|sobre nós|quem somos|over ons|"
    r"wie zijn wij|chi siamo", re.I
)
_OTHER_HEAD = re.compile(
    r"responsibilit|what you(?:'ll| will)? (?:do|work on)|the role|your role|your mission|about the|tasks|"
    r"day[- ]to[- ]day|"
    r"process|good to know|worth knowing|please note|a note on|\bnote\b|"
    r"le poste|missions|aufgaben|funciones|responsabilidades|tareas|je taken|wat ga je doen|atribuições",
    re.I,
)
# How the hiring works ("Interview process", "How to apply"): its video-call tools and test platforms are not asked.
_HIRING_HEAD = re.compile(
    r"interview|hiring process|recruit(?:ment|ing) process|application process|selection process|how to apply|"
    r"next steps|processus de recrutement|bewerbungsprozess|proceso de selección|sollicitatieprocedure",
    re.I,
)
# A heading over things the role does not ask for ("Not part of this role", "What we don't need").
_NOT_ASKED_HEAD = re.compile(
    r"not part of|isn['’]?t part of|what we don['’]?t need|what you won['’]?t|won['’]?t be doing|out of scope|"
    r"wider stack|rest of (?:the|our) stack|"
    r"not (?:needed|expected|necessary)|^not required$|not (?:in|for) this role|^not yours$|won['’]?t own|"
    r"we don['’]?t care about|(?:do not|don['’]?t|won['’]?t|will not) need|"
    r"not your (?:job|work|area|concern|responsibility)",
    re.I,
)
# One word boundary in front of the alternation: with a boundary inside each alternative the engine tried all of
# them at every character (13 µs a sentence, 6 % of local extraction; bench/skills.py).
_PREFERRED_CUE = re.compile(
    r"\b(?:nice[- ]to[- ]have|bonus\b|a (?:big |huge )?plus\b|pluses\b|preferred\b|preferabl[ey]\b|ideally\b|"
    r"desirable\b|desired\b|familiarity\b|exposure to\b|would be (?:great|nice|helpful|beneficial)\b|"
    r"not required\b|good to have\b|appreciated\b|advantage(?:ous)?\b|is a plus\b|nice\b)",
    re.I,
)
_REQUIRED_CUE = re.compile(
    r"\bmust\b|\brequired\b|\brequire[sd]?\b|\bneed(?:ed|s)?\b|\bessential\b|\bstrong\b|\bsolid\b|\bproficien|"
    r"\bexpert|\bdeep\b|\bextensive\b|\b\d+\+?\s*(?:\+\s*)?years?\b|\bexperience (?:with|in|using|of)\b|"
    r"\bproven\b|\bhands[- ]on\b|\bmandatory\b|\bminimum\b|\bfluent\b|\bfluency\b|\bin[- ]depth\b",
    re.I,
)
_HEADING_MAX_WORDS = 8
_LABEL_WITH_VALUE = re.compile(r"\S:\s+\S")  # "Interview: Video"
_ASKING = frozenset({"required", "preferred"})
# A heading that opens a topic of its own ("What we're leaving behind", "What's changing") ends a requirements
# section; a label ("Backend", "Python and PostgreSQL" as a list item) may stand inside it.
_TOPIC_HEAD = re.compile(r"(?:what|why|how|where|who|when)\b", re.I)
_YOU_WILL = r"you(?:['’]ll| will| would| are|['’]re)\b"  # the posting speaks to the candidate about the role
_ADDRESSES_THE_CANDIDATE = re.compile(rf"\s*(?:[-*•]\s*)?{_YOU_WILL}", re.I)
_STACK_HEAD = re.compile(r"\b(?:stack|tools|tooling|tech)\b", re.I)


# A team's block in a map of the teams: "Infrastructure (you + 4)", "Data (5)", "Product squads (14 people)".
_TEAM_HEAD = re.compile(
    r"^[^()]{2,40}?\s*\((?:you\b[^)]{0,25}|\d+\s*(?:people|engineers|devs|developers|folks|squads|teams)?)\)$",
    re.I,
)
_YOUR_TEAM = re.compile(r"\(you\b", re.I)
_BULLET = re.compile(r"\s*(?:[-•*+]\s|\d+[.)]\s)")


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    kind: str  # required, preferred, other, benefits, company, hiring, not_asked, another_team, title


def find_sections(text: str, title_end: int, headings: Collection[int] = ()) -> list[Section]:
    """Sections in text order; the title (``[0, title_end)``) is its own section of kind ``title``. ``headings``:
    offsets of lines that were HTML headings (``MappedText.headings``), headings at any length like markdown's."""
    sections = [Section(0, "title")] if title_end > 0 else []
    if title_end <= 0:
        sections.append(Section(0, "other"))
    pos = 0
    heads: list[tuple[int, bool | None]] = []  # every heading line: (start, None or whether it is the role's team)
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if start < title_end:
            continue
        stripped = line.strip().lstrip("#*-• ").strip().replace("\u2019", "'")  # "What you’ll do" (&#8217;)
        if not stripped:
            continue
        words = stripped.split()
        is_heading = len(words) <= _HEADING_MAX_WORDS and (
            stripped.endswith(":") or stripped.endswith("?") or not re.search(r"[.,;]$", stripped)
        )
        if not is_heading or _LABEL_WITH_VALUE.search(stripped.rstrip(":")):
            _labelled_line(sections, stripped, start, pos)
            continue  # "Interview: Video", "Location: Remote" is a label with its value, not a heading
        team = _TEAM_HEAD.match(stripped.rstrip("*_:").strip())
        if not _BULLET.match(line):  # a list item is no heading between team blocks
            heads.append((start, bool(_YOUR_TEAM.search(stripped)) if team else None))
        # a markdown heading ("## Not your job (but good to know)") or a label with a colon is a heading at any length
        marked = line.lstrip().startswith("#") or start in headings
        kind = _heading_kind(stripped, strict=not (stripped.endswith(":") or marked))
        if kind == "company" and "mission" in stripped.lower() and _ADDRESSES_THE_CANDIDATE.match(text, pos):
            kind = "other"  # "The mission" over "You will join the squad ..." is the role's, not the company's
        if kind is None and sections and sections[-1].kind == "company" and not _BULLET.match(line):
            kind = "other"  # any other heading ends the about-us section (its skills are the company's), no list item
        elif kind is None and sections and sections[-1].kind in _ASKING and _TOPIC_HEAD.match(stripped):
            kind = "other"  # "What we're leaving behind" after the requirements is not a requirement
        elif kind is None and sections and sections[-1].kind == "not_asked" and (
            _STACK_HEAD.search(stripped) or _TOPIC_HEAD.match(stripped)
        ):
            kind = "other"  # "Our stack, in one line", "How we work" after "What you won't need" is the role's again
        if kind:
            sections.append(Section(start, kind))
    if title_end > 0 and (len(sections) == 1 or sections[1].start > title_end):
        sections.insert(1, Section(title_end, "other"))
    return _intro_as_company(text, _team_blocks(sections, heads), html=bool(headings))


def _labelled_line(sections: list[Section], line: str, start: int, end: int) -> None:
    """A line that opens on a label: "What you won't do: write trading code. Our strategies are C++ ..." is not asked
    (to the end of the line); "Tools you'll use day-to-day: Jira, Confluence" after a not-needed section ends it."""
    label = _LINE_LABEL.match(line)
    if label is None:
        return
    if not_asked_heading(label.group(1)):
        sections.extend((Section(start, "not_asked"), Section(end, sections[-1].kind if sections else "other")))
    elif sections and sections[-1].kind == "not_asked" and _heading_kind(label.group(1), strict=False) in (
        "required", "preferred", "other"
    ):
        sections.append(Section(start, "other"))


_LINE_LABEL = re.compile(r"([^:.!?]{3,60}):[*_]*\s+\S")  # "Not needed: X", "**Not needed:** X"


def _team_blocks(sections: list[Section], heads: list[tuple[int, bool | None]]) -> list[Section]:
    """In a run of team blocks, one of them the role's ("Infrastructure (you + 4)"), the other teams' blocks ("Data
    (5)") are theirs; the first heading after the run ends the last block."""
    kinds = {s.start: s.kind for s in sections}
    marked: dict[int, str] = {}
    run: list[tuple[int, bool]] = []
    for start, yours in [*heads, (-1, None)]:  # a sentinel heading closes the last run
        if yours is not None:
            run.append((start, yours))
            continue
        if len(run) >= 2 and sum(mine for _, mine in run) == 1:
            marked.update((begin, "other" if mine else "another_team") for begin, mine in run)
            if start >= 0:
                marked.setdefault(start, kinds.get(start, "other"))
        run = []
    if not marked:
        return sections
    kept = [s for s in sections if s.start not in marked]
    return sorted([*kept, *(Section(start, kind) for start, kind in marked.items())], key=lambda s: s.start)


def _intro_as_company(text: str, sections: list[Section], html: bool) -> list[Section]:
    """The opening paragraph before any heading, when it does not speak of the role, is the company's blurb; so is
    the paragraph after the title's lines ("# Senior Engineer", "**Acme** | Remote (EU) | €80k") that opens on the
    company ("Acme is ...")."""
    body = next((i for i, s in enumerate(sections) if s.kind != "title"), None)
    if body is None or sections[body].kind != "other":
        return sections
    following = sections[body + 1].start if body + 1 < len(sections) else len(text)
    start, end = _paragraph(text, sections[body].start, following, html)
    line_start, line_end = start, end
    for _ in range(_META_LINES):
        if not _META_LINE.match(text[line_start:line_end]):
            break
        line_start, line_end = _paragraph(text, line_end, following, html)
        if line_end < following and _COMPANY_OPENING.match(text[line_start:line_end]):
            start, end = line_start, line_end
            break
    if end >= following or end >= len(text) or _ROLE_CUE.search(text[start:end]):
        return sections
    return [*sections[:body], Section(sections[body].start, "company"), Section(end, "other"), *sections[body + 1 :]]


def _paragraph(text: str, start: int, following: int, html: bool) -> tuple[int, int]:
    """The paragraph from ``start`` (blank lines skipped): up to a blank line, or in text from HTML with headings,
    where no blank line comes before the next heading, up to the line's end (a line per ``<p>``)."""
    while start < len(text) and text[start] == "\n":
        start += 1
    end = text.find("\n\n", start)
    if html and not 0 <= end < following:
        end = text.find("\n", start)
    return start, len(text) if end < 0 else end


_META_LINES = 2
# a markdown heading, or a short line that is no sentence (no full stop): the company's name, place, salary
_META_LINE = re.compile(r"#|(?![-*•]\s|\d+[.)]\s)(?!(?:\S+\s+){20})(?![^\n]*[.!?](?:\s|$))")
_COMPANY_OPENING = re.compile(
    r"(?:At )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3},? (?:is|are|was|builds?|makes?|helps?|gives|lets|provides?|"
    r"develops?|powers?|runs?|offers?|turns?)\b|We(?:['’]re| are| build| make| help)\b"
)


_ROLE_CUE = re.compile(
    rf"\b{_YOU_WILL}|\bwe(?:['’]re| are) (?:looking|hiring|seeking)|"
    r"\b(?:this|the) (?:role|position)\b|\bjoin\b|\bas an? \w+|\bcandidate|\bour (?:tech )?stack\b",
    re.I,
)


def not_asked_heading(heading: str) -> bool:
    """"Not needed", "What you won't need", "Out of scope": a heading over what the role does not ask for."""
    return bool(_NOT_ASKED_HEAD.search(heading.rstrip(":?").strip()))


def _heading_kind(heading: str, strict: bool) -> str | None:
    if strict and len(heading.split()) > 5:
        return None  # a short sentence without a colon is a heading only when it is very short
    if not_asked_heading(heading):
        return "not_asked"
    if _PREFERRED_HEAD.search(heading):
        return "preferred"
    if _BENEFITS_HEAD.search(heading):
        return "benefits"
    if _COMPANY_HEAD.search(heading):
        return "company"
    if _HIRING_HEAD.search(heading):
        return "hiring"
    if _OTHER_HEAD.search(heading):
        return "other"
    if _REQUIRED_HEAD.search(heading):
        return "required"
    return None


class LevelDetector:
    """Decides the level of a mention from its offset and its sentence."""

    def __init__(self, text: str, title_end: int, headings: Collection[int] = ()) -> None:
        self.sections = find_sections(text, title_end, frozenset(headings))
        self._starts = [s.start for s in self.sections]

    def section_at(self, offset: int) -> str:
        index = bisect_right(self._starts, offset) - 1
        return self.sections[index].kind if index >= 0 else "other"

    def level(self, offset: int, sentence: str) -> str:
        section = self.section_at(offset)
        if section == "title":
            return "required"
        if _PREFERRED_CUE.search(sentence):
            return "preferred"
        if section == "preferred":
            return "preferred"
        if section == "required" or _REQUIRED_CUE.search(sentence):
            return "required"
        return "nice"
