"""Multilingual text and URL cues (EN, DE, NL, FR, PT, ES) for the consultancy scorer.

Each cue is ``(label, regex)`` over lower-cased text. A cue counts once per page however often it occurs
(distinct cues, not raw frequency, resist keyword stuffing).
Strong consultancy cues name the trade itself; weak ones are the client-engagement language around it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobsearch_pipelines.lib.companies.cue_matcher import CueMatcher

Cue = tuple[str, str]

CONSULTANCY_STRONG: list[Cue] = [
    ("consulting", r"consult(?:ing|ancy|ancies|ants?)\b"),
    ("advisory", r"advisory\b"),
    ("professional services", r"professional services"),
    ("systems integrator", r"systems? integrat(?:or|ors|ion)\b"),
    ("IT services", r"\bit[- ]services\b|\bit[- ]dienstleist"),
    ("beratung (de)", r"(?<!personal)(?<!finanz)(?<!steuer)(?<!kunden)beratung|(?<!personal)berater(?:innen)?\b|"
                      r"\bwir beraten\b"),
    ("advies (nl)", r"\badvies(?:bureau|werk|traject(?:en)?)?\b|\badviseurs?\b|\badviseren\b"),
    ("conseil (fr)", r"\b(?:cabinet|société|societe|métier|metier|missions?) de conseil\b|\bconseil en\b|"
                     r"\bconsultants?\b|\besn\b|\bssii\b"),
    ("consultoria (pt/es)", r"\bconsultor(?:ia|ía|es|as)?\b|\basesor(?:ía|ia|amiento)\b"),
]

CONSULTANCY_WEAK: list[Cue] = [
    ("our clients", r"\b(?:our|for) clients\b|\bunsere[nm]? kunden\b|\bonze (?:klanten|opdrachtgevers)\b|"
                    r"\bnos clients\b|\b(?:nossos|os nossos) clientes\b|\bnuestros clientes\b"),
    ("we help organisations", r"\bwe (?:help|support|partner with|work with) (?:\w+ ){0,3}"
                              r"(?:clients|organi[sz]ations|companies|businesses|enterprises|teams|leaders|firms)\b|"
                              r"\bwir (?:unterstützen|begleiten|helfen)\b|\bwij (?:helpen|begeleiden|ondersteunen)\b|"
                              r"\bnous accompagnons\b|\baccompagn(?:ons|ement|er) (?:les|nos|vos)\b|"
                              r"\bajudamos\b|\bapoiamos\b|\bayudamos\b|\bacompañamos\b"),
    ("transformation", r"\b(?:digital|business|agile|cloud) transformation\b|\bdigitale transformati(?:on|e)\b|"
                       r"\bdigitalisierung\b|\btransformation (?:digitale|numérique)\b|\btransformação digital\b|"
                       r"\btransformación digital\b"),
    ("delivery model", r"\b(?:near|off)shor(?:e|ing)\b|\bdelivery (?:centre|center|teams?)\b|"
                       r"\bstaff augmentation\b|\bteam extension\b"),
    ("custom software", r"\b(?:custom|bespoke|tailor-made) (?:software|solutions|applications)\b|"
                        r"\bsoftware development (?:services|company|partner)\b|\bindividual ?software\b|"
                        r"\bsoftwareentwicklung\b|\bmaatwerk\b|\bsur[- ]mesure\b|\bsob medida\b|\ba medida\b"),
    ("engineering practice", r"\b(?:data|platform|product|cloud|software|site reliability) engineering\b|"
                             r"\bmoderni[sz]ation\b|\bcloud migration\b|\blegacy\b"),
    ("engagements", r"\bengagements?\b|\bworkshops?\b|\bdue diligence\b|\bdiscovery (?:phase|sprint|workshop)\b|"
                    r"\btrusted (?:advisor|partner)\b|\bproof of concept\b"),
    ("partner badges", r"\b(?:aws|microsoft|salesforce|sap|google cloud|azure|databricks|snowflake|servicenow|"
                       r"atlassian|hubspot) (?:\w+ )?partner\b|\bpartner (?:of|von|van|de) (?:aws|microsoft|sap)\b"),
    ("case studies", r"\bcase stud(?:y|ies)\b|\bsuccess stor(?:y|ies)\b|\breferenzen\b|\bklantcases?\b|"
                     r"\bréférences clients\b|\bcas clients?\b|\bcasos de (?:éxito|exito|sucesso)\b"),
    ("strategy & roadmap", r"\bstrateg(?:y|ies|ie|ia|ía|ique)\b|\broadmaps?\b|\bstrategisch\w*\b"),
]

AGENCY: list[Cue] = [
    ("agency", r"\bagency\b|\bagencies\b|\bagentur\b|\bagence\b|\bag[êe]ncia\b|\bagencia\b|\breclamebureau\b|"
               r"\b(?:creatief|communicatie|online|digitaal|marketing|design|reclame)bureau\b"),
    ("branding", r"\bbrand(?:ing| identity| identities| strategy| design)\b|\bidentité visuelle\b|"
                 r"\bidentidade visual\b|\bidentidad (?:visual|de marca)\b|\bmarkenentwicklung\b|\bcorporate design\b|"
                 r"\bhuisstijl\b"),
    ("campaigns", r"\bcampaigns?\b|\bkampagnen?\b|\bcampagnes?\b|\bcampanhas?\b|\bcampañas?\b"),
    ("advertising", r"\badvertising\b|\bwerbung\b|\bwerbe\w*\b|\breclame\b|\bpublicité\b|\bpublicidade\b|"
                    r"\bpublicidad\b"),
    ("creative", r"\bcreative (?:studio|team|direction|work)\b|\bart direction\b|\bmotion design\b|\bkreativ\w*\b|"
                 r"\bcréati(?:f|ve|vité)\b|\bcriativ[ao]s?\b|\bcreativ(?:o|a|idad)s?\b|\bstorytelling\b"),
    ("social & content", r"\bsocial media\b|\binfluencer\b|\bcontent (?:marketing|creation|production)\b|"
                         r"\bcopywriting\b|\bseo\b|\bperformance marketing\b"),
    ("awards", r"\bawards?\b|\bcannes lions\b|\bawwwards\b"),
]

STAFFING: list[Cue] = [
    ("staffing", r"\bstaffing\b|\btemp(?:orary)? (?:staff|workers|work)\b|\blabou?r hire\b|\bpayrolling\b|"
                 r"\bworkforce solutions\b|\brecruitment process outsourcing\b"),
    ("recruitment firm", r"\brecruit(?:ment|ing) (?:agency|agencies|firm|company|partner|specialists?|consultan\w+)\b|"
                         r"\brecruiters?\b|\bheadhunt\w*\b|\bexecutive search\b|\btalent acquisition\b"),
    ("cv upload", r"\b(?:upload|submit|send|register) (?:your |je |uw |votre |seu |tu )?(?:cv|resume|résumé|"
                  r"lebenslauf|curr[íi]culo|curriculum)\b|\blebenslauf\b|\bcurr[íi]culum\b"),
    ("candidates & employers", r"\bjob ?seekers?\b|\bcandidates\b|\bhiring managers?\b|\bfor employers\b|"
                               r"\bbewerber\w*\b|\bwerkzoekenden\b|\bwerkgevers\b|\bcandidats?\b|\bcandidatos\b|"
                               r"\barbeitgeber\b"),
    ("placements", r"\b(?:permanent|contract|temporary|interim) (?:placements?|roles|positions|recruitment|jobs)\b|"
                   r"\bplacements?\b|\bvacanc(?:y|ies)\b"),
    ("job board", r"\b(?:browse|search|latest|find|view all) (?:\w+ )?jobs\b|\bjob alerts?\b|\bapply now\b"),
    ("personalvermittlung (de)", r"\bpersonal(?:vermittlung|dienstleist\w*|beratung|leasing)\b|\bzeitarbeit\b|"
                                 r"\barbeitnehmerüberlassung\b|\bstellenangebote\b|\bjobbörse\b"),
    ("uitzendbureau (nl)", r"\buitzend\w*\b|\bdetacher(?:ing|en)\b|\bwerving (?:en|&) selectie\b|\bvacatures?\b"),
    ("recrutement (fr)", r"\bintérim\w*\b|\binterim\w*\b|\btravail temporaire\b|\b(?:cabinet|agence) de recrutement\b|"
                         r"\brecrutement\b|\boffres d'emploi\b|\bchasseurs? de têtes\b"),
    ("recrutamento (pt/es)", r"\brecrutamento\b|\btrabalho tempor[áa]rio\b|\bvagas\b|\bempresa de trabajo temporal\b|"
                             r"\bselecci[óo]n de personal\b|\breclutamiento\b|\bofertas de empleo\b|\bvacantes\b"),
]

DIRECTORY: list[Cue] = [
    ("directory", r"\bdirector(?:y|ies)\b|\bbranchen(?:verzeichnis|buch)\b|\bfirmenverzeichnis\b|"
                  r"\bbedrijvengids\b|\bannuaire\b|\bdiret[óo]rio\b|\bdirectorio\b|\bguia de empresas\b|"
                  r"\bguía de empresas\b"),
    ("listings", r"\blistings?\b|\b(?:add|list|submit|claim) (?:your |a )?(?:business|company|agency|listing|firm|"
                 r"profile)\b|\bfirmeneintrag\b|\beintrag\b|\bfiche entreprise\b|\bempresas listadas\b"),
    ("rankings", r"\btop \d+\b|\bbest \w+ (?:\w+ )?(?:companies|agencies|firms|consultants|providers)\b|"
                 r"\bleaders? (?:matrix|list)\b|\bshortlist\b|\bclassement\b|\branking\b"),
    ("reviews", r"\b(?:verified |client )?reviews?\b|\bratings?\b|\brated\b|\bbewertungen\b|\bbeoordelingen\b|"
                r"\bavis\b|\bavaliações\b|\bopiniones\b|\breseñas\b"),
    ("compare & match", r"\bcompare\b|\bget matched\b|\bvergleich\w*\b|\bvergelijk\w*\b|\bcompar(?:er|atif|e)\b|"
                        r"\bcompara\b|\bfind (?:the right|a|the best|your) (?:\w+ )?(?:agency|partner|company|firm|"
                        r"consultant|provider)\b"),
    ("result counts", r"\b\d[\d,.]* (?:companies|agencies|firms|results|providers|bedrijven|firmen|entreprises|"
                      r"empresas|unternehmen)\b|\bsponsored\b|\bresults? for\b|\bbrowse (?:by )?"
                      r"(?:category|categories|location|city)\b"),
]

PRODUCT: list[Cue] = [
    ("pricing", r"\bpricing\b|\bpreise\b|\bprijzen\b|\btarifs\b|\bpreços\b|\bprecios\b|\bplans? (?:&|and) pricing\b"),
    ("free trial", r"\bfree trial\b|\b(?:start|try it|try) (?:\w+ )?(?:for )?free\b|\bno credit card\b|"
                   r"\bkostenlos (?:testen|starten|registrieren)\b|\bgratis (?:proberen|uitproberen|starten)\b|"
                   r"\bessai gratuit\b|\bessayer gratuitement\b|\bteste? gr[áa]tis\b|\bexperimente gr[áa]tis\b|"
                   r"\bprueba gratis\b|\bpruébalo gratis\b"),
    ("sign up", r"\bsign ?up\b|\bget started\b|\bcreate (?:an |your )?account\b|\bregistrieren\b|\baanmelden\b|"
                r"\binscription\b|\bcadastr\w+\b|\bregístrate\b"),
    ("per-seat prices", r"(?:\bper ?|/ ?)(?:user|seat|month|mo|agent)\b|\bpro (?:nutzer|monat)\b|\bper maand\b|"
                        r"\bpar mois\b|\bpor mês\b|\bal mes\b|"
                        r"[$€£] ?\d+(?:[.,]\d+)? ?/ ?(?:mo|month|mês|mes|mois|monat)"),
    ("app stores", r"\bapp store\b|\bgoogle play\b|\bdownload (?:the|our) app\b|\bchrome extension\b"),
    ("product language", r"\bour (?:platform|product|app|software)\b|\bintegrations?\b|\bapi (?:docs|documentation|"
                         r"reference)\b|\bchangelog\b|\bsaas\b|\bdashboard\b|\bunsere (?:plattform|software)\b|"
                         r"\bonze (?:software|app|tool)\b|\bnotre (?:plateforme|logiciel)\b|\bnossa plataforma\b|"
                         r"\bnuestra plataforma\b"),
    ("demo & customers", r"\b(?:request|book|get|schedule) a demo\b|\bdemo (?:anfragen|aanvragen)\b|"
                         r"\bdemander une démo\b|\bcustomers? (?:love|trust)\b|\bteams? (?:use|trust)\b"),
    ("shop", r"\badd to (?:cart|basket)\b|\bcheckout\b|\bshop now\b|\bbuy now\b|\bin den warenkorb\b|\bwinkelwagen\b|"
             r"\bpanier\b|\bcarrinho\b|\bcarrito\b|\bfree shipping\b"),
]

SPAM: list[Cue] = [
    ("gambling", r"\bcasinos?\b|\bbetting\b|\bbookmakers?\b|\bpoker\b|\bslots?\b|\bjackpot\b|\bapuestas\b|"
                 r"\bspielautomaten\b|\bsportwetten\b|\bfree spins\b"),
    ("adult", r"\bporn\w*\b|\bxxx\b|\bsex ?cams?\b|\bescorts?\b"),
    ("pharma", r"\bviagra\b|\bcialis\b|\bonline pharmacy\b|\bweight loss pills\b|\bketo pills\b"),
    ("loans", r"\bpayday loans?\b|\bquick loans?\b|\bloans? online\b|\binstant loans?\b|\bcredit rapide\b"),
    ("link selling", r"\bcheap (?:\w+ )?(?:backlinks|seo)\b|\bbuy (?:backlinks|followers|likes|reviews)\b|"
                     r"\bguest posts? for sale\b|\bpbn links?\b|\bessay writing service\b"),
    ("counterfeit", r"\breplica (?:watches|bags|rolex)\b|\bfake (?:ids?|diplomas?)\b"),
    ("crypto scam", r"\bcrypto (?:giveaway|signals|doubler)\b|\bbitcoin (?:doubler|giveaway|casino)\b"),
]

TEXT_CUES: dict[str, list[Cue]] = {
    "consultancy": CONSULTANCY_STRONG,
    "consultancy_weak": CONSULTANCY_WEAK,
    "agency": AGENCY,
    "staffing": STAFFING,
    "directory": DIRECTORY,
    "product": PRODUCT,
    "spam": SPAM,
}

# Site-structure cues: internal link paths (lower-cased) → section names.
_SEG = r"(?:[/?#.]|$)"
LINK_SECTIONS: list[tuple[str, str]] = [
    ("services", r"/(?:services?|what-?we-?do|capabilities|solutions|expertises?|offerings?|leistungen|"
                 r"dienstleistungen|diensten|dienstverlening|wat-we-doen|was-wir-tun|kompetenzen|competences|"
                 r"nos-services|nos-expertises|servi[cç]os|servicios|que-hacemos|o-que-fazemos)" + _SEG),
    ("work", r"/(?:work|our-work|case-?stud(?:y|ies)|cases?|clients|success-stories|portfolio|projects?|"
             r"references?|referenzen|projekte|klanten|projecten|realisations|réalisations|cas-clients|"
             r"casos(?:-de-exito|-de-sucesso)?|clientes|projetos|proyectos)" + _SEG),
    ("about", r"/(?:about(?:-us)?|company|team|leadership|people|ueber-uns|uber-uns|über-uns|unternehmen|over-ons|"
              r"wie-zijn-wij|qui-sommes-nous|a-propos|equipe|équipe|sobre(?:-nos)?|quienes-somos|nosotros|equipo)"
              + _SEG),
    ("contact", r"/(?:contact(?:-us|ez-nous)?|kontakt|contacto|contato)" + _SEG),
    ("careers", r"/(?:careers?|join(?:-us)?|karriere|jobs|vacatures|werken-bij|carri[eè]res|recrutement|carreiras|"
                r"trabalhe-conosco|empleo|trabaja-con-nosotros|unete|stellen)" + _SEG),
    ("industries", r"/(?:industries|sectors?|branchen|sectoren|secteurs|industrias|setores|sectores)" + _SEG),
    ("insights", r"/(?:insights|thinking|perspectives|publications|whitepapers?)" + _SEG),
    ("pricing", r"/(?:pricing|prices|plans|preise|prijzen|tarifs|pre[cç]os|precios)" + _SEG),
    ("signup", r"/(?:sign-?up|register|registrieren|trial|free-trial|get-started|start|login|log-in|sign-?in|"
               r"signin|inloggen|connexion|entrar|iniciar-sesion|app)" + _SEG),
    ("docs", r"/(?:docs|documentation|developers?|api|changelog|integrations|features|download)" + _SEG),
    ("jobs_board", r"/(?:job-?seekers?|candidates?|candidats|kandidaten|bewerber|werkzoekenden|employers?|"
                   r"werkgevers|arbeitgeber|entreprises-clientes|hire-talent|find-talent|submit-(?:cv|resume)|"
                   r"upload-(?:cv|resume)|job-?search|stellenangebote|offres-emploi|vagas|ofertas-de-empleo|"
                   r"vacancies|job)" + _SEG),
    ("listings", r"/(?:listings?|directory|companies|agencies|firms|category|categories|profiles?|reviews|"
                 r"add-listing|claim|firma|bedrijf|annuaire|empresas)" + _SEG),
    ("shop", r"/(?:cart|basket|checkout|shop|store|warenkorb|panier|carrito|carrinho)" + _SEG),
]


# Required literals for cues whose alternatives start with a group (the automatic extraction finds none).
EXPLICIT_ANCHORS: dict[str, tuple[str, ...]] = {
    "we help organisations": ("we ", "wir ", "wij ", "nous accompagnons", "accompagn", "ajudamos", "apoiamos",
                              "ayudamos", "acompañamos"),
    "custom software": ("custom", "bespoke", "tailor-made", "software development", "individual", "softwareentwicklung",
                        "maatwerk", "mesure", "sob medida", "a medida"),
    "cv upload": ("cv", "resume", "résumé", "lebenslauf", "curr"),
    "listings": ("listing", "add ", "list ", "submit ", "claim ", "eintrag", "fiche entreprise", "empresas listadas"),
    "placements": ("permanent", "contract", "temporary", "interim", "placement", "vacanc"),
    "result counts": ("compan", "agenc", "firm", "result", "provider", "bedrijven", "entreprises", "empresas",
                      "unternehmen", "sponsored", "browse "),
    "per-seat prices": ("per ", "/", "pro nutzer", "pro monat", "per maand", "par mois", "por mês", "al mes"),
}

_MATCHER = CueMatcher([(cat, label, pat) for cat, cues in TEXT_CUES.items() for label, pat in cues], EXPLICIT_ANCHORS)
_LINK_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in LINK_SECTIONS))


def find_text_cues(text: str) -> dict[str, set[str]]:
    """Distinct cue labels per category found in lower-cased ``text`` (see ``cue_matcher``)."""
    return _MATCHER.find(text)


@lru_cache(maxsize=8192)
def link_sections(path: str) -> frozenset[str]:
    """Section names an internal link path points to (``/en/services/cloud`` → {"services"})."""
    path = path.lower()
    found = set()
    for i in range(len(path)):
        if path[i] == "/":
            match = _LINK_RE.match(path, i)
            if match and match.lastgroup:
                found.add(match.lastgroup)
    return frozenset(found)
