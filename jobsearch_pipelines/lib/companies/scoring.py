"""Consultancy score, category and human-readable reasons from page (or merged domain) signals.

The score starts from the original's additive design (identity, services/work IA, intent terms, service breadth,
contact points) with multilingual cues, then weighs the evidence for the look-alikes: staffing agencies,
directories, product/SaaS companies, creative agencies and spam. The category with the strongest evidence wins;
a page that is not a consultancy gets its score pulled below the acceptance threshold, with the reason said.
"""

from __future__ import annotations

from jobsearch_pipelines.lib.companies.models import Classification, PageSignals
from jobsearch_pipelines.lib.companies.text_model import TextModel, default_model

DEFAULT_MIN_SCORE = 0.65
MIN_EVIDENCE = 0.2  # the strongest category's evidence below this: cues and structure name no category
# How far the consultancy evidence leads the strongest rival category counts in the score, from LEAD_MIN up to
# LEAD_CAP: it weighs how unambiguous the page is, as "some <rival> signals" weigh the opposite. (A fixed bonus for
# "no rival at MIN_EVIDENCE" kept consultancies without consulting words below minScore on unseen pages.)
LEAD_MIN = 0.1
LEAD_CAP = 0.2
TEXT_MODEL_MIN_PROBABILITY = 0.6  # below this the text model's guess is not a category
# The text model confirms a consultancy when it reads one with this probability on a firm's site (at least
# SITE_SECTIONS_MIN of its sections, or ``_works_for_clients_alone`` where the link words name no section) where no
# rival category has WORDS_RIVAL_LIMIT evidence (one staffing cue, a
# pricing page, a non-profit cue; not a lone agency, product or directory word): the words then count as
# consultancy evidence. Consultancies that never say "consulting" describe their work in words the model has learned
# (issue #13); a bare page (a profile, an article) never gets this, as words mistake staffing firms for consultancies.
WORDS_CONFIRM_PROBABILITY = 0.9
# 0.42: confirmed words, a way to reach the firm and the lead they give (0.42 + 0.04 + 0.20) reach minScore on their
# own; at 0.40 a small firm's one-page or very short site stopped at 0.64 (pooled CV: 8 more consultancies, no
# other page moves).
WORDS_EVIDENCE = 0.42
RIVAL_SIGNALS = 0.25  # a rival category's evidence from here on counts against a consultancy ("some <rival> signals")
WORDS_RIVAL_LIMIT = 0.15
AGENCY_TITLE_EVIDENCE = 0.5  # a communication agency by its own title or description
PRACTICE_EVIDENCE = 0.5  # a practice outside IT by its own title (and never a consultancy: ``classify``)
SITE_SECTIONS_MIN = 2
# Staffing evidence from here on (three staffing cues, or a job board and two) rules a consultancy out, whatever its
# consulting words: staffing firms call their people consultants and dress their offer as IT services. In the pooled
# labelled pages no consultancy reaches 0.35 (the highest: two cues), most staffing firms reach 0.48.
STAFFING_DECISIVE = 0.45
MEMBER_DIRECTORY_EVIDENCE = 0.4
_RULED_OUT = {"staffing", "directory"}
# Product cues that prices of work (per day, hour or project) explain: a price list, a monthly maintenance fee.
_SERVICE_PRICED = frozenset({"pricing", "monthly prices"})
_FIRM_SITE_SECTIONS = {"services", "work", "industries", "insights", "approach", "about", "contact"}
_PRODUCT_TYPES = {"softwareapplication", "webapplication", "mobileapplication", "product", "offer", "aggregateoffer",
                  "course"}
_NONPROFIT_TYPES = {"ngo", "governmentorganization", "nonprofit", "fundingscheme"}
# Pages of a firm that works for clients: services, work for clients, industries, insights. Creative agencies show
# the same structure, so it counts for an agency as much as for a consultancy (the vocabulary decides between them).
_CLIENT_FIRM_SECTIONS = (("services", 0.12, "services/capabilities pages"),
                         ("work", 0.12, "case studies/clients pages"),
                         ("industries", 0.05, "industries served pages"),
                         ("insights", 0.03, "insights/thought-leadership pages"),
                         ("approach", 0.04, "how-we-work/approach pages"))
_DIRECTORY_TYPES = {"itemlist", "searchresultspage", "collectionpage"}
_EDITORIAL_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "opinionnewsarticle",
                    "analysisnewsarticle", "liveblogposting", "discussionforumposting", "qapage"}


def _labels(values: set[str]) -> str:
    return ", ".join(sorted(values))


def consultancy_evidence(s: PageSignals) -> tuple[float, float, list[str]]:
    """``(score, specific, reasons)``: the additive score and its consultancy-specific part."""
    reasons: list[str] = []
    score = 0.0
    specific = 0.0
    strong = s.cues.get("consultancy", set())
    weak = s.cues.get("consultancy_weak", set())
    if s.org_identity:
        score += 0.10
        reasons.append("+0.10 structured organisation identity (JSON-LD)")
    if "professionalservice" in s.jsonld_types:
        score += 0.08
        specific += 0.08
        reasons.append("+0.08 schema.org ProfessionalService")
    if strong:
        weight = 0.32 if len(strong) >= 2 else 0.25
        score += weight
        specific += weight
        reasons.append(f"+{weight:.2f} consultancy vocabulary: {_labels(strong)}")
    if weak:
        weight = round(min(len(weak), 4) * 0.07, 2)
        score += weight
        specific += weight
        reasons.append(f"+{weight:.2f} client-engagement language: {_labels(weak)}")
    for section, weight, label in (*_CLIENT_FIRM_SECTIONS, ("about", 0.04, "about/team pages"),
                                   ("contact", 0.04, "contact signals")):
        if section in s.link_sections:
            score += weight
            if section not in {"about", "contact"}:
                specific += weight
            reasons.append(f"+{weight:.2f} {label}")
    if s.service_count >= 4:
        score += 0.08
        reasons.append(f"+0.08 service breadth ({s.service_count} services)")
    elif s.service_count >= 2:
        score += 0.04
        reasons.append(f"+0.04 some services listed ({s.service_count})")
    if s.has_location:
        score += 0.04
        reasons.append("+0.04 locations/address present")
    if s.has_phone:
        score += 0.02
        reasons.append("+0.02 phone present")
    return score, specific, reasons


def rival_evidence(s: PageSignals) -> dict[str, tuple[float, list[str]]]:
    """Evidence points (with their sources) for the categories a consultancy is confused with."""
    out: dict[str, tuple[float, list[str]]] = {}

    def add(category: str, points: float, why: str) -> None:
        total, whys = out.get(category, (0.0, []))
        out[category] = (total + points, [*whys, why])

    service_prices = bool(s.cues.get("service_prices"))
    for category, per_cue in (("staffing", 0.16), ("directory", 0.14), ("product", 0.12), ("agency", 0.13),
                              ("other", 0.2), ("spam", 0.35)):
        found = s.cues.get(category, set())
        if category == "product" and service_prices:
            found = found - _SERVICE_PRICED  # prices of work: the "Prices" section of a firm selling it
        if category == "staffing" and not _candidate_side(s, found):
            found = found - {"job openings"}  # no job board, ads or candidate pages: the firm's own openings
        if found:
            add(category, per_cue * len(found), _labels(found))
    if "employmentagency" in s.jsonld_types:
        add("staffing", 0.35, "schema.org EmploymentAgency")
    if "jobs_board" in s.link_sections:
        add("staffing", 0.15, "candidate/employer job-board pages")
    if s.job_postings >= 3:
        # a list of job ads: an agency's vacancies, or a job board when employers are invited to post them
        board = "post a job" in s.cues.get("directory", set())
        add("directory" if board else "staffing", 0.35, f"lists job ads ({s.job_postings} linked)")
    if s.cues.get("practice"):
        add("other", PRACTICE_EVIDENCE, f"its title or description names a practice outside IT: "
                                         f"{_labels(s.cues['practice'])}")
    if s.cues.get("agency_title"):
        add("agency", AGENCY_TITLE_EVIDENCE, "its title or description calls it a communication agency")
    if "member body" in s.cues.get("other", set()) and s.cues.get("directory"):
        # an association of firms listing its members: in the pooled pages never a consultancy, however much its
        # members' descriptions speak of IT services
        add("other", MEMBER_DIRECTORY_EVIDENCE, "an association's directory of its members")
    if s.jsonld_types & _NONPROFIT_TYPES:
        add("other", 0.3, "schema.org non-profit/government organisation")
    if "nonprofit" in s.link_sections:
        add("other", 0.2, "donation/membership pages")
    if "listings" in s.link_sections:
        add("directory", 0.15, "listing/category pages")
    if s.external_domains >= 15:
        add("directory", 0.35, f"links out to {s.external_domains} other sites")
    elif s.external_domains >= 8:
        add("directory", 0.15, f"links out to {s.external_domains} other sites")
    if s.jsonld_types & _DIRECTORY_TYPES:
        add("directory", 0.2, "schema.org list/collection page")
    if s.jsonld_types & _PRODUCT_TYPES:
        add("product", 0.3, "schema.org software/product markup")
    for section, points, why in (("pricing", 0.15, "pricing page"), ("signup", 0.12, "sign-up/login"),
                                 ("docs", 0.08, "docs/API/features pages"), ("shop", 0.15, "shop/cart")):
        if section in s.link_sections and not (section == "pricing" and service_prices):
            add("product", points, why)
    if s.stuffing >= 0.08:
        add("spam", 0.45, f"keyword stuffing ({s.stuffing:.0%} of the text is one phrase)")
    if s.public_host:
        add("other", 0.4, "government or academic domain")
    return out


def _candidate_side(s: PageSignals, staffing_cues: set[str]) -> bool:
    """The site speaks to job seekers (job-board pages, job ads, "for candidates"): its open positions are what it
    sells, not its own hiring."""
    return bool("jobs_board" in s.link_sections or s.job_postings
                or staffing_cues & {"for candidates", "candidates & employers"})


def _looks_like_a_firm(s: PageSignals) -> bool:
    """A consultancy's own site shows some structure: offer pages, organisation data, services or engagement talk."""
    return bool(s.link_sections & {"services", "work", "industries", "about", "contact"} or _is_firm_site(s)
                or s.org_identity or s.service_count >= 2 or s.cues.get("consultancy_weak")
                or _works_for_clients_alone(s))


def _contenders(s: PageSignals, specific: float, rivals: dict[str, tuple[float, list[str]]]) -> dict[str, float]:
    """Compare like with like: a rival category needs more evidence than the consultancy-specific part.

    A creative agency's site has the same client-firm structure (services, work for clients, industries, ...) as a
    consultancy's, so when the page speaks an agency's language (two agency cues or more) that structure counts for
    the agency too, and the vocabulary decides between them."""
    contenders = {"CONSULTANCY": specific}
    contenders.update({name.upper(): points for name, (points, _) in rivals.items() if name != "spam"})
    if len(s.cues.get("agency", ())) >= 2:
        contenders["AGENCY"] += sum(weight for section, weight, _ in _CLIENT_FIRM_SECTIONS
                                    if section in s.link_sections)
    return contenders


def needs_words(s: PageSignals) -> bool:
    """Whether the text model will be asked: cues and structure name no category, or consultancy evidence wins on a
    page without a firm's structure (the words name its category), or on a firm's site (SITE_SECTIONS_MIN, or
    ``_works_for_clients_alone``) that stays below the default minScore without them (the words may confirm it).
    Extraction reads the words of those pages only: reading them costs time on every page (bench/companies.py).
    Evidence only grows when pages merge, so a domain whose cues name no category is made of pages that each needed
    the words (exact); a domain judged differently once its pages are merged is judged by the words of the pages that
    had them."""
    _, specific, _ = consultancy_evidence(s)
    contenders = _contenders(s, specific, rival_evidence(s))
    best = max(contenders.values())
    if best < MIN_EVIDENCE:
        return True
    if contenders["CONSULTANCY"] != best:
        return False
    if not _looks_like_a_firm(s):
        return True
    return (_is_firm_site(s) or _works_for_clients_alone(s)) and not classify(s).is_consultancy


def _is_firm_site(s: PageSignals) -> bool:
    return len(s.link_sections & _FIRM_SITE_SECTIONS) >= SITE_SECTIONS_MIN


def _words_confirm(s: PageSignals, rivals: dict[str, tuple[float, list[str]]],
                   text_model: TextModel | None) -> float:
    """The text model's consultancy probability when it confirms a consultancy (see WORDS_CONFIRM_PROBABILITY),
    else 0. Never where a rival category has WORDS_RIVAL_LIMIT evidence: words mistake staffing firms, directories,
    agencies and product companies with a services arm for consultancies."""
    if any(points >= WORDS_RIVAL_LIMIT for name, (points, whys) in rivals.items()
           if not (name == "staffing" and _hiring_only(s, whys))):
        return 0.0
    if not (_is_firm_site(s) or _works_for_clients_alone(s)):
        return 0.0
    model = text_model or default_model()
    probability = model.probabilities(s.text_loglik).get("CONSULTANCY", 0.0) if model is not None else 0.0
    return probability if probability >= WORDS_CONFIRM_PROBABILITY else 0.0


def _works_for_clients_alone(s: PageSignals) -> bool:
    """A firm's site whose sections the link words do not name (one page with anchors, "/werkbank", "/atelier"): it
    speaks of its work for clients or prices its work by the day or project, and gives a way to reach it (a contact
    link, a phone number or an e-mail address). The words may confirm it as a firm's site; profiles
    and articles, with no contact of their own, stay unconfirmed (the real profiles: no staffing firm passes)."""
    return bool(s.cues.get("consultancy_weak") or s.cues.get("service_prices")) and (
        "contact" in s.link_sections or s.has_phone or s.has_email)


def _hiring_only(s: PageSignals, staffing_whys: list[str]) -> bool:
    """The only staffing evidence (``rival_evidence``) is candidates or applicants, on a site with a careers page: the
    firm's own hiring."""
    return "careers" in s.link_sections and staffing_whys == ["candidates & employers"]


def _category_from_words(s: PageSignals, text_model: TextModel | None) -> tuple[str, float]:
    """The category the text model reads in the page's words, with its probability; OTHER when unsure."""
    model = text_model or default_model()
    probabilities = model.probabilities(s.text_loglik) if model is not None else {}
    if not probabilities:
        return "OTHER", 0.0
    best = max(probabilities, key=lambda c: probabilities[c])
    return (best, probabilities[best]) if probabilities[best] >= TEXT_MODEL_MIN_PROBABILITY else ("OTHER", 0.0)


def classify(s: PageSignals, min_score: float = DEFAULT_MIN_SCORE,
             text_model: TextModel | None = None) -> Classification:
    """Score, category and reasons for a page or a merged domain (``text_model``: default the shipped one)."""
    score, specific, reasons = consultancy_evidence(s)
    rivals = rival_evidence(s)
    spam, spam_why = rivals.pop("spam", (0.0, []))
    contenders = _contenders(s, specific, rivals)
    category = max(contenders, key=lambda c: contenders[c])
    best = contenders[category]
    confirmed = _words_confirm(s, {**rivals, "spam": (spam, spam_why)}, text_model) \
        if category == "CONSULTANCY" or best < MIN_EVIDENCE else 0.0
    if confirmed:
        score += WORDS_EVIDENCE
        specific += WORDS_EVIDENCE
        reasons.append(f"+{WORDS_EVIDENCE:.2f} its words read like a consultancy (text model, p={confirmed:.2f}) "
                       "on a firm's site")
        contenders["CONSULTANCY"] = specific
        category = max(contenders, key=lambda c: contenders[c])
        best = contenders[category]
    if spam >= 0.5:
        category = "OTHER"
        reasons.append(f"-0.60 spam/irrelevant content: {'; '.join(spam_why)}")
        score -= 0.60
    elif best < MIN_EVIDENCE:
        category, from_words = _category_from_words(s, text_model)
        if category == "OTHER":
            reasons.append("no category has enough evidence (generic page)")
        else:
            reasons.append(f"no cue or page structure names a category; its words read like {category.lower()} "
                           f"(text model, p={from_words:.2f})")
    elif category == "CONSULTANCY" and s.jsonld_types & _EDITORIAL_TYPES and not s.org_identity:
        category = "OTHER"
        score -= 0.4
        reasons.append("-0.40 editorial content (article markup) about consulting, not a firm's own site")
    elif category == "CONSULTANCY" and s.cues.get("practice"):
        category = "OTHER"
        score -= 0.6
        reasons.append(f"-0.60 a practice outside IT by its own title or description, whatever its consulting words: "
                       f"{_labels(s.cues['practice'])}")
    elif category == "CONSULTANCY" and rivals.get("staffing", (0.0, []))[0] >= STAFFING_DECISIVE:
        category = "STAFFING"
        score -= 0.6
        reasons.append(f"-0.60 sells people, whatever its consulting words: {'; '.join(rivals['staffing'][1])}")
    elif category == "CONSULTANCY" and not _looks_like_a_firm(s):
        category, from_words = _category_from_words(s, text_model)
        score -= 0.3
        words = f"; its words read like {category.lower()} (text model, p={from_words:.2f})" if from_words else ""
        reasons.append("-0.30 consulting vocabulary without a firm's site structure (no services/work pages, "
                       f"organisation data or services){words}")
        best = 0.0  # the words alone never make a consultancy
    elif category != "CONSULTANCY":
        points, whys = rivals[category.lower()]
        penalty = round(min(0.6, 0.25 + points * 0.5), 2)
        score -= penalty
        reasons.append(f"-{penalty:.2f} looks like {category.lower()}: {'; '.join(whys)}")
    else:
        runner_up = max((v for c, v in contenders.items() if c != "CONSULTANCY"), default=0.0)
        lead = round(specific - runner_up, 2)
        if lead >= LEAD_MIN:
            bonus = min(LEAD_CAP, lead)
            score += bonus
            reasons.append(f"+{bonus:.2f} consultancy evidence leads the strongest rival category by {lead:.2f}")
        for name, (points, whys) in sorted(rivals.items()):
            if points >= RIVAL_SIGNALS:
                # a staffing firm or a directory must never pass for a consultancy (issue #13): their signals weigh more
                penalty = round(min(0.4, points * 0.5) if name in _RULED_OUT else min(0.2, points * 0.3), 2)
                score -= penalty
                reasons.append(f"-{penalty:.2f} some {name} signals: {'; '.join(whys)}")
        if spam > 0:
            score -= 0.15
            reasons.append(f"-0.15 spam-like terms: {'; '.join(spam_why)}")
    score = round(max(0.0, min(1.0, score)), 3)
    if category != "CONSULTANCY" or best < MIN_EVIDENCE:  # the words alone never make a consultancy
        score = min(score, round(max(0.0, min_score - 0.05), 3))
    if score >= 0.75:
        reasons.append("high confidence overall")
    elif score < 0.5:
        reasons.append("low confidence overall")
    category_scores = {k: round(v, 3) for k, v in contenders.items()}
    category_scores["SPAM"] = round(spam, 3)
    return Classification(score=score, category=category,
                          is_consultancy=category == "CONSULTANCY" and score >= min_score,
                          reasons=reasons, category_scores=category_scores)
