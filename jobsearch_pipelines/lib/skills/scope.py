"""Scope rules: technologies a posting names without asking the candidate for them.

* **Excluded**: a negation cue governs the mention ("this is a Java role, not a JavaScript role", "no Rust work in
  this position", "we don't use PHP or Perl"). The cue covers the rest of its clause: a coordinated list of skills
  after it ("no Go, Rust or C++") but not what follows a clause break ("not required" after the mention is a
  level cue, handled by ``levels``).
* **Not needed**: a need cue after the mention denies it ("WordPress experience isn't needed", "prior Django
  experience is neither needed nor ..."; "not required" only without a plus word: "a plus but not required" is a
  level cue), or a negated need points back with a pronoun ("our merchants run Shopify and Magento, but you won't
  need any experience with them").
* **Someone else's**: the clause says another team owns it ("our React Native app is owned by another team",
  "written in Elixir and owned by the platform team", "our analytics team owns the warehouse (Snowflake, dbt)"),
  or it is the company's product in a blurb ("millions use our iOS and Android apps") or what that product connects
  to ("today we connect to Epic, Cerner and athenahealth"), or what its customers run ("our customers' webshops
  run on Magento"), or how the company itself communicates ("internally we communicate via Slack and plan our work
  in Linear", "collaboration happens in Microsoft Teams", "internally we use Slack", "on a Zoom call").
* **Retired or being left**: the sentence says it was decommissioned, retired or deprecated ("we retired our old
  TensorFlow models", "the AS/400 will be decommissioned"), or that it is being left ("we moved off Lever", "our
  legacy Nagios monitoring is being replaced by Prometheus"); not when the candidate leads the migration.
* **Denied by the next sentence** (``refers_back``): "Our customers connect Beacon to Datadog and Sentry. You don't
  need to know those tools", "... such as Gusto. Those integrations are owned by our Partner Platform team"; or by a
  later one in the same paragraph ("The API is Elixir/Phoenix. Content lives in Contentful. You won't need any of
  these", "None of that is your job", "The cloud team owns all of this", "Both belong to other teams").
* **Other owners by name**: "has its own team", "(server team is in charge)", "Data Engineering owns ingestion — ...",
  "Finance runs on Xero".
* **Equipment and perks**: a device follows the mention ("MacBook Pro or Linux laptop"), or the mention sits in a
  benefits section.
* **The company's channels**: a social network the company is reached on ("follow us on LinkedIn", "on our YouTube
  channel"); a profile link ("your LinkedIn profile URL", "a link to your GitHub or a Play Store app", "11k GitHub
  stars").
* **Company boilerplate**: the mention sits in an "About us" / "Who we are" section (what the company does, not
  what the role asks), unless the sentence names the stack ("Our stack in one line: ...").
* **Tables**: a row whose last cell says no, deleted, owned or FYI ("| Legacy sites | WordPress, PHP | No – shut down in
  2025 |", "| Mobile | Appium | Owned by the mobile squad |").
* **Asides and the hiring process**: "(For the curious: the platform is Scala on Play ...)", "FYI: ...", and the
  "Interview process" section (the video-call tool is not a skill).

Each rule returns, per token of a sentence, the reason it is out of scope (None = in scope).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from jobsearch_pipelines.lib.skills.levels import not_asked_heading
from jobsearch_pipelines.lib.skills.text import word_list

# Reasons that deny a skill (not merely place it in a perk or about-us section): ``denies`` tells them apart.
EXCLUDED = "excluded"
OTHER_TEAM = "owned by another team"
COMPANY_CHANNEL = "the company's channel"
ANOTHER_TEAMS_ROW = "another team's row of the team map"
_CHANNELS = frozenset(word_list("linkedin youtube twitter facebook instagram tiktok xing glassdoor"))
_CHANNEL_LIST_WORDS = frozenset(word_list(", and or & /"))
_CODE_HOSTS = frozenset(word_list("github gitlab bitbucket"))
_LINK_WORDS = frozenset(word_list("link links profile profiles url handle username stars"))
# "Apply with a CV or LinkedIn", "send your CV in MS Word format": the application's channel and format
_APPLYING = frozenset(word_list("apply applying cv cvs resume resumes résumé"))
_DOCUMENT_FORMATS = frozenset(word_list("word docx pdf"))
_LINK_ENDS = frozenset(word_list("or and , . ; ) account"))
_NEGATION = frozenset(word_list("not no never without neither nor non nobody isn't aren't don't doesn't won't")) | (
    # the words that say "no" before a noun in the other languages postings are written in ("aucune expérience
    # Splunk", "keine SAP-Kenntnisse", "ningún conocimiento de Java", "nenhuma experiência", "geen ervaring")
    frozenset(word_list(
        "aucun aucune kein keine keinen keiner keinerlei ningún ninguna ninguno nenhum nenhuma geen não")))
# "... n'est pas requis", "... ist nicht erforderlich", "... não é obrigatório", "... is niet vereist"
_NOT_AFTER = frozenset(word_list("not neither never no pas nicht niet não"))
_NOT_NEGATION_NEXT = frozenset(
    word_list(
        "only just limited matter later less longer more doubt problem exception shy shying hesitate hesitation mind "
        "stop forget stranger strangers afraid fear sql"  # "no shying away from Jest", "no stranger to Go", "no SQL"
    )
)
_CLAUSE_BREAKS = frozenset(word_list(". ; : ! ? ( ) but however though although whereas while instead yet - – —"))
_SENTENCE_BREAKS = frozenset(word_list(". ; ! ? but however whereas so"))
_DASHES = frozenset(word_list("- – —"))
_NEAR_BREAKS = _SENTENCE_BREAKS | _DASHES  # a dash ends a sentence part's near reach
# "not part of", "not in (the) scope"
_NEED_WORDS = frozenset(word_list(
    "needed necessary expected required requirement relevant part scope "
    "requis requise requises nécessaire nécessaires obligatoire erforderlich notwendig nötig benötigt vorausgesetzt "
    "necesario necesaria necesarios requerido requerida requeridos imprescindible necessário necessária necessários "
    "exigido exigida obrigatório obrigatória vereist nodig noodzakelijk"))
_PLUS_WORDS = frozenset(
    word_list("plus bonus nice beneficial advantage preferred helpful welcome appreciated great ideally desirable")
)
_NOT_YOURS = frozenset(word_list("problem concern job responsibility area focus remit"))  # "not your problem"
_LABEL_NEEDS = _NEED_WORDS | {"need"}  # "Not required:", "No need:", "Not part of this role:"
_FINE_WORDS = _PLUS_WORDS | frozenset(word_list("good fine enough ok okay sufficient"))
_BACK_NOUNS = frozenset(word_list("platform tool tools system systems language framework stack software"))
_PRONOUNS = frozenset(word_list("them it those these either"))
_SKILL_NOUNS = frozenset(word_list("experience skills skill knowledge"))
_ZERO_NEEDS = _SKILL_NOUNS | {"need"}  # "there is zero need for you to know New Relic"
_NEED_VERBS = frozenset(word_list("need needed require required expected touch know"))  # "won't have to touch it"
_NEGATION_REACH = 10  # tokens a negation cue covers at most
_OWNER_VERBS = frozenset(
    word_list(
        "owned maintained handled managed built run developed written operated supported looked designed modelled "
        "modeled created produced done performed set configured delivered implemented trained controlled "
        "transferred programmed computed administered hosted supervised"
    )
)
_OWNING_VERBS = frozenset(
    word_list(
        "own owns maintain maintains handle handles manage manages run runs operate operates build builds write writes "
        "develop develops design designs train trains render renders plan plans track tracks work works look looks"
    )
)
# Owners outside the company: "our website is maintained entirely by an agency".
_EXTERNAL_OWNERS = frozenset(
    word_list("agency agencies vendor vendors supplier suppliers contractor contractors consultants partner partners")
)
_OWNER_NOUNS = _EXTERNAL_OWNERS | frozenset(
    word_list(
        "team teams squad squads engineers developers colleagues department group crew analysts "
        "scientists designers actuaries managers organisation organization folks specialists editors"
    )
)
_TEAM_WORDS = frozenset(word_list("team teams squad squads"))
# The same in the other languages postings are written in: "par l'équipe", "door een ander team", "beim Netzwerkteam"
_BY_ABROAD = frozenset(word_list("par door von vom beim por pelo pela"))
_TEAMS_ABROAD = frozenset(
    word_list("équipe l'équipe l’équipe équipes equipo equipe kollegen collega's afdeling abteilung"))
_CANDIDATE_ABROAD = frozenset(word_list("vous tu jij você usted"))  # not "du": French "of the"
_PEERS = _TEAM_WORDS | frozenset(word_list("engineers developers"))  # "our engineers" may be the candidate's team
_OTHER_PEOPLE = _OWNER_NOUNS - _PEERS
# A department named alone after "by" or "belongs to" is another owner: "our mobile apps are owned by Engineering",
# "that's Webflow and it belongs to marketing" (a team needs a qualifier: "by the team" may be the candidate's).
_DEPARTMENTS = frozenset(word_list("engineering marketing finance sales it hr legal procurement support"))
_DETERMINERS = frozenset(word_list("a an the our their its one two three several"))
_OTHER_PARTY = frozenset(word_list("another other separate different sister partner external dedicated"))
_NOT_OTHER = frozenset(word_list("you your this same"))
_NOT_A_QUALIFIER = _DETERMINERS | _NOT_OTHER
_CANDIDATE = frozenset(word_list("you you'll your while whereas"))
_STRONG_CANDIDATE_CUES = frozenset(word_list("you you'll your experience"))
_NOT_TOOLING = _CANDIDATE | _STRONG_CANDIDATE_CUES  # "experience with Jira for project tracking" is asked
# "written in Elixir and owned by the platform team" reaches back, not over a dash ("Shopify experience – our
# storefront design is handled by an outside agency")
_OWNER_SPAN_BREAKS = _NEAR_BREAKS | _CANDIDATE
_TOOLING_SUBJECTS = frozenset(word_list("we internally everyone everybody"))
# "Internally we use Slack and Notion", "Everyone uses Microsoft 365" (not "we use")
_INTERNAL_USE = frozenset(word_list("use uses run rely live"))
_TOOLING_VERBS = frozenset(word_list("communicate chat talk meet collaborate coordinate plan track document"))
# "Day-to-day collaboration happens over Microsoft Teams", "team communication runs through Slack".
_TOOLING_NOUNS = frozenset(
    word_list(
        "collaboration communication communications meetings chat handovers handover standups projects docs "
        "documentation wiki calls"
    )
)
# "Ladder logic is also needed for Rockwell projects" asks for it.
_NEEDED = frozenset(word_list("needed required must essential mandatory"))
_TOOLING_REACH = 6  # "team meetings and sponsor calls run on Microsoft Teams"
_HAPPENS = frozenset(word_list("happens happen runs run lives live takes take planned tracked held"))
# "Our customers' webshops run on Magento", "most of our new customers are moving up from Sage 50 or QuickBooks".
_CUSTOMERS = frozenset(
    word_list("customers customers' clients clients' merchants merchants' prospects users venues brands businesses")
)
_CUSTOMER_USE = frozenset(
    word_list(
        "run runs use uses using rely relies are moving migrating switching sell sells selling write writes "
        "come comes came arrive arrives arrived switched migrated moved"  # "Prospects come to us from CircleCI"
    )
)
# "The old Hadoop cluster was decommissioned last year."
_RETIRED = frozenset(
    word_list(
        "decommissioned decommissioning decommission retired retiring retirement deprecated sunset sunsetted "
        "sunsetting discontinued switched shutdown shut gone deleted"
    )
)
_REPLACING = frozenset(word_list("replacing replaces replaced replacement"))
# "is being turned off", "shutting down", "switched off"
_OFF_VERBS = frozenset(word_list("turned turning turn shutting switching switched"))
_PHASE_VERBS = frozenset(word_list("phased phasing phase"))  # "being phased out"; not "phased rollouts"
_LEAVING = frozenset(
    word_list("move moving moved migrating migrated migration switching change changing transition transitioning")
) | _REPLACING
_FROM_WORDS = frozenset(word_list("off from away"))
_BE = frozenset(word_list("is are was were be been being"))
# "we retired our old TensorFlow models": what follows an active retirement verb is what goes
_RETIRED_OBJECT = frozenset(word_list("our the its their old older legacy existing previous"))
_PROGRESSIVE_SUBJECTS = frozenset(word_list("we're we are"))  # "We're sunsetting Klaviyo", "we are retiring X"
_RETIRING_SUBJECTS = frozenset(word_list("we also finally recently already have had we've"))
_DESTINATION_WORDS = frozenset(word_list("to onto into with for"))
_SUBJECT_BREAKS = frozenset(word_list("and , to"))
_SUBJECT_REACH = 9  # "Legacy Cisco ASA firewalls at the hospital sites are being replaced"
# "Lead the migration from Jenkins to GitHub Actions": the candidate's own work needs both ends.
_LEADING_CUES = frozenset(word_list("lead leading drive driving support supporting execute executing plan planning"))
# Work verbs after "and" end the tooling part: "we collaborate in GitHub and deploy with Terraform".
_WORK_VERBS = frozenset(
    word_list(
        "build develop deploy write ship run code use test maintain operate design implement migrate rebuild rebuilt "
        "built moved replaced switched rewrote rewritten train"
    )
)
_PRODUCT_NOUNS = frozenset(
    word_list(
        "app apps application applications product products website websites site sites store game games client "
        "clients device devices users customers"
    )
)
_BLURB_CUES = frozenset(
    word_list(
        "millions thousands users customers downloads download downloaded available rated award-winning used "
        "trusted loved leading popular"
    )
)
_CANDIDATE_CUES = frozenset(
    word_list("you you'll your experience build develop maintain own improve extend work working join help will")
)
_WORK_CUES = _CANDIDATE_CUES - {"will"}  # "the AS/400 will be decommissioned" is not the candidate's work
# "Today we connect to Epic, Cerner and athenahealth", "our platform integrates with Salesforce and HubSpot".
_INTEGRATING_SUBJECTS = frozenset(
    word_list("we platform product api app apps tool service assistant solution software that which it")
)
_INTEGRATION_VERBS = frozenset(
    word_list(
        "connect connects integrate integrates plug plugs connected integrated sync syncs synchronises synchronizes "
        "pull pulls"
    )
)
_INTEGRATION_PREPOSITIONS = frozenset(word_list("to with into from"))
_EQUIPMENT = frozenset(
    word_list(
        "laptop laptops macbook macbooks computer computers machine machines workstation workstations "
        "licence licences license licenses"
    )
)
_EQUIPMENT_WITH = frozenset(word_list("with running"))  # "a company laptop with Windows 11 and a Microsoft 365 ..."
_NOT_EQUIPMENT_NEXT = frozenset(
    word_list(
        "learning vision science engineering translation readable management compliance costs audits keys "
        "architecture architectures network networks networking software graphics systems programming organization"
    )
)
_EQUIPMENT_REACH = 4
# Where the names before a device noun stop: "Run virtual commissioning with PLCSIM Advanced before machines leave"
_DEVICE_STRETCH_ENDS = frozenset(word_list("with using in of for on before after from to by at into than"))
# "Provision rig machines with Ansible", "manage our Windows 11 laptops with Intune": the devices are the work's object
_DEVICE_WORK = frozenset(
    word_list(
        "provision provisioning configure configuring manage managing secure securing image imaging patch patching "
        "harden hardening administer administering enrol enroll enrolling maintain maintaining automate automating"
    )
)
_OUT_OF_SCOPE_SECTIONS = {
    "benefits": "benefit or perk",
    "company": "the company's, in its about-us section",
    "not_asked": "under a heading of what the role does not need",
    "hiring": "the hiring process",
    "another_team": "another team's, in a map of the teams",
}
# "(For the curious: the platform is Scala on Play ...)", "FYI: clickstream comes from Adobe Analytics": background
_ASIDES = (("for", "the", "curious"), ("fyi",), ("fun", "fact"))


def out_of_scope(
    words: Sequence[str], lower: Sequence[str], section: str, not_asked_columns: frozenset[int] = frozenset()
) -> list[str | None]:
    """Per token: why it is not asked of the candidate, or None. ``not_asked_columns``: table columns (counted from
    0) whose header says the role does not need them (``not_asked_columns`` of the header row)."""
    n = len(lower)
    reasons: list[str | None] = [None] * n
    if not_asked_columns and lower[:1] == ["|"]:
        column = -1
        for index, word in enumerate(lower):
            if word == "|":
                column += 1
            elif column in not_asked_columns:
                reasons[index] = f"{EXCLUDED}: in a table column of what the role does not need"
    if section == "not_asked":  # its denials ("Not needed: Mailchimp, Klaviyo") deny the blurb's mentions too
        _mark_negations(lower, reasons)
        _mark_denied_need(lower, reasons)
        return [reason if reason and denies(reason) else _OUT_OF_SCOPE_SECTIONS[section] for reason in reasons]
    if section in _OUT_OF_SCOPE_SECTIONS and not (section == "company" and names_the_stack(lower)):
        return [_OUT_OF_SCOPE_SECTIONS[section]] * n
    opening = tuple(w for w in lower[:4] if w not in {"(", "*", "-", "•"})
    if any(opening[: len(aside)] == aside for aside in _ASIDES) and not _CANDIDATE_CUES.intersection(lower):
        return ["background, not asked"] * n
    _mark_negations(lower, reasons)
    _mark_denied_need(lower, reasons)
    _mark_other_owner(lower, reasons)
    _mark_other_teams_things(words, lower, reasons)
    _mark_own_team_and_departments(words, lower, reasons)
    _mark_own_tooling(lower, reasons)
    _mark_meetings(lower, reasons)
    _mark_company_product(lower, reasons)
    _mark_team_names(lower, reasons)
    _mark_integrations(words, lower, reasons)
    _mark_customers_and_retired(lower, reasons)
    _mark_beginnings(lower, reasons)
    _mark_equipment(lower, reasons)
    _mark_handsets(lower, reasons)
    _mark_connector_sources(lower, reasons)
    _mark_company_channels(lower, reasons)
    _mark_table_row(lower, reasons)
    return reasons


# "| Old Selenium grid | — | Deleted in 2025 |", "| Mobile | Appium | Owned by the mobile squad |"
_TABLE_NO = frozenset(word_list("no none not never n/a deleted removed retired gone decommissioned owned fyi"))


def _mark_table_row(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A table row whose last cell says no ("| Legacy sites | WordPress, PHP | No – shut down in 2025 |",
    "| Core banking | Temenos Transact | None – Core Systems team |"): the row's technologies are not asked."""
    if lower.count("|") < 3:
        return
    bars = [i for i, word in enumerate(lower) if word == "|"]
    cells = [(a + 1, b) for a, b in pairwise(bars) if b > a + 1]
    if len(cells) >= 2 and lower[cells[-1][0]] in _TABLE_NO:
        _mark(reasons, 0, len(lower), f"{EXCLUDED}: the table says '{lower[cells[-1][0]]}'")


def not_asked_columns(line: str) -> frozenset[int]:
    """The columns of a table header row ("| Area | Must have | Nice to have | Not needed |") whose header says the role
    does not need them; empty for any other line."""
    if not line.lstrip().startswith("|") or line.count("|") < 3:
        return frozenset()
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return frozenset(i for i, cell in enumerate(cells) if cell and not_asked_heading(cell))


_TEAM_HEADERS = frozenset(word_list("team teams squad squads group groups owner owners owned owns"))
_TEAM_HEADER_FILLERS = frozenset(word_list("by who it"))  # "Owned by", "Who owns it"
# The role's row: "(this role)", "you" (also in "you'll"); a row owned by "**Us**", "Everyone", "Each product team"
_YOURS = re.compile(r"\bthis role\b|\byou\b|\byour\b|\bus\b|\beveryone\b|\beach\b", re.I)
_CELL_WORD = re.compile(r"[a-z0-9][a-z0-9+#.&-]*")
_GENERIC_CELL_WORDS = frozenset(word_list("team teams squad squads group the & and"))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def team_column(line: str) -> int | None:
    """The column of a table header row that names teams ("| Team | Owns | Main stack |"), else None."""
    cells = _cells(line)
    if len(cells) < 3 or _YOURS.search(line):  # "| Area | Tools | Owner | Your involvement |" says it row by row
        return None
    for index, cell in enumerate(cells):
        words = set(cell.strip("*_ ").lower().split())
        if words & _TEAM_HEADERS and words <= _TEAM_HEADERS | _TEAM_HEADER_FILLERS:
            return index
    return None


def another_teams_row(line: str, column: int, title: str) -> bool:
    """A row of a team map ("| Patient Apps | iOS & Android apps | React Native, Expo |") that is not the role's
    team: the role's row says so ("(this role)", "you") or names the team the title names."""
    cells = _cells(line)
    if column >= len(cells) or set(cells[column]) <= set("-: "):
        return False
    if _YOURS.search(line):
        return False
    named = set(_CELL_WORD.findall(cells[column].lower())) - _GENERIC_CELL_WORDS
    return not named or not named <= set(_CELL_WORD.findall(title.lower()))


def names_the_stack(lower: Sequence[str]) -> bool:
    """"Our stack in one line: Google Cloud, GKE ...", "Tech stack: ..." under a "Mission" or "About us" heading: what
    the team works with, not the company's blurb."""
    head = lower[:6]
    return "stack" in head and (":" in lower[:8] or any(w in {"our", "tech"} for w in head[: head.index("stack")]))


def _bounds(lower: Sequence[str], index: int, breaks: frozenset[str]) -> tuple[int, int]:
    """The stretch around ``index`` between two ``breaks`` tokens."""
    start = index
    while start > 0 and lower[start - 1] not in breaks:
        start -= 1
    end = index
    while end < len(lower) and lower[end] not in breaks:
        end += 1
    return start, end


def _clause_bounds(lower: Sequence[str], index: int) -> tuple[int, int]:
    """The clause around ``index`` (commas are not breaks: lists stay together)."""
    return _bounds(lower, index, _CLAUSE_BREAKS)


def _sentence_part(lower: Sequence[str], index: int) -> tuple[int, int]:
    """The part of the sentence around ``index`` between strong breaks (parentheses and commas do not break it)."""
    return _bounds(lower, index, _SENTENCE_BREAKS)


# Portuguese writes "no" for "in the" ("no app em Kotlin"): in a Portuguese sentence it is no negation ("não" is).
_PORTUGUESE = frozenset(word_list("em com do da dos das você não uma ao pelo pela nossa nosso são também"))


def _mark_negations(lower: Sequence[str], reasons: list[str | None]) -> None:
    n = len(lower)
    portuguese = len(_PORTUGUESE.intersection(lower)) >= 2
    label = next((i for i in range(min(n, 6)) if lower[i] == ":"), None)
    if label is not None and label + 1 < n and lower[0] in _NOT_AFTER and lower[1] in _LABEL_NEEDS:
        # "Not required: the BI is in Tableau ...", "Not part of this role: editing. ...", "Niet nodig: ..."
        _mark(reasons, label + 1, n, f"{EXCLUDED}: '{' '.join(lower[:label])}:'")
    for index, word in enumerate(lower):
        if (not _negates(word) and word != "zero") or (word == "no" and portuguese):
            continue
        nxt = lower[index + 1] if index + 1 < n else ""
        if word == "zero" and nxt not in _ZERO_NEEDS:
            continue
        if nxt in _NOT_NEGATION_NEXT or (word == "no" and nxt == "one"):
            continue
        if word == "not" and index > 0 and lower[index - 1] in {"if", "whether"}:
            continue
        end = index + 1
        while end < n and end - index <= _NEGATION_REACH and lower[end] not in _CLAUSE_BREAKS and not (
                lower[end] == "," and lower[end + 1 : end + 2] in (["only"], ["just"])):  # "No Java, only Kotlin"
            end += 1
        _mark(reasons, index + 1, end, f"{EXCLUDED}: '{word}'")


def _negates(word: str) -> bool:
    """A negation cue: "not", "no", "never", "nobody" ... or any "n't" ("don't", "won't")."""
    return word in _NEGATION or word.endswith("n't")


def denies(reason: str) -> bool:
    """A negation or another team's ownership: the posting says the skill is not asked for."""
    return reason.startswith((EXCLUDED, OTHER_TEAM))


def _mark(reasons: list[str | None], start: int, end: int, reason: str) -> None:
    for position in range(start, end):
        reasons[position] = reasons[position] or reason


def _mark_denied_need(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A negated need after the mention ("X experience isn't needed", "X is out of scope") or a negation that points
    back with a pronoun ("... but you won't need any experience with them")."""
    plus = any(word in _PLUS_WORDS for word in lower)
    for index, word in enumerate(lower):
        if word == "out" and lower[index + 1 : index + 3] == ["of", "scope"]:
            # "PeopleSoft HCM stays in place and is out of scope"
            _mark(reasons, _clause_bounds(lower, index)[0], index, f"{EXCLUDED}: 'out of scope'")
            continue
        if word == "not" and lower[index + 1 : index + 2] == ["your"] and lower[index + 2 : index + 3] and (
            lower[index + 2] in _NOT_YOURS
        ):
            # "Frontend is Vue – not your problem", "the marketing site is WordPress; not your concern"
            _mark(reasons, _sentence_part(lower, index)[0], index, f"{EXCLUDED}: 'not your {lower[index + 2]}'")
            continue
        if word not in _NOT_AFTER and not word.endswith("n't"):
            continue
        # "not needed", "no experience required", "no Jenkins skills needed"
        longer = lower[index + 2 : index + 3] and (lower[index + 2] in _SKILL_NOUNS or lower[index + 1] == "in")
        reach = 4 if longer else 3
        after = lower[index + 1 : index + reach]
        need = next((w for w in after if w in _NEED_WORDS), None)
        if need is not None and not (need in {"required", "requirement"} and plus):
            # "neither" points back over a pair: "firmware in C, the app in Flutter — neither is part of this role"
            # "Frontend is React - not part of this role": a dash before the denial points at the whole part before
            # (not when the denial names its own object: "— no Jenkins skills needed")
            between = set(lower[index + 1 : index + 1 + after.index(need)])
            dashed = index > 0 and lower[index - 1] in _DASHES and between <= {"in", "the"}
            start = _sentence_part(lower, index)[0] if word == "neither" or dashed else _clause_bounds(lower, index)[0]
            if word == "neither" and start == index and start > 1 and lower[start - 1] == ";":
                start = _sentence_part(lower, start - 2)[0]  # "... JAX and SageMaker notebooks; neither is part of it"
            if _trailing_fragment(lower, index):
                start = 0  # "SAP Ariba for procurement — Procurement IT, not in scope": the whole line
            # "basic SwiftUI and Xcode is good, deep iOS knowledge is not needed": a judged part before a comma stays
            start = next((i + 1 for i in range(index - 1, start, -1)
                          if lower[i] == "," and lower[i - 1] in _FINE_WORDS), start)
            _mark(reasons, start, index, f"{EXCLUDED}: '{word} {need}'")
            continue
        clause = lower[index + 1 : _clause_bounds(lower, index)[1]]
        rest = set(clause)
        # "... runs on VTEX, but you don't need to know the platform": a definite noun points back like a pronoun
        if not rest & _PRONOUNS and any(a in {"the", "that", "this"} and b in _BACK_NOUNS for a, b in pairwise(clause)):
            rest.add("it")
        # "we don't use it any more" (not "when not to use them": a judgement the candidate makes)
        stopped = "use" in rest and ("anymore" in rest or ("any", "more") in pairwise(clause) or "longer" in rest)
        if rest & _PRONOUNS and (rest & _NEED_VERBS or stopped):
            start, _ = _sentence_part(lower, max(index - 1, 0))
            # "... and we plan in Linear; you don't need prior experience with either" reaches over the break, to the
            # part before it only: "CI runs on GitHub Actions; the old Jenkins servers go, so you won't touch them"
            whole = start
            if start > 1 and lower[start - 1] in {"but", "so", ";"}:
                whole = _sentence_part(lower, start - 2)[0]
            # "Experience with Terraform is great, but you won't need it on day one" still asks for Terraform.
            if not _STRONG_CANDIDATE_CUES.intersection(lower[whole : max(start - 1, whole)]):
                _mark(reasons, whole, index, f"{EXCLUDED}: '{word}' ... pronoun")


def _trailing_fragment(lower: Sequence[str], index: int) -> bool:
    """A denial with no subject of its own closing the sentence after a comma (", not in scope", ", not needed")."""
    if index == 0 or lower[index - 1] != "," or lower[index] != "not":
        return False
    return (all(w not in _CLAUSE_BREAKS or w in {".", "!"} for w in lower[index:]) and len(lower) - index <= 6
            and not _STRONG_CANDIDATE_CUES.intersection(lower[:index]))


def _bare_denial(lower: Sequence[str]) -> bool:
    """A sentence that is only a denial ("Not in scope for this role.", "Not required."): it judges the one before."""
    words = [w for w in lower if w not in {".", "!", "*", "_"}]
    return (len(words) <= 6 and words[:1] == ["not"]
            and any(w in _NEED_WORDS for w in words[1:4]) and not _STRONG_CANDIDATE_CUES.intersection(words))


_CODING = frozenset(word_list("code coding program programming"))
_WRITING = frozenset(word_list("write writing"))


def _no_coding(lower: Sequence[str]) -> bool:
    """A short sentence saying the role writes no code ("You don't need to code.", "No coding required."): the code
    named in the sentence before is not asked."""
    words = [w for w in lower if w not in {".", "!", "*", "_", "(", ")"}]
    if _PLUS_WORDS.intersection(words):
        return False
    if len(words) <= 8 and bool(_CODING.intersection(words)) and any(_negates(w) for w in words):
        return True
    # "You will read stack traces but you won't be writing production code – this is a support role"
    return any(_negates(w) and _WRITING.intersection(words[i + 1 : i + 4]) and "code" in words[i + 2 : i + 6]
               for i, w in enumerate(words))


_BACK_PRONOUNS = frozenset(word_list("those these them either"))
_BACK_SUBJECTS = frozenset(word_list("those these they that this it both"))
_BACK_REACH = 4  # the denial opens the sentence: "You don't need to know those tools"
_BACK_OBJECTS = frozenset(word_list("this that it these those"))


def refers_back(words: Sequence[str], lower: Sequence[str]) -> tuple[str, bool] | None:
    """The reason a sentence gives against the sentence before it ("Our customers connect Beacon to Datadog and
    Sentry. You don't need to know those tools", "... payroll providers such as Gusto. Those integrations are owned
    by our Partner Platform team"), and whether it reaches further back in the paragraph ("None of that is your
    job", "The cloud team owns all of this", "You won't need any of these"); or None."""
    for index, word in enumerate(lower[:_BACK_REACH]):
        clause = lower[index + 1 : _clause_bounds(lower, index)[1]]
        if _negates(word) and _BACK_PRONOUNS.intersection(clause):
            broad = any(a == "of" and b in _BACK_PRONOUNS for a, b in pairwise(clause))
            return f"{EXCLUDED}: '{word}' ... pronoun, in the next sentence", broad
    if _bare_denial(lower) or _no_coding(lower):
        said = " ".join(w for w in lower if w.replace("'", "").replace("’", "").isalpha())
        return f"{EXCLUDED}: '{said}', in the next sentence", False
    if lower[:1] and lower[0] in _BACK_SUBJECTS | _BACK_CONTRACTIONS and _retires(lower) and not _speaks_of_work(
        lower, 0, len(lower)
    ):  # "... on an industrial Raspberry Pi. It is being replaced over the next year", "Both are (almost) gone."
        return f"{EXCLUDED}: retired, in the next sentence", lower[0] == "both"
    if any(w in _TEAMS_OF and _points_back_to_a_remit(lower, i, 0) and _named_before(words, lower, i)
           for i, w in enumerate(lower)) and not _CANDIDATE.intersection(lower):
        return OTHER_TEAM, False  # "... (JDBC, SQLAlchemy, Prisma). Keeping those happy is the Ecosystem team's job"
    if lower[:2] == ["none", "of"] and lower[2:3] and lower[2] in _BACK_OBJECTS:
        return f"{EXCLUDED}: 'none of {lower[2]}', in the next sentence", True
    points_back = lower[:1] and lower[0] in _BACK_SUBJECTS
    # "... Mainframe Services own it end-to-end", "The Data team maintains them"
    points_back = points_back or (not _STRONG_CANDIDATE_CUES.intersection(lower) and any(
        a in _OWNING_VERBS and b in _BACK_OBJECTS | {"them"} for a, b in pairwise(lower)))
    # "... owns all of this", "... runs both pipelines"
    points_back = points_back or "both" in lower or any(
        a == "all" and b == "of" and c in _BACK_OBJECTS for a, b, c in zip(lower, lower[1:], lower[2:], strict=False)
    )
    if points_back:
        reasons: list[str | None] = [None] * len(lower)
        _mark_other_owner(lower, reasons)
        _mark_own_team_and_departments(words, lower, reasons)
        if lower[0] in _BACK_SUBJECTS and reasons[0] == OTHER_TEAM:
            return OTHER_TEAM, lower[0] == "both"
        if lower[0] not in _BACK_SUBJECTS and OTHER_TEAM in reasons:
            return OTHER_TEAM, True
    return None


_BACK_CONTRACTIONS = frozenset(word_list("it's it’s they're they’re"))


def _retires(lower: Sequence[str]) -> bool:
    """The sentence says its subject goes: "is retired", "are gone", "is being replaced", "will be switched off"."""
    return any(
        (word in _RETIRED and word != "switched") or _turned_off(lower, index) or _passive_be(lower, index) is not None
        for index, word in enumerate(lower)
    )


def _turned_off(lower: Sequence[str], index: int) -> bool:
    """"turned off", "shutting down", "switched off", "phased out"."""
    after = lower[index + 1 : index + 2]
    return (lower[index] in _OFF_VERBS and after in (["off"], ["down"])) or (
        lower[index] in _PHASE_VERBS and after == ["out"]
    )


def _passive_be(lower: Sequence[str], index: int) -> int | None:
    """Where the "be" of a passive "replaced" stands: "is being replaced", "was fully replaced"; None otherwise."""
    if lower[index] != "replaced" or index == 0:
        return None
    if lower[index - 1] in _BE:
        return index - 1
    return index - 2 if index > 1 and lower[index - 1].endswith("ly") and lower[index - 2] in _BE else None


def asks_the_candidate(lower: Sequence[str]) -> bool:
    """A sentence that speaks to the candidate ("you", "experience"): a later sentence's pronoun does not undo it."""
    return bool(_STRONG_CANDIDATE_CUES.intersection(lower))


_BULLET_MARKS = frozenset(word_list("- * • · – — ( :"))
_NOT_NEGATION_PAIRS = [[w] for w in _NOT_NEGATION_NEXT]  # "no stranger to", "no problem"
_WORK_OPENINGS = _CANDIDATE_CUES - frozenset(word_list("you you'll your experience will"))


def asks_plainly(lower: Sequence[str]) -> bool:
    """A sentence that speaks to the candidate, or opens with the candidate's work ("Join the SAP Basis team", "Build
    ..."), with no negation in it ("you will extend them", "you are no stranger to Kubernetes"; not "you won't need
    Jira")."""
    opening = next((w for w in lower if w not in _BULLET_MARKS), "")
    if not asks_the_candidate(lower) and opening not in _WORK_OPENINGS:
        return False
    return not any(
        _negates(word) and lower[index + 1 : index + 2] not in _NOT_NEGATION_PAIRS
        for index, word in enumerate(lower)
    )


def _is_other_party(window: Sequence[str]) -> bool:
    """"the platform team", "a separate team", "our two frontend engineers", "Engineering": an owner noun with a
    qualifier (or a word such as "separate"), or a department by its name; not "your team" or plain "the team"."""
    for named in (window, window[1:] if window[:1] and window[0] not in _NOT_A_QUALIFIER else []):
        if named and named[0] in _DEPARTMENTS and (len(named) == 1 or named[1] not in _OWNER_NOUNS):
            return True  # "owned by Engineering", "maintained by Data Engineering"
    if len(window) > 1 and window[0] == "our" and window[1] in _OTHER_PEOPLE:
        return True  # "done by our colleagues with EPLAN", "handled by our editors in Premiere Pro"
    for offset, word in enumerate(window):
        if word in _NOT_OTHER:
            return False
        if word in _OWNER_NOUNS:
            before = window[:offset]
            return word in _EXTERNAL_OWNERS or any(w in _OTHER_PARTY for w in before) or any(
                w not in _DETERMINERS for w in before
            )
    return False


def _mark_other_owner(lower: Sequence[str], reasons: list[str | None]) -> None:
    for index, word in enumerate(lower):
        if (
            word == "by"
            and any(w in _OWNER_VERBS for w in lower[max(0, index - 6) : index])
            and _is_other_party(lower[index + 1 : index + 6])
        ):
            start, _ = _bounds(lower, index, _OWNER_SPAN_BREAKS)
            _, end = _clause_bounds(lower, index)
            if start > 0 and lower[start] in _BACK_SUBJECTS and not _STRONG_CANDIDATE_CUES.intersection(lower[:start]):
                start = 0  # "... usually Splunk or QRadar – but those integrations are set up by our services team"
            after = lower[index + 1 : _sentence_part(lower, index)[1]]
            if _YOU.intersection(after) and _CONTRASTS.isdisjoint(after) and not any(_negates(w) for w in after):
                continue  # "Terraform maintained by our platform team (you'll read it more than write it)"
            _mark(reasons, start, end, OTHER_TEAM)
        elif word == "responsible" and lower[index + 1 : index + 2] == ["for"] and index > 1 and lower[
            index - 1
        ] in _BE and (owner := _owner_before(lower, index - 1)) is not None and _is_other_party(
            lower[max(0, owner - 3) : owner + 1]
        ):
            start = _sentence_part(lower, index)[0]  # "Our IoT team is responsible for the MQTT broker"
            end = _clause_bounds(lower, index)[1]
            end = next((i for i in range(index, end - 1) if lower[i] == "," and lower[i + 1] in _CANDIDATE), end)
            if not _CANDIDATE.intersection(lower[start:owner]):
                _mark(reasons, index + 2, end, OTHER_TEAM)
        elif word in _BY_ABROAD and any(w in _TEAMS_ABROAD or w.endswith("team") for w in lower[index + 1 : index + 4]):
            # "l'interface avec SAP est gérée par l'équipe ERP", "Das Netzwerk (BGP) liegt beim Netzwerkteam"
            start, end = _sentence_part(lower, index)
            if not _CANDIDATE_ABROAD.intersection(lower[start:end]) and not _CANDIDATE.intersection(lower[start:end]):
                _mark(reasons, start, index, OTHER_TEAM)
        elif (
            (word in {"belongs", "belong"} and lower[index + 1 : index + 2] == ["to"])
            or (word in {"sits", "sit", "lives", "stays"} and lower[index + 1 : index + 2] == ["with"])
            or (word in {"goes", "go"} and lower[index + 1 : index + 2] == ["to"])
        ) and _is_other_party(lower[index + 2 : index + 7]):
            # "that's Webflow and it belongs to marketing", "Privileged access (CyberArk) sits with a separate PAM
            # team", "Apex and LWC work goes to our implementation partner"
            start, end = _sentence_part(lower, index)
            if not _CANDIDATE.intersection(lower[start:index]):
                _mark(reasons, start, end, OTHER_TEAM)
        elif word == "theirs" and index > 1 and lower[index - 1] in _BE and not _CANDIDATE.intersection(
            lower[_sentence_part(lower, index)[0] : index]
        ):  # "(the ABAP is theirs, the spec is yours)"
            _mark(reasons, _bounds(lower, index, _OWNER_SPAN_BREAKS | {",", "("})[0], index, OTHER_TEAM)
        elif word in _OWNING_VERBS and (owner := _owner_before(lower, index)) is not None and (
            _is_other_party(lower[max(0, owner - 3) : owner + 1]) or _not_the_candidate(lower, owner)
        ) and _HELPING.isdisjoint(lower[max(0, owner - 4) : owner]):  # "help the science team write code" is work
            start, end = _sentence_part(lower, index)
            # "our platform team builds it and you extend it" is the candidate's work too; a dash ends that reach
            near_start, near_end = _bounds(lower, index, _NEAR_BREAKS)
            # "the business analysts build their dashboards in Power BI, you only deliver the data models"
            near_end = next((i for i in range(index, near_end - 1) if lower[i] == "," and lower[i + 1] in _CANDIDATE),
                            near_end)
            if not _CANDIDATE.intersection(lower[near_start:near_end]):
                _mark(reasons, start, end, OTHER_TEAM)


_TEAMS_OF = frozenset(word_list("team's team’s teams' teams’ squad's squad’s department's department’s"))
_HELPING = frozenset(word_list("help helps helping support supporting enable enabling coach coaching mentor assist"))


def _named_before(words: Sequence[str], lower: Sequence[str], index: int) -> bool:
    """A team named before its possessive: "the Optimisation team's", "the data department's" (not "our team's")."""
    if index == 0:
        return False
    before = lower[index - 1]
    named = words[index - 1][:1].isupper() or before in _DEPARTMENTS or before in _OTHER_PARTY
    return named and before not in _NOT_A_QUALIFIER


def _mark_other_teams_things(words: Sequence[str], lower: Sequence[str], reasons: list[str | None]) -> None:
    """What another team has, by the possessive: "ETA prediction comes from the Optimisation team's services (Python,
    Google OR-Tools)", "the data department's warehouse" (not "you will extend the Platform team's services", "Deploy
    through the team's pipeline", "Manage the design department's macOS devices", nor "our team's stack")."""
    for index, word in enumerate(lower):
        if word not in _TEAMS_OF or not _named_before(words, lower, index):
            continue
        start, end = _sentence_part(lower, index)
        opening = next((w for w in lower[start:end] if w not in _BULLET_MARKS), "")
        if _CANDIDATE.intersection(lower[start:end]) or opening in _WORK_OPENINGS:
            continue
        if _points_back_to_a_remit(lower, index, start):
            if not _CANDIDATE.intersection(lower[:index]):  # "Our backend runs on AWS, but that's the Platform team's"
                _mark(reasons, 0, index, OTHER_TEAM)
            continue
        stop = index + 1
        while stop < end and lower[stop] not in _CLAUSE_BREAKS:
            stop += 1
        if stop < end and lower[stop] == "(":
            stop = next((i + 1 for i in range(stop, end) if lower[i] == ")"), end)
        _mark(reasons, index + 1, stop, OTHER_TEAM)


_YOU = frozenset(word_list("you you'll you’ll your"))
_CONTRASTS = frozenset(word_list("while whereas but instead so rarely seldom"))
_REMITS = frozenset(word_list("job jobs world area domain responsibility remit problem territory turf"))
_POINTERS = frozenset(word_list("that that's that’s it's it’s this those these them they"))


def _points_back_to_a_remit(lower: Sequence[str], index: int, start: int) -> bool:
    """"that's the Platform team's world", "Keeping those happy is the Ecosystem team's job": what was named before
    the pointer is that team's (``index``: the team's possessive)."""
    return index + 1 < len(lower) and lower[index + 1] in _REMITS and bool(
        _POINTERS.intersection(lower[max(start, index - 6) : index])
    )


def _mark_own_team_and_departments(words: Sequence[str], lower: Sequence[str], reasons: list[str | None]) -> None:
    """"our game server is written in Go on Nakama and has its own team"; a department outside engineering that works
    in a tool ("Finance runs on Xero", "Sales lives in HubSpot")."""
    if _OWNER_TRIGGERS.isdisjoint(lower):
        return
    for index, word in enumerate(lower):
        if word in {"has", "have"} and lower[index + 1 : index + 2] in (["its"], ["their"]) and lower[
            index + 2 : index + 4
        ] in (["own", "team"], ["own", "teams"], ["own", "squad"]):
            start, end = _bounds(lower, index, _SENTENCE_BREAKS | {":"})
            if not _CANDIDATE.intersection(lower[start:index]):
                _mark(reasons, start, end, OTHER_TEAM)
        elif word == "charge" and lower[index - 1 : index] == ["in"] and _OWNER_NOUNS.intersection(
            lower[max(0, index - 5) : index]
        ) and _is_other_party(lower[max(0, index - 6) : index - 2]):
            # "Server side: Kotlin / Spring Boot (server team is in charge)"
            start, end = _bounds(lower, index, _SENTENCE_BREAKS | {":"})
            if not _CANDIDATE.intersection(lower[start:end]):
                _mark(reasons, start, end, OTHER_TEAM)
        elif word in _OWNING_VERBS and index > 0 and words[index - 1] in _TEAM_NAMES and (
            index == 1 or lower[index - 2] in _TEAM_NAME_LEADS
        ) and lower[index + 1 : index + 2] and lower[index + 1] in _OWNED_OBJECTS:
            # "Platform runs our Kubernetes clusters", "Kubernetes — Platform handles the clusters (AWS, Terraform)"
            _mark(reasons, index + 1, _bounds(lower, index, _SENTENCE_BREAKS | {"you"})[1], OTHER_TEAM)
        elif word in _OWNING_VERBS and index > 0 and lower[index - 1] in _DEPARTMENTS and (
            index == 1 or lower[index - 2] not in _DETERMINERS | {"your", "you"}
        ):
            start, end = _bounds(lower, index, _SENTENCE_BREAKS)  # "Data Engineering owns ingestion — Fivetran ..."
            if not _CANDIDATE.intersection(lower[start:end]):
                _mark(reasons, index + 1, end, OTHER_TEAM)
        elif word in _BUSINESS_DEPARTMENTS and (index == 0 or lower[index - 1] in _BUSINESS_LEAD) and lower[
            index + 1 : index + 2
        ] and lower[index + 1] in _HAPPENS and lower[index + 2 : index + 3] in (["on"], ["in"]):
            _mark(reasons, index + 2, _clause_bounds(lower, index)[1], OTHER_TEAM)


_BUSINESS_DEPARTMENTS = _DEPARTMENTS - {"engineering", "it"}
# Teams named by a capitalised word alone, opening the sentence: "Platform runs our Kubernetes clusters".
_TEAM_NAMES = frozenset(word_list("Platform Infrastructure Infra SRE DevOps Security Data Mobile Web QA Ops Analytics"))
_OWNED_OBJECTS = frozenset(word_list("our the all its every each"))
_TEAM_NAME_LEADS = frozenset(word_list("- – — : ; * •"))
_OWNER_TRIGGERS = frozenset({"has", "have", "charge"}) | _OWNING_VERBS | _DEPARTMENTS
_BUSINESS_LEAD = frozenset(word_list("our the , ; ( - – —"))


def _not_the_candidate(lower: Sequence[str], owner: int) -> bool:
    """"Our analysts build dashboards in Looker – you won't be building reports": people the sentence then says the
    candidate is not."""
    return lower[owner] not in _TEAM_WORDS and any(
        lower[i] == "you" and i + 1 < len(lower) and _negates(lower[i + 1])
        for i in range(owner + 1, len(lower))
    )


def _owner_before(lower: Sequence[str], index: int) -> int | None:
    """The owner noun right before a verb, also across ", who" ("our mainframe colleagues, who look after ...")."""
    if index > 0 and lower[index - 1] in _OWNER_NOUNS:
        return index - 1
    if index > 2 and lower[index - 1] == "who" and lower[index - 2] == "," and lower[index - 3] in _OWNER_NOUNS:
        return index - 3
    if index > 2 and lower[index - 1] == "who" and lower[index - 2] in _TEAM_WORDS and _JOINING.isdisjoint(
        lower[max(0, index - 6) : index - 2]
    ):
        return index - 2  # "the game teams who build the client in Unity", not "join a team who builds in Rust"
    return None


_JOINING = frozenset(word_list("join joining joins lead leading grow growing build building"))


def _mark_own_tooling(lower: Sequence[str], reasons: list[str | None]) -> None:
    """How the company works ("internally we communicate via Slack and plan our work in Linear", "collaboration
    happens in Microsoft Teams")."""
    for index, word in enumerate(lower):
        if word in _TOOLING_NOUNS and _HAPPENS.intersection(lower[index + 1 : index + _TOOLING_REACH]):
            start, end = _sentence_part(lower, index)
            if not _CANDIDATE.intersection(lower[start:index]):  # "internal docs live in Notion, and you'll get ..."
                _mark(reasons, start, _tooling_end(lower, index + 1, end), "the company's own tooling")
            continue
        if word == "for" and _TOOLING_NOUNS.intersection(lower[index + 1 : index + 3]) and (
            lower[index + 1] in _TOOLING_NOUNS or "-" not in lower[index + 1]  # not "for service-to-service calls"
        ):
            start, _ = _sentence_part(lower, index)  # "Slack and Notion for everyday communication"
            if not _NOT_TOOLING.intersection(lower[start:index]) and not _NEEDED.intersection(lower[start:index]):
                _mark(reasons, start, index, "the company's own tooling")
            continue
        if word in _TOOLING_SUBJECTS and (
            _TOOLING_VERBS.intersection(lower[index + 1 : index + 3])
            or (word != "we" and _INTERNAL_USE.intersection(lower[index + 1 : index + 3]))
        ) and not _SYSTEM_OBJECTS.intersection(lower[index + 2 : index + 5]):  # not "we talk to our backend via ..."
            start, end = _sentence_part(lower, index)
            # "Notion, Loom and Slack are how we communicate": the tools stand before the cue
            _mark(reasons, start if index > 0 and lower[index - 1] == "how" else index,
                  _tooling_end(lower, index + 2, end), "the company's own tooling")


_SYSTEM_OBJECTS = frozenset(word_list("backend backends api apis server servers service services database devices"))
_MEETING_NOUNS = frozenset(word_list("call calls meeting meetings huddle huddles standup standups"))
_MEETING_TOOLS = frozenset(word_list("zoom teams meet slack webex skype discord hangouts gather"))


def _mark_meetings(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A meeting tool named by the meeting it holds: "remote folks compare results on a Zoom call", "a quick Teams
    meeting" (not "experience with Zoom")."""
    for index, word in enumerate(lower):
        if word in _MEETING_NOUNS and index > 0 and lower[index - 1] in _MEETING_TOOLS:
            reasons[index - 1] = reasons[index - 1] or "the company's own tooling"


def _tooling_end(lower: Sequence[str], begin: int, end: int) -> int:
    """Where the part about the company's tooling stops: at "and <work verb>" or at the candidate."""
    return next(
        (i for i in range(begin, end - 1)
         if (lower[i] == "and" and lower[i + 1] in _WORK_VERBS) or lower[i] in _CANDIDATE),
        end,
    )


def _mark_company_product(lower: Sequence[str], reasons: list[str | None]) -> None:
    """"our <skills> app(s)" in a sentence about the product's users, not about the candidate's work."""
    words = set(lower)
    if not words & _BLURB_CUES or words & _CANDIDATE_CUES:
        return
    n = len(lower)
    for index, word in enumerate(lower):
        if word not in {"our", "their"}:
            continue
        end = index + 1
        while end < n and end - index <= 8 and lower[end] not in _PRODUCT_NOUNS and lower[end] not in _CLAUSE_BREAKS:
            end += 1
        if end < n and lower[end] in _PRODUCT_NOUNS:
            for position in range(index + 1, end):
                reasons[position] = reasons[position] or "the company's product"


def _mark_team_names(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A technology naming another team ("hand over transports to the SAP Basis team"), unless the candidate
    joins or works with it."""
    for index, word in enumerate(lower):
        if word not in _TEAM_WORDS or index < 2:
            continue
        determiner = next((i for i in range(index - 1, max(-1, index - 5), -1) if lower[i] in _DETERMINERS), None)
        if determiner is None or determiner == index - 1:
            continue
        start, _ = _sentence_part(lower, index)
        if not _WORK_CUES.intersection(lower[start:determiner]):  # "join" and "work" are work cues
            _mark(reasons, determiner + 1, index, OTHER_TEAM)


def _mark_integrations(words: Sequence[str], lower: Sequence[str], reasons: list[str | None]) -> None:
    """The systems the company's product connects to, in a sentence not about the candidate's work ("we connect to
    Epic and Cerner", "Slotly syncs two-way with Google Calendar", "an assistant that plugs into GitHub and Jira",
    "our customers connect Beacon to Datadog")."""
    for index, word in enumerate(lower):
        if word not in _INTEGRATION_VERBS or (index > 0 and lower[index - 1] == "in"):  # "keep it in sync with"
            continue
        preposition = next(
            (i for i in range(index + 1, min(index + 4, len(lower))) if lower[i] in _INTEGRATION_PREPOSITIONS), None
        )
        if preposition is None or not _integrating_subject(words, lower, index):
            continue
        start, end = _sentence_part(lower, index)
        opening = next((w for w in lower[start:end] if w not in _BULLET_MARKS), "")
        if not _CANDIDATE_CUES.intersection(lower[start:end]) and opening not in _ADMIN_OPENINGS:
            _mark(reasons, preposition + 1, _clause_bounds(lower, preposition + 1)[1], "the product's integrations")


# "Keep ... our Entra Connect sync to Entra ID healthy": a bullet that opens on the candidate's work
_ADMIN_OPENINGS = _WORK_OPENINGS | frozenset(
    word_list("keep run manage administer operate support configure monitor troubleshoot")
)


def _integrating_subject(words: Sequence[str], lower: Sequence[str], index: int) -> bool:
    """Who connects: the product ("we", "our platform", "Shiftwise connects with") or its customers; an imperative
    ("Integrate Salesforce with NetSuite") is the candidate's work."""
    before = lower[max(0, index - 3) : index]
    if _INTEGRATING_SUBJECTS.intersection(before) or _CUSTOMERS.intersection(before):
        return True
    # a name before the verb ("Shiftwise connects with Toast"), which at the sentence start only a verb's -s shows
    return (
        index > 0
        and words[index - 1][:1].isupper()
        and words[index - 1].isalpha()
        and lower[index - 1] != "you"  # "we" is a subject above
        and (index > 1 or lower[index].endswith("s"))
    )


def _mark_customers_and_retired(lower: Sequence[str], reasons: list[str | None]) -> None:
    """What the customers run, and what is retired or being left ("the AS/400 will be decommissioned", "following
    the retirement of our SAP ECC landscape", "we moved off Lever", "migrating from GE iFIX to Geo SCADA Expert",
    "replacing Selenium IDE recordings with a proper framework"), in a sentence part not about the candidate's work."""
    for index, word in enumerate(lower):
        customers_use = False
        if word in _CUSTOMERS:
            reach = index + 5 if lower[index + 1 : index + 2] == ["'"] else index + 4  # "customers ' pipelines are"
            customers_use = bool(_CUSTOMER_USE.intersection(lower[index + 1 : reach]))
        leaving = word in _LEAVING and _leaving_span(lower, index)
        retired = word in _RETIRED or _turned_off(lower, index) or (
            word == "left" and index > 0 and lower[index - 1] in _RETIRING_SUBJECTS)  # "We left Datadog for Grafana"
        if not (customers_use or leaving or retired):
            continue
        start, end = _parenthetical(lower, index) or _sentence_part(lower, index)
        if retired and not leaving and not customers_use:
            # "the Informatica estate is being retired by a separate workstream – you will work on the new platform":
            # a dash ends the retirement's reach
            start, end = _bounds(lower, index, _NEAR_BREAKS)
        if _speaks_of_work(lower, start, end):
            continue
        if customers_use:
            _mark(reasons, index + 1, end, "the customers' own tools")
        elif leaving:
            _mark(reasons, *leaving, f"{EXCLUDED}: being replaced ('{word}')")
            _mark_further_sources(lower, reasons, leaving[1], word)
        elif index + 1 < len(lower) and lower[index + 1] == "of":  # "the retirement of our SAP ECC landscape"
            _mark(reasons, index + 2, _clause_bounds(lower, index)[1], f"{EXCLUDED}: '{word} of'")
        elif _active_retirement(lower, index):
            # "we decommissioned our old Hadoop/Hive cluster", up to "and rebuilt the stack around PyTorch"
            end = _tooling_end(lower, index + 1, _clause_bounds(lower, index)[1])
            # "... retired Jenkins last year in favour of GitLab CI", "retiring TrackWise as part of the Veeva rollout":
            # the replacement is not retired
            end = next((i for i in range(index + 1, end) if lower[i : i + 2] in (["in", "favour"], ["in", "favor"])
                        or lower[i] in {"for", "with", "as"}), end)
            _mark(reasons, index + 1, end, f"{EXCLUDED}: '{word}'")
        else:  # "BMC Remedy, which we have run since 2009, will be switched off"
            begin = _clause_bounds(lower, index)[0]
            whole = _sentence_part(lower, index)[0]
            if begin > 1 and lower[begin - 1] in _DASHES and _DASHES.intersection(lower[whole : begin - 1]) and (
                    not _speaks_of_work(lower, whole, begin)):
                begin = whole  # "Our old tools — a pile of C# WinForms utilities — were retired": over the aside
            _mark(reasons, begin, index, f"{EXCLUDED}: '{word}'")


def _parenthetical(lower: Sequence[str], index: int) -> tuple[int, int] | None:
    """The parentheses around ``index`` ("Build automation in Flow (we moved everything off Process Builder last
    year)": an aside of its own, whatever the sentence around it asks), or None."""
    opening = next((i for i in range(index - 1, -1, -1) if lower[i] in {"(", ")"}), None)
    if opening is None or lower[opening] != "(":
        return None
    closing = next((i for i in range(index + 1, len(lower)) if lower[i] in {"(", ")"}), None)
    return (opening + 1, closing) if closing is not None and lower[closing] == ")" else None


_BEGAN = frozenset(word_list("started began"))
_BEGAN_AS = ((("as",), 1), (("on",), 1), (("life", "as"), 2), (("out", "as"), 2), (("out", "on"), 2))
_FIRST_PERSONS = frozenset(word_list("you i"))  # "you started as a Python developer" is the candidate's story


def _mark_beginnings(lower: Sequence[str], reasons: list[str | None]) -> None:
    """What the company started on ("We started on Heroku in 2017", "Ledgerline started life as a Ruby on Rails
    monolith (with Sidekiq)"): its history, not the role's stack; not the candidate's own start ("you started")."""
    for index, word in enumerate(lower):
        if word not in _BEGAN or index == 0 or lower[index - 1] in _FIRST_PERSONS:
            continue
        skip = next((size for words, size in _BEGAN_AS if tuple(lower[index + 1 : index + 1 + size]) == words), 0)
        if not skip:
            continue
        start, end = _clause_bounds(lower, index)
        if lower[end : end + 1] == ["("]:  # "(with Sidekiq for background jobs)"
            end = next((i + 1 for i in range(end, len(lower)) if lower[i] == ")"), end)
        if not _speaks_of_work(lower, start, end):
            _mark(reasons, index + 1 + skip, end, f"{EXCLUDED}: where the company started ('{word}')")


def _mark_further_sources(lower: Sequence[str], reasons: list[str | None], after: int, word: str) -> None:
    """"two migrations: from Redux to Zustand, and from webpack to Vite": each further "from ... to" of the clause
    names what goes too."""
    end = _clause_bounds(lower, after)[1]
    for index in range(after, end):
        if lower[index] == "from":
            stop = next((i for i in range(index + 1, end) if lower[i] in _DESTINATION_WORDS), None)
            if stop is not None:
                _mark(reasons, index + 1, stop, f"{EXCLUDED}: being replaced ('{word}')")


def _speaks_of_work(lower: Sequence[str], start: int, end: int) -> bool:
    """The stretch speaks of the candidate's work ("you'll lead the migration off Jenkins"); a negated cue does not
    count ("... will be shut down in 2026 – you will not work on it")."""
    for index in range(start, end):
        if lower[index] == "you" and (index + 1 >= end or lower[index + 1] in _CLAUSE_BREAKS | {","}):
            continue  # the object closing a clause: "... have stories they will happily tell you."
        if lower[index] in _WORK_CUES or lower[index] in _LEADING_CUES:
            near = lower[max(start, index - 3) : index] + lower[index + 1 : min(end, index + 3)]
            if not any(_negates(w) for w in near):
                return True
    return False


def _active_retirement(lower: Sequence[str], index: int) -> bool:
    """"we retired our old models", "We also retired Jenkins last year" (the object follows), not "the cluster was
    retired" (it stands before)."""
    after = lower[index + 1] if index + 1 < len(lower) else ""
    before = lower[index - 1] if index > 0 else ""
    if after and after not in _BE and (
        before in _RETIRING_SUBJECTS or (before == "and" and "we" in lower[max(0, index - _SUBJECT_REACH) : index])
    ):
        return True  # "We also retired Jenkins", "We went live on Workday and retired PeopleSoft HR"
    if lower[index].endswith("ing") and (after in _RETIRED_OBJECT | {"a", "an"} or before in _PROGRESSIVE_SUBJECTS):
        return True  # "we are retiring a legacy Oracle Identity Manager instance", "We're sunsetting Klaviyo"
    return after in _RETIRED_OBJECT and before not in _BE


def _leaving_span(lower: Sequence[str], index: int) -> tuple[int, int] | None:
    """What a migration leaves: after "moving off" / "migrating ... from" / "replacing", up to "to", "onto" or
    "with" (the destination is what the work needs)."""
    word = lower[index]
    if word == "replaced" and index > 0 and lower[index - 1] == "," and lower[index + 1 : index + 2] == ["by"]:
        # "originally an Ionic/Cordova app, replaced by a React Native app in 2023": what went stands before
        start = _clause_bounds(lower, index - 1)[0]
        return (start, index - 1) if index - 1 > start else None
    if word in _REPLACING and index > 0 and lower[index - 1] in {"which", "that"}:
        # "Group Reporting, which replaces our consolidation with SAP BPC": the whole object goes
        return index + 1, _clause_bounds(lower, index + 1)[1]
    if (be := _passive_be(lower, index)) is not None:
        # "our legacy Nagios monitoring is being replaced by Prometheus": what goes stands before ("is replacing X
        # with Y" is active: X follows)
        begin = be
        while begin > 0 and lower[begin - 1] in _BE:
            begin -= 1
        start = max(_clause_bounds(lower, begin)[0], begin - _SUBJECT_REACH)
        start = next((i + 1 for i in range(begin - 1, start - 1, -1) if lower[i] in _SUBJECT_BREAKS), start)
        return (start, begin) if begin > start else None
    if word in _REPLACING:
        begin = index + 1
    elif word == "move" and (index + 1 >= len(lower) or lower[index + 1] not in {"off", "away"}):
        return None  # "move data from Kafka to S3" is work; "our move off the legacy server" is leaving
    else:
        # "we moved finance and operations onto NetSuite in 2023 (from QuickBooks Enterprise ...)"
        begin = next((i + 1 for i in range(index + 1, min(index + 10, len(lower))) if lower[i] in _FROM_WORDS), None)
        if begin is None:
            return None
    end = _clause_bounds(lower, begin)[1]
    stop = next((i for i in range(begin, end) if lower[i] in _DESTINATION_WORDS), end)
    return (begin, stop) if stop > begin else None


def _mark_company_channels(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A social network as the company's channel ("follow us on LinkedIn", "contact us via LinkedIn", "on our YouTube
    channel"), not a tool of the job ("campaigns on LinkedIn and TikTok" stays); how to apply ("Apply with a CV or
    LinkedIn", "your CV in MS Word format"); a profile link ("your LinkedIn profile URL", "a GitHub link")."""
    for index, word in enumerate(lower):
        if word in _CHANNELS and index > 0:
            before = lower[max(0, index - 3) : index]
            listed = index > 1 and lower[index - 1] in _CHANNEL_LIST_WORDS and reasons[index - 2] == COMPANY_CHANNEL
            # "contact us on LinkedIn", "drop me a message on LinkedIn": the recruiter's channel
            messaged = lower[index - 1] == "on" and {"me", "message"} & set(lower[max(0, index - 4) : index])
            if listed or messaged or "us" in before or lower[index - 1] == "via" or before[-2:] == ["on", "our"]:
                reasons[index] = reasons[index] or COMPANY_CHANNEL
            elif lower[index + 1 : index + 2] in (["profile"], ["url"], ["page"]):
                reasons[index] = reasons[index] or "a profile link"  # "your LinkedIn profile URL"
            elif _APPLYING.intersection(lower[max(0, index - 5) : index]):
                reasons[index] = reasons[index] or "how to apply"  # "Apply with a CV or LinkedIn"
        elif word in _DOCUMENT_FORMATS and _APPLYING.intersection(lower[max(0, index - 8) : index]):
            reasons[index] = reasons[index] or "how to apply"  # "send your updated CV in MS Word format"
        elif word in _CODE_HOSTS:
            after = lower[index + 1 : index + 2]
            if (after and after[0] in _LINK_WORDS) or (index > 0 and lower[index - 1] == "your" and (
                not after or after[0] in _LINK_ENDS
            )):
                # "Send a CV or a GitHub link", "a link to your GitHub or a Play Store app", "11k GitHub stars"
                reasons[index] = reasons[index] or "a profile link"


_CONNECTORS = frozenset(word_list("fivetran airbyte stitch meltano hightouch census"))
_DATA_SOURCE_REACH = 12


def _mark_connector_sources(lower: Sequence[str], reasons: list[str | None]) -> None:
    """What a data connector loads from, in parentheses after it ("Fivetran (Salesforce, Google Sheets,
    SurveyMonkey)"): the data's sources, not tools of the job."""
    for index, word in enumerate(lower[:-1]):
        if word in _CONNECTORS and lower[index + 1] == "(":
            close = next((i for i in range(index + 2, min(len(lower), index + _DATA_SOURCE_REACH)) if lower[i] == ")"),
                         None)
            if close is not None:
                _mark(reasons, index + 2, close, "the data's sources")


_MOBILE_SYSTEMS = frozenset(word_list("android ios"))
_HANDSETS = frozenset(word_list("phone phones device devices handset handsets tablet tablets smartphone smartphones"))


def _mark_handsets(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A mobile system named as the handset the product runs on ("fast on mid-range Android phones", "a five-year-old
    Android phone"): the device, not a skill; the posting may still ask for the system elsewhere."""
    for index, word in enumerate(lower[:-1]):
        if word in _MOBILE_SYSTEMS and lower[index + 1] in _HANDSETS:
            reasons[index] = reasons[index] or "a handset the product runs on"


def _mark_equipment(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A device noun right after a stretch of names ("MacBook Pro or Linux laptop", "a Windows machine")."""
    n = len(lower)
    for index, word in enumerate(lower):
        if word not in _EQUIPMENT or (index + 1 < n and lower[index + 1] in _NOT_EQUIPMENT_NEXT):
            continue
        start = index
        while start > 0 and index - start < _EQUIPMENT_REACH * 2 and lower[start - 1] not in _CLAUSE_BREAKS and (
            lower[start - 1] not in _DEVICE_STRETCH_ENDS
        ):
            start -= 1
        if not _DEVICE_WORK.isdisjoint(lower[start:index]):
            continue
        end = index + 1
        if end < n and lower[end] in _EQUIPMENT_WITH:
            end = min(_clause_bounds(lower, end)[1], end + _EQUIPMENT_REACH * 2)
        _mark(reasons, start, end, "equipment")
        if word in {"macbook", "macbooks"}:  # a MacBook is equipment wherever it stands
            reasons[index] = "equipment"
