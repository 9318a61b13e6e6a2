"""Read the sentences of a job description that say where a hire may live or how the work is arranged.

Statements found (each with the sentence it quotes):

* ``restrict``: "must be based in the EU", "open to candidates in Germany, Spain", "we hire in these countries:
  ...", "fully remote within Portugal", "we can only hire people who live in Switzerland";
* ``auth``: work authorisation or residence status — "authorised to work in the US", "EU work permit",
  "UK right to work", "US citizens";
* ``exclude``: "we are unable to hire in California", "anywhere in Europe except Germany";
* ``widen``: "work from anywhere", "we hire globally", "no location restrictions";
* ``window``: time-zone windows — "within ±2 h of CET", "UTC-1 to UTC+3", "must work in EST";
* ``hybrid`` / ``onsite`` / ``remote``: the arrangement — "3 days a week in our Lisbon office", "this is a
  hybrid role", "this role is fully remote".

Preferences ("EU-based candidates preferred") and negations ("you don't need to be based in the US") restrict
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobsearch_pipelines.lib.remote.places import Place, find_places
from jobsearch_pipelines.lib.remote.timezones import Window, find_window

_SENTENCE = re.compile(r"[^\n.!?;]+(?:[.!?;]+(?=\s|$)|$)|[^\n]+", re.MULTILINE)
# Who a residence rule is about: applicants, not the current team ("our people are based in India" describes).
_WHO = r"(?:candidates?|applicants?|applications|anyone|individuals|talent|professionals|hires|new hires|someone|" \
       r"those|residents|you(?:'re| are)?)"
_RESTRICT = [
    re.compile(r"\b(?:must|should|need to|needs to|required to|have to|has to|will need to|expected to)\s+"
               r"(?:be\s+)?(?:currently\s+|already\s+|permanently\s+|legally\s+|physically\s+)?"
               r"(?:based|located|living|resid(?:e|ing)|resident|live|situated|domiciled|working|work)\s+"
               r"(?:and\s+\w+\s+)?(?:in|within|inside|out of|from|anywhere in|in one of)\b", re.I),
    re.compile(rf"\b{_WHO}\s+(?:who\s+(?:are|live|reside)\s+|that\s+(?:are|live)\s+|currently\s+)?"
               r"(?:based|located|living|residing|resident|situated)\s+(?:in|within|anywhere in|across|throughout)\b",
               re.I),
    re.compile(rf"\b(?:open|available|restricted|limited)\s+(?:only\s+)?(?:to|for)\s+(?:{_WHO}\s+)?(?:who are\s+)?"
               r"(?:based\s+|located\s+|living\s+|residing\s+)?(?:in|within|across|from|anywhere in"
               r"|throughout)\b", re.I),
    re.compile(r"\b(?:we\s+(?:can|are able to|are only able to|can only|only|currently|are currently|are|will)\s+"
               r"(?:only\s+)?(?:hire|hiring|employ|recruit|recruiting|accept|consider|considering|support employment)"
               r"|(?:hiring|recruiting|accepting applications)\s+(?:only\s+)?(?:[a-z]+\s+){0,2}?)\s*"
               rf"(?:{_WHO}\s+)?(?:who\s+(?:are|live|reside)\s+)?(?:based\s+|located\s+|living\s+|residing\s+)?"
               r"(?:in|from|within|across|throughout)\b", re.I),
    re.compile(r"\b(?:this|the)\s+(?:role|position|job|opening|vacancy|opportunity)\s+(?:is|can be|will be)\s+"
               r"(?:a\s+)?(?:fully\s+|100%\s+)?(?:remote\s+|open\s+|available\s+|based\s+|located\s+)"
               r"(?:role\s+|position\s+)?(?:to\s+candidates\s+|for\s+candidates\s+)?"
               r"(?:in|within|across|from|for|throughout|anywhere in)\b", re.I),
    re.compile(r"\bremote(?:ly)?(?:\s+work(?:ing)?)?\s*(?:\(|-|–|,)?\s*(?:in|within|across|from|throughout|anywhere in|"
               r"inside)\b", re.I),
    re.compile(r"\bwork(?:ing)?\s+(?:remotely\s+|fully remotely\s+|from home\s+)?from\s+(?:anywhere\s+)?"
               r"(?:in|within|across|inside)\b", re.I),
    re.compile(r"\banywhere\s+(?:in|within|across|throughout|inside)\b", re.I),
    re.compile(r"\b(?:hire|hiring|employ|recruit|recruiting|accept applications)\w*\s+(?:in|from)\s+(?:the\s+)?"
               r"(?:following|these|those)\s+(?:countries|locations|regions|states)\s*:?", re.I),
    re.compile(r"\b(?:countries|locations|regions)\s+(?:where|in which)\s+we\s+(?:can\s+|currently\s+)?"
               r"(?:hire|employ|operate|are hiring)\s*:?", re.I),
    re.compile(r"(?:^|\b)(?:location|locations|eligible (?:locations|countries)|country|countries|region|"
               r"remote location|based|work location)\s*:\s*", re.I),
]
_AUTH = [
    re.compile(r"\b(?:authori[sz]ed|authori[sz]ation|eligible|eligibility|entitled|(?:the\s+|a\s+|full\s+|legal\s+)?"
               r"right|permission|permitted|allowed|legally\s+(?:able|allowed|permitted|entitled|authori[sz]ed))"
               r"\s+(?:to\s+)?(?:live\s+and\s+|reside\s+and\s+)?work\s+(?:\w+\s+){0,3}?(?:in|within|for"
               r"|across)\b", re.I),
    re.compile(r"\bwork(?:ing)?\s+(?:authori[sz]ation|permit|visa|rights?|eligibility)\s+(?:for|in|within"
               r"|to work in)\b",
               re.I),
    re.compile(r"\b(?:citizens?|citizenship|nationals?|passport holders?|permanent residents?)\s+(?:of|in"
               r"|from)\b", re.I),
]
_AFTER_PLACE_AUTH = re.compile(
    r"^[\s\-–]*(?:based\s+)?(?:work\s+(?:authori[sz]ation|permit|visa|rights?|eligibility)|citizen(?:s|ship)?|"
    r"passport|national(?:s|ity)?\b|residen(?:cy|ce|t|ts)\b|right to work|permanent resident|tax resident)", re.I)
_AFTER_PLACE_ONLY = re.compile(
    r"^[\s\-–]*(?:only\b|exclusively\b|-only\b|based\s+(?:candidates|applicants|only|individuals|professionals|"
    r"talent|hires|employees|engineers|developers|remote|role|position)|residents\s+only)", re.I)
_EXCLUDE = [
    re.compile(r"\b(?:unable|not able|cannot|can't|can not|won't|will not|do not|don't|are not able|aren't able|"
               r"not currently able|not in a position|no longer)\s+(?:to\s+)?(?:hire|employ|consider|accept|support|"
               r"engage|work with|onboard|sponsor)\b[^.;]{0,40}?\b(?P<prep>outside(?:\s+of)?|in|from|based in|"
               r"located in|residing in|living in|who (?:live|reside|are based|are located) in)\b", re.I),
    re.compile(r"\b(?:excluding|except(?:\s+for|\s+in|\s+from)?|with the exception of|other than"
               r"|not including)\b", re.I),
    re.compile(r"\b(?:not|isn't|is not|aren't|are not)\s+(?:open|available|eligible)\s+(?:to\s+(?:candidates|"
               r"applicants|residents|people)\s+)?(?:(?:based|located|residing|living)\s+)?(?:in|from)\b", re.I),
    re.compile(r"\b(?:must|should)\s+not\s+be\s+(?:based|located|living|residing)\s+in\b", re.I),
]
_WIDEN = [
    re.compile(r"\b(?:from|work(?:ing)?\s+from|based|located|live|living|hire|hiring|join us)\s+anywhere"
               r"(?!\s+(?:in|within|across|inside|throughout|on)\b)", re.I),
    re.compile(r"\banywhere in the world\b|\banywhere on (?:the )?(?:planet|globe|earth)\b", re.I),
    re.compile(r"\b(?:hires?|hiring|recruits?|recruiting|employs?|employing|talent|candidates|applicants|team members"
               r"|open|distributed|looking|operations|people)"
               r"\s+(?:\w+\s+){0,3}?(?:globally|worldwide|internationally|from all over the world"
               r"|from around the world|"
               r"from any country|all over the world|across the (?:globe|world)"
               r"|(?:all\s+)?around the (?:globe|world))\b",
               re.I),
    re.compile(r"\bwe(?:'re|\s+are)\s+(?:\w+\s+)?(?:worldwide|global)\b(?!\s+(?:company|leader|brand|team|"
               r"business|platform|provider|organi[sz]ation))", re.I),
    re.compile(r"\bopen\s+to\s+(?:hiring\s+)?(?:international|overseas|foreign)\s+(?:candidates|employees|"
               r"applicants|hires|talent|team members|people|contributors)\b", re.I),
    re.compile(r"\b(?:considering|consider|welcome|welcoming|accepting|accept)\s+(?:\*+\s*)?(?:worldwide|global|"
               r"international)(?:\s*\*+)?\s+(?:applicants|candidates|applications|hires|talent)\b", re.I),
    re.compile(r"\bfrom\s+wherever\b|\bwherever\s+(?:\w+\s+)?(?:in|on)\s+the\s+(?:world|globe|planet)\b", re.I),
    re.compile(r"\bno\s+(?:location|geographic(?:al)?|geo|country)\s+(?:restrictions?|requirements?|limitations?)\b",
               re.I),
    re.compile(r"\b(?:employees|team members|people|staff|team|we)\s+(?:are\s+)?(?:located|based|spread|distributed|"
               r"scattered|living|work(?:ing)?)\s+(?:\w+\s+){0,2}?(?:worldwide|all over the world|around the (?:world"
               r"|globe)|"
               r"across the globe|globally|throughout the world|on (?:every|all|\w+) continents?)\b"
               r"|\b(?:team|company)\s+spans\s+the\s+(?:globe|world)\b", re.I),
    re.compile(r"\blocation[- ]independent\b|\bregardless of (?:your |their )?(?:location|where you live|country)\b|"
               r"\bwherever you (?:are|live|call home|are based)\b|\bfrom any (?:country|location)\b", re.I),
]
# Where the current team lives: weaker than a rule, but says where the company employs people.
_TEAM = [
    re.compile(r"\b(?:employees|team members|people|staff|colleagues|team|we|engineers|developers|workforce|"
               r"collaborators)\s+(?:\w+\s+){0,2}?(?:are\s+|is\s+)?(?:located|based|spread|distributed|scattered"
               r"|living|"
               r"working|work|live|sitting)\s+(?:\w+\s+){0,2}?(?:across|throughout|around|over|in|from)\b", re.I),
    re.compile(r"\b(?:we have|there are|with)\s+(?:\w+\s+){0,2}?(?:employees|team members|people|staff|engineers|"
               r"developers|colleagues)\s+(?:\w+\s+)?(?:in|from|across|all over|around|throughout)\b", re.I),
    re.compile(r"\bteams?\s+(?:is|are)\s+(?:mostly\s+|mainly\s+|primarily\s+|all\s+)?(?:in\s+|from\s+)?(?=[A-Z])"),
    re.compile(r"\b(?:engineering|development|dev|tech|product|support|sales)\s+teams?\s+(?:is\s+|are\s+)?"
               r"(?:based\s+)?in\b", re.I),
    re.compile(r"\b(?:team|company)\s+(?:spans|covers)\b", re.I),
    re.compile(r"\bspread\s+(?:out\s+)?(?:across|throughout|around|over)\b", re.I),
]
_OFFICE_DAYS = re.compile(
    r"\b(?:\d|one|two|three|four|five|1-2|2-3|3-4|1 to 2|2 to 3|3 to 4)\s*(?:\+\s*)?(?:days?|x)\s*(?:a|per|each|every"
    r"|/|"
    r"of the)\s*week\s+(?:in|at|from|into|out of)\b"
    r"|\b(?:in|at|into|to|from)\s+(?:the|our|an?)\s+(?:[\w-]+\s+){0,3}?(?:office|offices|hub|studio|hq|headquarters)\s+"
    r"(?:\w+\s+){0,3}?(?:(?:\d|one|two|three|four|five|2-3|1-2)\s*(?:days?|times)|once|twice)\s*(?:a|per|each|every|/)"
    r"\s*(?:week|wk)\b"
    r"|\b(?:in[- ]office|on[- ]?site)\s+(?:\w+\s+){0,2}?(?:\d|one|two|three|four|twice)\s*(?:days?|times)\s*(?:a|per|/)"
    r"\s*week\b"
    r"|\b(?:\d|one|two|three|four|five)\s+(?:office|in-office|on-?site)\s+days?\b", re.I)
_HYBRID = re.compile(
    r"\b(?:this|the)\s+(?:role|position|job|opportunity)\s+is\s+(?:a\s+)?hybrid\b|\bhybrid\s+(?:role|position|"
    r"working model|work model|work arrangement|working arrangement|schedule|setup|set-up|opportunity|job|work)\b"
    r"|\bhybrid\s*\((?:\d|one|two|three)|\bin a hybrid (?:capacity|model|setup|set-up|way)\b|\bhybrid[- ]remote\b",
    re.I)
_ONSITE = re.compile(
    r"\b(?:this|the)\s+(?:role|position|job)\s+is\s+(?:an?\s+)?(?:fully\s+)?(?:on[- ]?site|in[- ]office|"
    r"office[- ]based|in[- ]person)\b|\b(?:fully\s+)?(?:on[- ]?site|office[- ]based|in[- ]office)\s+(?:role|position"
    r"|job)\b"
    r"|\b(?:this|it)\s+is\s+not\s+a\s+(?:fully\s+)?remote\b|\bnot\s+(?:a\s+)?(?:fully\s+)?remote\s+(?:role|position"
    r"|job)\b"
    r"|\b(?:must|will need to|required to|expected to)\s+(?:be\s+able\s+to\s+)?(?:commute|relocate|work from (?:the"
    r"|our) "
    r"office|come (?:in)?to (?:the|our) office)", re.I)
_REMOTE_STRONG = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|full[- ]time|permanently)\s+remote(?:ly)?\b|\b(?:this|the)\s+(?:role"
    r"|position|"
    r"job|opportunity)\s+is\s+(?:a\s+)?(?:fully\s+)?remote\b|\bremote\s+(?:role|position|job|opportunity|contract)\b"
    r"|\bwork\s+(?:fully\s+)?remotely\b|\bwork from (?:home|anywhere)\b|\bremote[- ]only\b", re.I)
_REMOTE_WEAK = re.compile(r"\bremote[- ]first\b|\bremote[- ]friendly\b|\bremote work\b|\bdistributed team\b", re.I)
_REMOTE_OPTION = re.compile(r"\bor\s+(?:fully\s+)?remote(?:ly)?\b|\bremote\s+option\b|\bfully remote (?:is"
                            r"|also) possible\b"
                            r"|\bopen to (?:fully\s+)?remote\b", re.I)
_NEGATED = re.compile(r"(?:don't|do not|doesn't|does not|no need to|not required to|needn't|not necessary to|"
                      r"not have to|don't have to|not need to)\s+(?:\w+\s+){0,2}$", re.I)
_SOFT = re.compile(r"\b(?:prefer|preferred|preferably|ideally|bonus|nice to have|a plus|advantage|preference)\b"
                   r"|\b(?:certain|some|select(?:ed)?|a few)\s+(?:job\s+)?(?:roles|positions|openings|jobs|vacancies"
                   r"|projects)\b",
                   re.I)
# A line that is (almost) only places: "Worldwide", "Americas and Europe.", "Ukraine, Poland", "EMEA region".
_PLACE_LINE_HEAD = re.compile(r"^(.*?)(?:\.\s|\.$|!|\s[-–—]\s|,\s*but\b|\bbut\b|;|:|,\s*and\b|\s+and\s+(?:that|if"
                              r"|as long|"
                              r"you|all|we)\b|,\s*(?:as long|if|provided|with|where|while|we|our|or)\b|$)", re.S)
_VAGUE_WORLD = frozenset({"global", "globally", "international", "internationally", "anywhere", "everywhere"})
_PLACE_LINE_FILLER = frozenset({
    "and", "or", "the", "in", "of", "only", "remote", "region", "regions", "countries", "country", "based",
    "mostly", "mainly", "primarily", "currently", "all", "with", "plus", "etc", "company", "locations", "location",
    "time", "zones", "zone", "timezones", "timezone", "area", "areas", "hiring", "within", "from", "across", "any",
    "anywhere", "wide", "we", "hire", "us", "our", "employees", "team", "members", "positions", "roles", "openings",
    "available", "open", "to", "for", "is", "are", "preferred", "time-zones", "utc", "gmt", "cet", "est", "pst",
    "eet",
})
_SCHEDULE = re.compile(r"\b(?:calls?|meetings?|scheduled?|stand-?ups?)\b", re.I)
_CLAUSE_END = re.compile(r"[.;!?]|\b(?:but|however|although|while|unless|except|excluding|other than|and (?:have|be"
                         r"|are|must|can|will|hold)|"
                         r"who|which|with|without|to join|to work with|because|so that|where you|if you|in order)\b",
                         re.I)
_NOT_RESIDENCE = re.compile(r"^\s*(?:a|an|the)?\s*(?:fast|dynamic|team|collaborative|startup|agile|cross|hybrid|"
                            r"office|environment)", re.I)
PLACE_WITHIN = 80  # a trigger's places must start within this many characters after it


@dataclass
class Statement:
    kind: str  # restrict, auth, exclude, widen, window, hybrid, onsite, remote, remote_weak, place_line, team
    quote: str
    codes: list[str] = field(default_factory=list)
    window: Window | None = None
    soft: bool = False


def sentences(text: str) -> list[str]:
    """Sentences and list items of a plain-text description (bullets and headings are their own sentences)."""
    return [s.strip(" -•*\t") for s in _SENTENCE.findall(text or "") if s.strip(" -•*\t")]


def _clause(sentence: str, start: int) -> str:
    rest = sentence[start:start + 220]
    end = _CLAUSE_END.search(rest, 1)
    return rest[:end.start()] if end else rest


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding sentence[start:end]: "open to hiring worldwide, though some prefer X" -> the first part."""
    bounds = re.compile(r"[,;:]\s|\b(?:but|though|although|however|while)\b", re.I)
    left = max((m.end() for m in bounds.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in bounds.finditer(sentence, end)), len(sentence))
    return sentence[left:right]


def _places_after(sentence: str, start: int) -> tuple[list[Place], Window | None]:
    clause = _clause(sentence, start)
    if _NOT_RESIDENCE.match(clause):
        return [], None
    places = [p for p in find_places(clause, description=True) if p.start <= PLACE_WITHIN]
    if places:  # a list continues while places follow each other closely
        kept = [places[0]]
        for place in places[1:]:
            if place.start - kept[-1].end > 40:
                break
            kept.append(place)
        places = kept
    return places, find_window(clause) if not places else None


def read_description(text: str | None) -> list[Statement]:
    out: list[Statement] = []
    for sentence in sentences(text or ""):
        out.extend(_read_sentence(sentence))
    return out


def _quote(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _read_sentence(sentence: str) -> list[Statement]:
    out: list[Statement] = []
    quote = _quote(sentence)
    soft = _SOFT.search(sentence) is not None
    lowered = sentence.lower()

    if _OFFICE_DAYS.search(sentence) or (_HYBRID.search(sentence) and "hybrid cloud" not in lowered):
        out.append(Statement("hybrid", quote, soft=bool(_REMOTE_OPTION.search(sentence))))
    elif _ONSITE.search(sentence):
        out.append(Statement("onsite", quote))
    elif _REMOTE_STRONG.search(sentence):
        out.append(Statement("remote", quote))
    elif _REMOTE_WEAK.search(sentence):
        out.append(Statement("remote_weak", quote))

    for pattern in _EXCLUDE:
        for match in pattern.finditer(sentence):
            places, _ = _places_after(sentence, match.end())
            places = [p for p in places if p.kind in ("country", "region")]  # not "California" (a US state)
            if not places:
                continue
            prep = match.groupdict().get("prep") or ""
            kind = "restrict" if prep.lower().startswith("outside") else "exclude"
            out.append(Statement(kind, quote, [p.code for p in places], soft=soft))
    excluded_spans = any(s.kind == "exclude" for s in out)

    for kind, patterns in (("restrict", _RESTRICT), ("auth", _AUTH)):
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                if _NEGATED.search(sentence[max(0, match.start() - 40):match.start()]):
                    continue
                places, window = _places_after(sentence, match.end())
                if places:
                    out.append(Statement(kind, quote, [p.code for p in places], soft=soft))
                elif window is not None and kind == "restrict":
                    out.append(Statement("window", quote, window=window, soft=soft))

    line = _place_line(sentence)
    if line:
        out.append(Statement("place_line", quote, line, soft=soft))

    for place in find_places(sentence, description=True):
        after = sentence[place.end:place.end + 40]
        if _AFTER_PLACE_AUTH.search(after):
            out.append(Statement("auth", quote, [place.code], soft=soft))
        elif _AFTER_PLACE_ONLY.search(after) and not excluded_spans:
            out.append(Statement("restrict", quote, [place.code], soft=soft))

    for pattern in _TEAM:
        for match in pattern.finditer(sentence):
            places, _ = _places_after(sentence, match.end())
            if places:
                out.append(Statement("team", quote, [p.code for p in places if p.kind in ("country", "region")]))
    team_codes = {c for s in out if s.kind == "team" for c in s.codes}
    if team_codes:  # "Team is distributed across the US, ..., and Germany": about the team, not a line of places
        out = [s for s in out if s.kind != "place_line" or not set(s.codes) <= team_codes]
    if not any(s.kind in ("restrict", "auth", "place_line") for s in out):
        for pattern in _WIDEN:
            match = pattern.search(sentence)
            if match:
                clause_soft = _SOFT.search(_clause_around(sentence, match.start(), match.end())) is not None
                out.append(Statement("widen", quote, ["WORLDWIDE"], soft=clause_soft))
                break
    if not any(s.kind in ("restrict", "auth", "window", "place_line") for s in out) and not _SCHEDULE.search(sentence):
        window = find_window(sentence)
        if window is not None:
            out.append(Statement("window", quote, window=window, soft=soft))
    return out


def _place_line(sentence: str) -> list[str]:
    """The places of a line that names little else ("Worldwide - we hire everywhere" -> WORLDWIDE)."""
    head = _PLACE_LINE_HEAD.match(re.sub(r"[*_#>\[\]`]", " ", sentence))
    text = head.group(1) if head else sentence
    places = find_places(text, description=True)
    if len(re.findall(r"\w+", text)) > 3:  # "a global company", "international customers": not a place line
        places = [p for p in places if p.text.lower() not in _VAGUE_WORLD]
    if not places or len(text) > 160:
        return []
    covered = set()
    for place in places:
        covered.update(range(place.start, place.end))
    rest = "".join(ch if i not in covered else " " for i, ch in enumerate(text))
    words = [w for w in re.findall(r"[^\W\d_]+", rest.lower()) if w not in _PLACE_LINE_FILLER]
    if len(words) > 1:
        return []
    return list(dict.fromkeys(p.code for p in places if p.kind in ("country", "region")))
