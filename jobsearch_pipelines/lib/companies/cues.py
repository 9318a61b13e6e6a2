"""Multilingual text and URL cues (EN, DE, NL, FR, PT, ES, IT, PL, SV, CS) for the consultancy scorer.

Each cue is ``(label, regex)`` over lower-cased text. A cue counts once per page however often it occurs
(distinct cues, not raw frequency, resist keyword stuffing).
Strong consultancy cues name the trade itself; weak ones are the client-engagement language around it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobsearch_pipelines.lib.companies.cue_matcher import CueMatcher, expand, split_top

Cue = tuple[str, str]

CONSULTANCY_STRONG: list[Cue] = [
    ("consulting", r"consult(?:ing|ancy|ancies|ants?)\b"),
    ("advisory", r"advisory\b|\badvis[eo]rs\b"),
    ("professional services", r"professional services"),
    ("systems integrator", r"systems? integrat(?:or|ors|ion)\b"),
    ("IT services", r"\bit[- ]services\b|\bit[- ]dienstleist|\bservizi it\b|\busługi it\b|\bit-tjänster\b|"
                    r"\bit služby\b|\bservicios it\b|\bserviços de ti\b|\bsoftware house\b"),
    ("beratung (de)", r"(?<!personal)(?<!finanz)(?<!steuer)(?<!kunden)beratung|(?<!personal)berater(?:innen)?\b|"
                      r"\bwir beraten\b"),
    ("advies (nl)", r"\badvies(?:bureau|werk|traject(?:en)?)?\b|\badviseurs?\b|\badviseren\b"),
    ("conseil (fr)", r"\b(?:cabinet|société|societe|métier|metier|missions?) de conseil\b|\bconseil en\b|"
                     r"\bconsultants?\b|\besn\b|\bssii\b"),
    ("consultoria (pt/es)", r"\bconsultor(?:ia|ía|es|as)?\b|\basesor(?:ía|ia|amiento)\b"),
    ("consulenza (it)", r"\bconsulenz[ae]\b|\bconsulent[ei]\b|\bsocietà di consulenza\b"),
    ("doradztwo (pl)", r"\bdoradztw\w*\b|\bdoradc(?:a|y|ów|zy|za|ze)\b|\bkonsulting\w*\b|\bfirma konsultingowa\b"),
    ("rådgivning (sv)", r"\brådgivning\w*\b|\brådgivare\b|"
                        r"\bkonsult(?:er|erna|bolag|bolagen|företag|företaget|byrå|byråer|"
                        r"tjänster|uppdrag)?\b|\bit-konsult\w*\b"),
    ("poradenství (cs)", r"\bporadenstv[íio]\b|\bporadensk[áéý]\w*\b|\bkonzultant\w*\b|\bkonzultační\b|"
                         r"\bkonzultačn\w*\b"),
    ("rådgivning (da/no)", r"\bkonsulent(?:er|erne|hus|huset|virksomhed|selskap)?\b|\bit-konsulent\w*\b|"
                           r"\brådgiver(?:e|ne)?\b"),
    ("konsultointi (fi)", r"\bkonsultointi\w*\b|\bkonsultti\w*\b|\basiantuntijapalvelu\w*\b|\bit-palvelu\w*\b"),
    ("tanácsadás (hu)", r"\btanácsadás\w*\b|\btanácsadó\w*\b|\bit szolgáltatás\w*\b"),
    ("consultanță (ro)", r"\bconsultan[țţt][ăa]\b|\bservicii it\b"),
    ("savjetovanje (hr/sl/sr)", r"\bsavjetovanj\w*\b|\bsavetovanj\w*\b|\bsvetovanj\w*\b|\bkonzalting\w*\b|"
                                r"\bit usluge\b|\bit storitve\b"),
    ("nõustamine (et)", r"\bnõustami\w*\b|\bkonsultatsioon\w*\b|\bit-teenus\w*\b"),
    ("konsultacijos (lt/lv)", r"\bkonsultacij\w*\b|\bkonsultavim\w*\b|\bit paslaug\w*\b|\bkonsultāc\w*\b|"
                              r"\bit pakalpojum\w*\b"),
    ("danışmanlık (tr)", r"\bdanışmanlık\w*\b|\bdanışman\w*\b|\bbilişim hizmetleri\b"),
    ("συμβουλευτική (el)", r"συμβουλευτικ\w*|\bσύμβουλοι\b"),
    ("консултиране (bg)", r"\bконсултиране\b|\bконсултантск\w*|\bконсултант\w*|\bконсултации\b"),
]

CONSULTANCY_WEAK: list[Cue] = [
    ("our clients", r"\b(?:our|for) clients\b|\bunsere[nm]? kunden\b|\bonze (?:klanten|opdrachtgevers)\b|"
                    r"\bnos clients\b|\b(?:nossos|os nossos) clientes\b|\bnuestros clientes\b|"
                    r"\bi nostri clienti\b|\bnasi klienci\b|\bnaszych klientów\b|\bvåra kunder\b|"
                    r"\bnaši klienti\b|\bnašich klientů\b|\bclients include\b|\bclien[tț]ii no[sș]tri\b|"
                    r"\bclien[tț]ilor no[sș]tri\b|\bvores kunder\b|\bvåre kunder\b|\basiakkaamme\b|"
                    r"\basiakkaillemme\b|\bügyfeleink\w*\b|\bnaši klijenti\b|\bnaših klijenata\b|\bmeie kliendid\b|"
                    r"\bnaš(?:e|im|ih) strank(?:e|am|ah)?\b|\bnašich klientov\b|\bнашите клиенти\b|"
                    r"\bοι πελάτες μας\b|\bτων πελατών μας\b|\bmüşterilerimiz\w*\b|\bmūsu klient(?:i|iem)\b|"
                    r"\bmūsų klient(?:ai|ams)\b|\bmeie klientidele\b"),
    ("we help organisations", r"\bwe (?:help|support|partner with|work with) (?:\w+ ){0,3}"
                              r"(?:clients|organi[sz]ations|companies|businesses|enterprises|teams|leaders|firms)\b|"
                              r"\bwir (?:unterstützen|begleiten|helfen)\b|\bwij (?:helpen|begeleiden|ondersteunen)\b|"
                              r"\bnous accompagnons\b|\baccompagn(?:ons|ement|er) (?:les|nos|vos)\b|"
                              r"\bajudamos\b|\bapoiamos\b|\bayudamos\b|\bacompañamos\b"),
    # the same label in plain phrases (matched by the automaton alone; the pattern above runs its regex near "we ")
    ("we help organisations", r"\b(?:aiutiamo|affianchiamo|supportiamo|accompagniamo|pomagamy|wspieramy|pomáháme|"
                              r"podporujeme|advises|we advise)\b|\bvi (?:hjälper|stöttar)\b|"
                              r"\b(?:work|worked|working) alongside\b"),
    ("transformation", r"\b(?:digital|business|agile|cloud) transformation\b|\bdigitale transformati(?:on|e)\b|"
                       r"\bdigitalisierung\b|\btransformation (?:digitale|numérique)\b|\btransformação digital\b|"
                       r"\btransformación digital\b|\btrasformazione digitale\b|\btransformacj[aię] cyfrow\w*\b|"
                       r"\bdigitální transformac\w*\b"),
    ("delivery model", r"\b(?:near|off)shor(?:e|ing)\b|\bdelivery (?:centre|center|teams?)\b"),
    ("custom software", r"\b(?:custom|bespoke|tailor-made) (?:software|solutions|applications)\b|"
                        r"\bsoftware development (?:services|company|partner)\b|\bindividual ?software\b|"
                        r"\bsoftwareentwicklung\b|\bmaatwerk\b|\bsur[- ]mesure\b|\bsob medida\b|\ba medida\b|"
                        r"\bsu misura\b|\bna zamówienie\b|\bdedykowane oprogramowanie\b|\bskräddarsydd\w*\b|"
                        r"\bna míru\b|\bop maat\b|\bla comand[aă]\b|\bskr[æa]ddersy\w*\b|\bskreddersy\w*\b|"
                        r"\bräätälöi\w*\b|\begyedi szoftver\w*\b|\bpo mjeri\b|\brätsep\w*\b"),
    ("engineering practice", r"\b(?:data|platform|product|cloud|software|site reliability) engineering\b|"
                             r"\bmoderni[sz]ation\b|\bcloud migration\b|\blegacy\b"),
    ("engagements", r"\bengagements?\b|\bworkshops?\b|\bdue diligence\b|\bdiscovery (?:phase|sprint|workshop)\b|"
                    r"\btrusted (?:advisor|partner)\b|\bproof of concept\b"),
    ("partner badges", r"\b(?:aws|microsoft|salesforce|sap|google cloud|azure|databricks|snowflake|servicenow|"
                       r"atlassian|hubspot) (?:\w+ )?partner\b|"
                       r"\b(?:partner|parceir[oa]|partenaire|socio|partnerem) (?:\w+ )?"
                       r"(?:of |von |van |de |da |di |della |firmy )?"
                       r"(?:aws|microsoft|sap|salesforce|google cloud|azure|"
                       r"databricks|snowflake|servicenow|atlassian|hubspot)\b|\b(?:certified|certificad[oa]s|"
                       r"certifiés|zertifizierte|gecertificeerde|certificati|certyfikowan\w+|certifierade|"
                       r"certifikovan\w+) (?:\w+ )?(?:aws|azure|google cloud|salesforce|sap)\b"),
    ("case studies", r"\bcase stud(?:y|ies)\b|\bstudii de caz\b|\bkundecases?\b|\basiakastarin\w*\b|"
                     r"\breferenssi\w*\b|\breferenci[aá]k\b|\besettanulmány\w*\b|\bstudij[ae] slučaja\b|"
                     r"\bjuhtumiuuring\w*\b|\bsuccess stor(?:y|ies)\b|\breferenzen\b|\bklantcases?\b|"
                     r"\bréférences clients\b|\bcas clients?\b|\bcasos de (?:éxito|exito|sucesso|estudo)\b|"
                     r"\bcasi (?:di successo|studio)\b|\bstudi(?:a|um) przypadk\w*\b|\brealizacje\b|"
                     r"\bkundcase\b|\bkundprojekt\w*\b|\breferenser\b|\bpřípadové studie\b|\bkundenprojekte\b|"
                     r"\bfallstudien?\b|\bselected work\b|\bklantverhalen\b"),
    ("builds for clients", r"\bwe (?:design|build|develop|engineer|deliver)(?:,| and| &)? (?:(?:build|develop|scale|"
                           r"maintain|run|deliver)(?:,| and| &)? )*(?:\w+ ){0,3}(?:apps|applications|platforms|"
                           r"websites|web platforms|software|digital products)\b|\bwir (?:entwickeln|bauen|konzipieren)"
                           r" (?:\w+ ){0,3}(?:software|anwendungen|apps|plattformen|lösungen)\b|\bwij (?:bouwen|"
                           r"ontwikkelen|ontwerpen)\b|\bnous (?:développons|concevons|réalisons)\b|"
                           r"\b(?:desarrollamos|construimos|desenvolvemos|construímos|sviluppiamo|realizziamo|"
                           r"tworzymy|projektujemy|wdrażamy|vyvíjíme|realizujeme)\b|\bvi (?:bygger|utvecklar)\b"),
    # the same verbs in more languages (we build / develop / design), a finite set: the automaton alone
    ("builds for clients", r"\b(?:vyvíjame|navrhujeme|razvijamo|gradimo|fejlesztünk|építünk|dezvoltăm|construim|"
                           r"proiectăm|разработваме|изграждаме|αναπτύσσουμε|σχεδιάζουμε|geliştiriyoruz|"
                           r"rakennamme|kehitämme|udvikler vi|vi udvikler|vi utvikler|arendame|ehitame|"
                           r"izstrādājam|kuriame|vystome)\b"),
    ("project inquiry", r"\bstart a project\b|\b(?:about|discuss) your project\b|\bget a (?:free )?quote\b|"
                        r"\brequest a (?:quote|proposal)\b|\bget a proposal\b|\bprojekt anfragen\b|"
                        r"\berstgespräch\b|\bihr projekt\b|\bkennismak\w*|\bofferte aanvragen\b|"
                        r"\b(?:je|jouw|uw) project\b|\bvotre projet\b|\bdemande de devis\b|\btu proyecto\b|"
                        r"\bsu proyecto\b|\bsolicita (?:un )?presupuesto\b|\bo seu projeto\b|\bseu projeto\b|"
                        r"\bpedir (?:um )?orçamento\b|\bil tuo progetto\b|\brichiedi (?:un )?preventivo\b|"
                        r"\bwycen[aęy]\b|\btw(?:ój|ojego|oim) projek\w*|\bditt projekt\b|\bbegär offert\b|"
                        r"\bváš projekt\b|\bvašem projektu\b|\bnezávazn\w+ (?:poptávk|nabídk)\w*"),
    ("strategy & roadmap", r"\bstrateg(?:y|ies|ie|ia|ía|ique|ii|i)\b|\broadmaps?\b|\bstrategisch\w*\b|"
                           r"\bstrategick\w*\b"),
    # a freelancer's own site in the first person ("I'm a freelance backend developer"); a marketplace's sign-up
    # button "I'm a freelancer" is a staffing cue (STAFFING "for candidates")
    ("independent developer",
     r"\bi'?m an? (?:freelance|independent) (?:(?:backend|back-end|frontend|front-end|full-stack|fullstack|web|"
     r"software|mobile|python|rails|django|php|java|\.net|ios|android|wordpress|data|devops|cloud) )?"
     r"(?:developer|engineer|programmer)\b|\bich bin (?:freiberuflicher|selbstständiger|freier) "
     r"(?:(?:software|web|app|backend|frontend)-?)?(?:entwickler|programmierer)\b|"
     r"\bje suis (?:développeur|développeuse) (?:web )?(?:freelance|indépendante?)\b|"
     r"\bsoy (?:desarrollador|desarrolladora|programador|programadora) (?:web )?(?:freelance|independiente)\b|"
     r"\bsou (?:desenvolvedor|desenvolvedora|programador|programadora) (?:web )?"
     r"(?:freelancer|freelance|independente)\b|"
     r"\bsono (?:uno sviluppatore|una sviluppatrice) (?:web )?(?:freelance|indipendente)\b|"
     r"\bik ben (?:een )?(?:freelance|zelfstandig) (?:(?:web|software|backend|frontend) ?)?"
     r"(?:developer|ontwikkelaar|programmeur)\b"),
]

AGENCY: list[Cue] = [
    # French "agence" is also any firm's branch office ("agence de Nantes"): only with a creative trade
    ("agency", r"\bagency\b|\bagencies\b|\bagentur\b|\bagences? (?:de |d')?(?:communication|publicit\w*|marketing|"
               r"web|digitale?s?|créatives?|design|événementiel\w*|rp|relations (?:presse|publiques)|seo|sea|"
               r"social media|influence|branding|création)\b|\bag[êe]ncia\b|\bagencia\b|\breclamebureau\b|"
               r"\bagenzia\b|\bagencj[aię]\b|\breklambyrå\w*\b|\bkommunikationsbyrå\w*\b|\bagentur[ay]\b|"
               r"\b(?:creatief|communicatie|online|digitaal|marketing|design|reclame)bureau\b"),
    ("branding", r"\bbrand(?:ing| identity| identities| strategy| design)\b|\bidentité visuelle\b|"
                 r"\bidentidade visual\b|\bidentidad (?:visual|de marca)\b|\bmarkenentwicklung\b|\bcorporate design\b|"
                 r"\bhuisstijl\b|\bidentità visiva\b|\bidentyfikacj[aię] wizualn\w*\b|\bvarumärke\w*\b|"
                 r"\bvizuální identit\w*\b|\brebrand\w*\b|\blogo design\b|\bprojektowanie logo\b"),
    # not a tester's "test campaigns" ("exécution des campagnes de test", "campagne di test", "campagne de recette")
    ("campaigns", r"(?<!test )\bcampaigns?\b|\bkampagnen?\b|"
                  r"(?<!exécution des )\bcampagnes?\b(?! d[ei] (?:tests?|recette|collaudo))|"
                  r"\bcampanhas?\b|\bcampañas?\b|\bcampagn[ae]\b(?! d[ei] (?:tests?|recette|collaudo))|"
                  r"\bkampani[aei]\b|\bkampanj\w*\b|\bkampaně\b"),
    ("performance marketing", r"\bppc\b|\bgoogle ads\b|\bpaid (?:social|search|media)\b|"
                              r"\bconversion rate optimi[sz]ation\b|\blead generation\b|\bdigital marketing\b|"
                              r"\bonline marketing\b|\bmarketing digital\b|\bmarketing digitale\b|"
                              r"\bmarketing internetowy\b"),
    ("advertising", r"\badvertising\b|\bwerbung\b|\bwerbe\w*\b|\breclame\b|\bpublicité\b|\bpublicidade\b|"
                    r"\bpublicidad\b|\bpubblicità\b|\breklam[aęy]?\b"),
    ("creative", r"\bcreative (?:studio|team|direction|work)\b|\bart direction\b|\bmotion design\b|\bkreativ\w*\b|"
                 r"\bcréati(?:f|ve|vité)\b|\bcriativ[ao]s?\b|\bcreativ(?:o|a|idad)s?\b|\bstorytelling\b"),
    ("social & content", r"\bsocial media\b|\binfluenc(?:er|ers|eurs?)\b|"
                         r"\bcontent (?:marketing|creation|production)\b|"
                         r"\bréseaux sociaux\b|\bredes sociales\b|\bredes sociais\b|\bsoziale medien\b|"
                         r"\bsociale media\b|\bsocial network\b|\bmedia społecznościow\w+|\bsociala medier\b|"
                         r"\bsociální sítě\b|\bbrand content\b|"
                         r"\bcopywriting\b|\bseo\b|\bperformance marketing\b"),
    ("public relations", r"\bpublic relations\b|\brelations (?:presse|publiques|médias)\b|\bpressearbeit\b|"
                         r"\böffentlichkeitsarbeit\b|\brelaciones públicas\b|\brelações públicas\b|"
                         r"\bpubbliche relazioni\b|\bufficio stampa\b|\bpr-byrå\w*\b|\bmedia relations\b|"
                         r"\bpress office\b|\bmedia training\b|\bcommunication de crise\b|\bcrisis communication\b"),
    ("awards", r"\bawards?\b|\bcannes lions\b|\bawwwards\b"),
]

STAFFING: list[Cue] = [
    ("staffing", r"\bstaffing\b|\btemp(?:orary)? (?:staff|workers|work)\b|\blabou?r hire\b|\bpayrolling\b|"
                 r"\bworkforce solutions\b|\brecruitment process outsourcing\b"),
    ("recruitment firm", r"\brecruit(?:ment|ing) (?:agency|agencies|firm|company|partner|specialists?|consultan\w+)\b|"
                         r"\brecruiters?\b|\bheadhunt\w*\b|\bexecutive search\b|\btalent acquisition\b"),
    ("cv upload", r"\b(?:upload|submit|send|register) (?:your |je |uw |votre |seu |tu )?(?:cv|resume|résumé|"
                  r"lebenslauf|curr[íi]culo|curriculum)\b|\blebenslauf\b|\bcurr[íi]culum\b|"
                  r"\b(?:subir|sube|déposer|déposez|cadastre|cadastrar|carica|încarcă|nahrajte|prześlij|ladda upp) "
                  r"(?:mi |tu |mon |votre |seu |o seu |il tuo |swoje )?(?:cv|currículo|curriculum|životopis)\b"),
    ("licensed placement agency", r"\bagencia de colocación\b|\bagência (?:privada )?de colocação\b|"
                                  r"\bagence de placement\b|\b(?:private )?employment agency licen[cs]e\b|"
                                  r"\bprivate employment agency\b|\berlaubnis zur arbeitsvermittlung\b|"
                                  r"\bagencj\w+ zatrudnienia\b|\bkraz\b|\bözel istihdam bürosu\b|"
                                  r"\bagent\w* de plasare\b|\bagentur\w* práce\b|\bmagán-munkaközvetít\w*\b|"
                                  # the Dutch staffing certification and its register (pooled pages: 24 staffing
                                  # sites, no other page)
                                  r"\bnen[- ]4400\b|\bsna-keurmerk\b|\bstichting normering arbeid\b"),
    ("candidates & employers", r"\bjob ?seekers?\b|\bcandidates\b|\bhiring managers?\b|\bfor employers\b|"
                               r"\bkandidat(?:en|innen)\b|\bcandida[țt]i(?:i|lor)?\b|\badaylar\w*\b|"
                               r"\bjelöltek\w*\b|\bkandidaatit\b|\bkandidatai\b|\bkandidāti\b|\behdokka\w*\b|"
                               r"\bυποψ[ήη]φ[ιί]\w*\b|"
                               r"\bbewerber\w*\b|\bwerkzoekenden\b|\bwerkgevers\b|\bcandidats?\b|\bcandidatos\b|"
                               r"\barbeitgeber\b|\bcandidati\b|\bkandydac\w*\b|\bkandidáti\b|\bkandidater\b|"
                               r"\bpostulantes\b|\bdatori di lavoro\b|\bpracodawc\w*\b|\barbetsgivare\b|"
                               r"\bzaměstnavatel\w*\b|\buchazeč\w*\b"),
    ("placements", r"\b(?:permanent|contract|temporary|interim) (?:placements?|roles|positions|recruitment|jobs)\b|"
                   r"\bplacements?\b|\bvacanc(?:y|ies)\b"),
    ("job board", r"\b(?:browse|search|latest|find|view all) (?:\w+ )?jobs\b|\bjob alerts?\b|\bapply now\b"),
    ("talent supply", r"\bstaff(?:ing)? augmentation\b|\bteam extension\b|\b(?:vetted|pre-vetted|hand-matched) "
                      r"(?:\w+ )?(?:talent|freelancers?|developers|engineers)\b|\btop \d+ ?% of\b|"
                      r"\bapply as a (?:freelancer|developer|talent)\b|\bhire (?:top |remote |vetted )?"
                      r"(?:talent|developers|engineers|freelancers)\b|\bfreelance (?:talent|network|marketplace)\b|"
                      r"\bpersonalgestellung\b|\bouter?sourcing de (?:personal|pessoal)\b|\bleasing pracowników\b|"
                      r"\bpersonaluthyrning\b|\bbemannings\w*\b|\bpersonální agentur\w*\b|"
                      r"\bsomministrazione di lavoro\b"),
    # "team augmentation", and "team extension" in more languages: a finite phrase set
    ("talent supply", r"\bteam augmentation\b|\bextensie de echipă\b|\bteamerweiterung\b|\bextension d'équipe\b|"
                      r"\bextensión de(?:l)? equipo\b|\bestensione del team\b|\bextensão de equipa\b|"
                      r"\bextensão de equipe\b|\bteamuitbreiding\b|\brozszerzenie zespołu\b|\brozšíření týmu\b|"
                      r"\brozšírenie tímu\b|\bcsapatbővítés\b|\bproširenje tima\b|\bteamförstärkning\b|"
                      r"\bteamforstærkning\b|\bteamforsterkning\b|\bεπέκταση ομάδας\b|\bekip genişletme\b|"
                      r"\bmeeskonna laiendamine\b|\bkomandas paplašināšana\b|\bkomandos išplėtimas\b|"
                      r"\bразширяване на екип\w*\b|\btiimin laajennus\b|\brazširitev ekipe\b"),
    # vetted people in more languages: the supplier's pool, described by its screening
    ("talent supply", r"\b(?:geprüfte|verifizierte|handverlesene) (?:it-)?(?:experten|experts|freelancer|"
                      r"entwickler|berater|spezialisten)\b|\b(?:geverifieerde|gescreende) (?:it-)?(?:experts|"
                      r"freelancers|developers|ontwikkelaars|consultants|professionals|specialisten)\b"),
    ("talent supply", r"\b(?:experts|freelances|développeurs|consultants|profils|talents|ingénieurs) (?:it )?"
                      r"(?:vérifiés|présélectionnés)\b|\b(?:desarrolladores|profesionales|consultores|expertos|"
                      r"freelancers|ingenieros|talentos?) (?:it |ti )?(?:verificados|preseleccionados|validados)\b|"
                      r"\b(?:profissionais|developers|consultores|programadores|especialistas|talentos?) (?:de ti |"
                      r"it )?(?:verificados|pré-selecionados|validados)\b"),
    ("talent supply", r"\b(?:sviluppatori|professionisti|consulenti|esperti|freelance|talenti) (?:it )?"
                      r"(?:verificati|selezionati)\b|\b(?:consultanți|specialiști|dezvoltatori|experți|"
                      r"profesioniști|programatori) (?:it )?(?:verificați|atent selectați)\b"),
    ("talent supply", r"\b(?:zweryfikowanych|zweryfikowani|sprawdzonych) (?:it )?(?:specjalistów|programistów|"
                      r"ekspertów|freelancerów|konsultantów)\b|\b(?:prověřených|ověřených|overených|preverených) "
                      r"(?:it )?(?:vývojářů|specialistů|expertů|konzultantů|vývojárov|špecialistov|expertov|"
                      r"konzultantov|odborníků|odborníkov|profesionálů|profesionálov|freelancerů|freelancerov)\b"),
    ("talent supply", r"\b(?:kvalitetssäkrade|kvalitetssikrede|screenade|udvalgte) (?:it-)?(?:konsulter|"
                      r"konsulenter|utvecklare|udviklere|utviklere|specialister|eksperter|experter)\b|"
                      r"\b(?:tarkistettua|seulottua|tarkastettua) (?:it-)?(?:asiantuntijaa|konsulttia|"
                      r"kehittäjää|osaajaa)\b|\bkontrollitud (?:it-)?(?:eksperdi|eksperti|arendajat|"
                      r"spetsialisti|konsultanti)\w*\b"),
    ("talent supply", r"\b(?:pārbaudītu|pārbaudītus|pārbaudīti) (?:it )?(?:speciālist|izstrādātāj|eksperti|"
                      r"kandidāt)\w*\b|\b(?:patikrintų|patikrinti) (?:it )?(?:specialist|programuotoj|ekspert|"
                      r"kandidat)\w*\b|\b(?:ellenőrzött|szűrt) (?:it-)?(?:szakember|fejlesztő|szakért|jelölt)\w*\b"),
    ("talent supply", r"\b(?:preverjenih|preverjeni|provjerenih|provjereni|provjerena|provereni|proverenih) (?:it )?"
                      r"(?:strokovnjak|stručnjak|razvijalc|developer|kandidat|konzultant|inženjer)\w*\b"),
    ("talent supply", r"\b(?:проверени|доказани) (?:it )?(?:специалисти|разработчици|консултанти|експерти|"
                      r"кандидати)\b|\b(?:ελεγμένους|ελεγμένων|ελεγμένοι|επαληθευμένους|επαληθευμένων) "
                      r"(?:it )?(?:developers|προγραμματιστές|προγραμματιστών|συμβούλους|ειδικούς|ειδικών|"
                      r"υποψηφίους|υποψηφίων)\b|\b(?:doğrulanmış|onaylı|test edilmiş) (?:it )?(?:yazılımcı|"
                      r"geliştirici|uzman|danışman|aday)\w*\b"),
    # A supplier of people keeps a pool of them, presents a few to the client and is paid by placement.
    ("talent pool", r"\btalent ?(?:pool|network)s?\b|\btalentpool\w*\b|\bkandidatenpool\b|\bvivier\b|"
                    r"\bbanco de talentos\b|\bbase de talentos\b|\bbolsa de talento\w*\b|\bbacino di talenti\b|"
                    r"\bbaz(?:a|ie|y) talentów\b|\bbaza (?:noastră )?de talente\b|\baday havuz\w*\b|"
                    r"\btalentbank\w*\b|\btehetségbázis\w*\b|\bkandidatdatabas\w*\b|\bdatabáze kandidátů\b|"
                    r"\bosaajapool\w*\b|\bosaajaverkost\w*\b|\bδεξαμεν\w* ταλέντων\b"),
    ("candidates presented", r"\b(?:\d(?:[–-]\d)?|two|three|zwei|drei|deux|trois|dos|tres|due|tre|dois|três|twee|"
                             r"drie|två|dwa|dwóch|trzy|trzech|dva|dvije|tri|két|három|δύο|τρεις|iki|üç|două|trei|"
                             r"два|три|kaksi|kolme|divi|trīs|trys|kaks|kolm|dvoje|troje|"
                             r"traja)(?: (?:\w+|a \d|to \d|à \d|bis \d|tot \d)){0,2} "
                             r"(?:candidates|candidate profiles|cvs|cv's|kandidat\w*|candidat\w*|candidatos|"
                             r"perfis|perfiles|kandydat\w*|adayın|adaylar\w*|candida[țt]i\w*|ehdokas\w*|υποψ[ήη]φ[ιί]\w*|"
                             r"profiles|profile|profiler|profiil\w*|profili|profilów|profilů|profily|profilov|profilus|"
                             r"profilius|"
                             r"kandidāt\w*|kandidaa\w*|cv-d|življenjepis\w*|životopis\w*|cv-?er|lebensläufe|ansioluettelo\w*|"
                             r"önéletrajz\w*|βιογραφικά|кандидат\w*|автобиографии|özgeçmiş\w*)\b"),
    ("placement fee", r"\bsuccess fee\b|\bonorariu de succes\b|\bhonoraires? de succès\b|\breplacement guarantee\b|"
                      r"\bgarantia de reposição\b|\bgarantie de remplacement\b|\bgaranție de înlocuire\b|"
                      r"\bnachbesetzungsgarantie\b|\bvervangingsgarantie\b|\bgaranzia di sostituzione\b|"
                      r"\bgarantía de reposición\b|\bersättningsgaranti\b|\brekrytointipalkkio\w*\b|"
                      r"\brekrutteringshonorar\w*\b|\brekryteringsarvode\w*\b|\bvermittlungs(?:provision|honorar)\b|"
                      r"\b(?:plaatsings|bemiddelings)fee\b|\bfrais de placement\b|\bhonoraires de recrutement\b|"
                      r"\bhonorarios de selección\b|\b(?:prowizja|opłata) rekrutacyjna\b|"
                      # a person replaced for free: what a supplier of people promises, not a firm selling projects
                      r"\bfree replacement\b|\breplace (?:them|him|her|anytime|anyone|the engineer|the developer) "
                      r"at no (?:extra |additional )?cost\b|\bsostituzione (?:garantita|gratuita)\b|"
                      r"\bkostenlose[rn]? (?:austausch|ersatz)\b|\bremplacement gratuit\b|"
                      r"\breemplazo (?:gratuito|sin costo)\b|\bsubstituição (?:gratuita|sem custo)\b|"
                      r"\b(?:bezpłatna|darmowa) wymiana\b|\bingyenes csere\b|\bbesplatna zamjena\b|"
                      r"\bgratis vervanging\b|\bkostnadsfri ersättning\b|\bbezplatná výměna\b|"
                      r"\bînlocuire garantată\b|\bgarantovaná (?:výměna|náhrada)\b|\bgwarancja wymiany\b|"
                      r"\bgarantált csere\b|\bzajamčena zamjena\b|\bgarantovaná výmena\b"),
    # the same promise in more languages (a second finite phrase set: one would exceed the matcher's phrase limit)
    ("placement fee", r"\bnáhrad(?:u|a|y)? bez (?:dalších |dodatečných |ďalších )?(?:nákladů|nákladov|poplatků|"
                      r"poplatkov|poplatku)\b|"
                      r"\bbezplatn(?:á|ou|é|ý|ú) (?:náhrad|výměn|výmen)\w*\b|\bbrezplačn(?:a|e|o|ih) zamenjav\w*\b|"
                      r"\bbez maksas aizvieto\w*\b|\bbezmaksas aizvietošan\w*\b|\bnemokam(?:as|ai|ą) pakeit\w*\b|"
                      r"\btasuta asendus\w*\b|\bmaksuton vaihto\b|\bgratis (?:udskiftning|erstatning)\b|"
                      r"\bkostnadsfri(?:tt)? (?:byte|erstatning)\b|\bdíjmentes csere\b|\bînlocuire gratuită\b|"
                      r"\bбезплатна замяна\b|\bδωρεάν αντικατάσταση\b|\bücretsiz değişim\b|"
                      r"\bkosteloze vervanging\b|\bremplacement sans frais\b|\bsustitución (?:gratuita|sin coste)\b|"
                      r"\bkostenfreie[rn]? (?:austausch|ersatz)\b|"
                      # a fee paid only when someone is hired, in the languages "success fee" was missing from
                      r"\berfolgshonorar\w*\b|\bno cure no pay\b|\bno cure, no pay\b|"
                      r"\bno-cure-no-pay\b|\bhonorários de sucesso\b|"
                      r"\btaxa de sucesso\b|\bhonorarios de éxito\b|\bem caso de sucesso\b|\ben caso de éxito\b|"
                      r"\bodměna za úspěch\b|\bwynagrodzenie za sukces\b|\blicença de ett\b|"
                      r"\balleen bij een succesvolle plaatsing\b|\bсамо при успешно назначаване\b|"
                      r"\bainult eduka värbamise korral\b|\bonly pay (?:when|if) you hire\b|"
                      r"\bnur im erfolgsfall\b|\buniquement en cas de succès\b|\bsolo en caso de éxito\b|"
                      r"\bsolo in caso di successo\b|\btylko w przypadku sukcesu\b"),
    # profiles or CVs promised within days: the turnaround a supplier of people sells
    ("profiles within days", r"\b(?:cvs|cv-er|cv-uri|cv's|cv:n|profiles|profile|profils|perfiles|perfis|profili|"
                             r"profily|profilů|candidates|kandidaten|kandidater|candidats|candidatos|candidati|"
                             r"kandydatów|kandidátů) (?:\w+ )?(?:within|in|em|en|innerhalb von|sous|entro|binnen|"
                             r"inom|inden|innen|w ciągu|do|în|până în|za|σε|dentro de) (?:\w+ )?\d"),
    ("placement fee", r"\bnahradíme (?:ho|ju|ji|je|ich|vám ho|vám ju|vám ji) bez (?:ďalších |dalších |dodatečných )?"
                      r"(?:nákladov|nákladů|poplatkov|poplatků)\b"),
    # a fee to take the supplied person onto the client's payroll (temp-to-perm): only a supplier of people has one
    ("conversion fee", r"\bconversion fees?\b|\btry ?(?:&|'n'|n) ?hire\b|\btry-and-hire\b|\bdetavast\b|"
                       r"\bübernahme(?:gebühr|provision)\w*\b|"
                       r"\bablöse(?:summe|gebühr|frei)\w*\b|\bpoplat(?:ek|ku|ky|ok) za (?:převzetí|prevzatie)\b"),
    ("conversion fee", r"\bconvert (?:\w+ ){0,3}to (?:your (?:own )?)?(?:payroll|permanent|full-time|in-house)\b"),
    # same label, anchored on the salary word: "18 % of the first annual salary"
    ("placement fee", r"\b\d{1,2} ?% (?:\w+ ){0,4}(?:salary|salaire|salário|salario|jahresgehalt\w*|jaarsalaris|"
                      r"salariul\w*|stipendio|wynagrodzeni\w*|årslön\w*|årsløn\w*|vuosipalk\w*|maaş\w*|brutopalga\w*|"
                      r"aastapalga\w*|töötasu\w*|ročního platu|ročného platu|éves bér\w*|bruttó bér\w*|"
                      r"годишната заплата|годишна заплата|ετήσιου μισθού|godišnje plaće|letne plače|"
                      r"gada algas|metinio atlyginimo)\b"),
    ("régie / body leasing", r"\ben régie\b|\bop regie(?:basis)?\b|\bregiebasis\b|\bbody ?leasing\b|"
                             r"\bprofissionais alocados\b|\balocação de (?:profissionais|consultores|pessoas)\b|"
                             r"\boutsourcing de profissionais\b|\bdanışman temini\b|\bpersonel çalıştırma\b|"
                             r"\bprestación de personal\b|\bcesión de (?:personal|trabajadores)\b|"
                             r"\bleasing (?:pracowników|specjalistów|it)\b|\bpronájem (?:it )?specialistů\b|"
                             r"\binhuur\b|\bkonsultförmedling\w*\b|\bvuokrakonsult\w*\b"),
    ("freelance missions", r"\bmissions? (?:ouvertes|freelance|disponibles)\b|\bfreelance (?:missions|assignments)\b|"
                           r"\bopen (?:freelance )?(?:missions|assignments)\b|\bopenstaande opdrachten\b|"
                           r"\blediga uppdrag\b|\bledige oppdrag\b|\boffene projekte\b|\bprojektangebote\b|"
                           r"\bavoimet toimeksiannot\b|\bmisiones abiertas\b|\bmissioni aperte\b|\bledige opgaver\b"),
    ("personalvermittlung (de)", r"\bpersonal(?:vermittlung|beratung)\b|\bstellenangebote\b|\bjobbörse\b|"
                                 r"\bfestanstellung\b|\bdirect search\b|\bheadhunt\w*\b"),
    ("arbeitnehmerüberlassung (de)", r"\barbeitnehmerüberlassung\b|\bzeitarbeit\b|\bpersonalleasing\b|"
                                     r"\bpersonaldienstleist\w*\b"),
    ("projektvermittlung (de)", r"\bprojekt(?:besetzung|vermittlung)\b|\bfreelancer-?(?:vermittlung|login|portal)\b|"
                                r"\bfür (?:freelancer|it-experten|it-freelancer)\b|\bprofil anlegen\b"),
    ("for candidates", r"\bfor (?:freelancers|contractors|candidates|job ?seekers)\b|\badaylar için\b|"
                       r"\b(?:submit|upload|send us|register) (?:your )?(?:cv|resume)\b|"
                       r"\b(?:contract|temp)-to-(?:hire|perm)\b|\bregister as a (?:contractor|freelancer|candidate)\b|"
                       r"\bza kandidate\b|\bpro kandidáty\b|\bdla kandydatów\b|\bpentru candidați\b|\bfür bewerber\b|"
                       r"\bvoor kandidaten\b|\bpour les candidats\b|\bpara candidatos\b|\bper i candidati\b|"
                       r"\bför kandidater\b|\bfor kandidater\b|\bhakijoille\b|\bjelölteknek\b|\badaylar için\b|"
                       r"\bγια υποψηφίους\b|\bза кандидати\b|\bkandidaatidele\b|\bpre kandidátov\b|"
                       r"\bproširenje tima\b|\brozszerzenie zespołu\b|\brozšíření týmu\b|\brozšírenie tímu\b|"
                       r"\bεπέκταση ομάδας\b|\bemployer of record\b"),
    # the other side of a supplier's site, in its own words ("I'm a freelancer", "¿Eres profesional IT?")
    ("for candidates", r"\bi'm a freelancer\b|\bi am a freelancer\b|\bi'm a contractor\b|\bi am a contractor\b|"
                       r"\bare you an it professional\b|\bare you a freelancer\b|\bare you a contractor\b|"
                       r"\beres profesional\b|\beres un profesional\b|\bé profissional\b|"
                       r"\bvous êtes (?:freelance|indépendant|candidat)\b|\bbist du freelancer\b|"
                       r"\bsind sie freelancer\b|\bich bin (?:it-)?freelancer\b|\bich bin (?:kandidat|bewerber)\b|"
                       r"\bje suis (?:consultant|freelance|candidat|indépendant)\b|\bsou (?:profissional|candidato)\b|"
                       r"\bsoy (?:profesional|candidato|freelance)\b|\bsono un (?:professionista|candidato)\b|"
                       r"\bik ben (?:freelancer|zzp'er|kandidaat)\b|\bben je (?:freelancer|zzp'er)\b|"
                       r"\bjag är (?:konsult|kandidat|frilansare)\b|\bär du (?:frilansare|underkonsult)\b|"
                       r"\bjeg er (?:konsulent|kandidat|frilanser)\b|\ber du (?:frilanser|freelancer)\b|"
                       r"\bjestem (?:specjalistą|kandydatem|freelancerem)\b|\bjsem (?:kandidát|freelancer)\b|"
                       r"\ber du freelance\w*\b|\boletko (?:it-)?(?:asiantuntija|freelancer)\b|"
                       r"\bfor (?:freelancere|frilansere)\b|\bför frilansare\b|\bvoor freelancers\b|"
                       r"\bpour les (?:freelances|indépendants)\b|\bpara freelancers\b|\bdla freelancerów\b|"
                       r"\b(?:opret|opprett|skapa) (?:en )?profil\b|\bluo profiili\b|\bmaak een profiel aan\b|"
                       r"\bcréez votre profil\b|\bcrea tu perfil\b|\bcrie seu perfil\b|\bcrea il tuo profilo\b|"
                       r"\bzałóż profil\b|\bvytvořte si profil\b"),
    # "Are you a developer?": the supplier's call to the people it places. A firm hiring for itself writes "we are
    # hiring" (pooled pages: 106 staffing sites ask it, 1 consultancy). French "vous êtes" and Italian "sei" are left
    # out: they start firms' own job ads ("vous êtes développeur ? nous recrutons", "sei sviluppatori")
    ("for candidates", r"\bare you a (?:senior |freelance |software |tech |top |data |cloud |sap |senior tech )?"
                       r"(?:developer|engineer|consultant|specialist|expert|professional|freelancer|contractor|"
                       r"tester)\b"),
    ("for candidates", r"\bare you an (?:it |independent |independent tech |experienced )?(?:developer|engineer|"
                       r"consultant|specialist|expert|professional|freelancer|contractor|tester)\b"),
    ("for candidates", r"\b(?:bist du|sind sie) (?:ein |eine )?(?:it-)?(?:entwickler|entwicklerin|freelancer|"
                       r"freelancerin|consultant|berater|beraterin|spezialist|spezialistin|experte|expertin)\b|"
                       r"\bêtes-vous (?:un |une )?(?:développeur|développeuse|consultant|consultante|"
                       r"expert|experte|freelance|indépendant|indépendante|ingénieur)\b"),
    ("for candidates", r"\beres (?:un |una )?(?:consultor|consultora|desarrollador|desarrolladora|programador|"
                       r"programadora|ingeniero|ingeniera|profesional|experto|experta|freelance|developer)"
                       r"(?: it| ti)?\b|"
                       r"\b(?:és|você é) (?:um |uma )?(?:consultor|consultora|desenvolvedor|desenvolvedora|"
                       r"programador|programadora|profissional|especialista|freelancer|developer)\b|"
                       r"\bsei un(?:a|o)? (?:consulente|professionista|freelance|esperto|esperta)\b"),
    ("for candidates", r"\bben je (?:een )?(?:it-|freelance )?(?:developer|ontwikkelaar|consultant|specialist|"
                       r"freelancer|zzp'er|professional)\b|\bjesteś (?:it )?(?:specjalistą|programistą|programistką|"
                       r"developerem|konsultantem|konsultantką|testerem|testerką|ekspertem|freelancerem)\b"),
    ("for candidates", r"\b(?:jste|ste) (?:it )?(?:vývojář|vývojářka|vývojár|tester|testerka|specialista|špecialista|"
                       r"konzultant|konzultantka|profesionál|odborník|strokovnjak|strokovnjakinja|razvijalec|"
                       r"razvijalka|svetovalec|programer|freelancer)\b"),
    ("for candidates", r"\b(?:är|er) du (?:it-|frilansande |selvstendig |selvstændig |erfaren )?(?:utvecklare|"
                       r"udvikler|utvikler|konsult|konsulent|it-konsult|specialist|spesialist|frilansare|frilanser|"
                       r"freelancer)\b"),
    ("for candidates", r"\boletko (?:it-)?(?:kehittäjä|konsultti|asiantuntija|ohjelmoija|freelancer|ammattilainen)\b|"
                       r"\boled (?:it-)?(?:arendaja|konsultant|spetsialist|ekspert)\b|"
                       r"\besi (?:it )?(?:speciālists|speciāliste|izstrādātājs|izstrādātāja|konsultants|eksperts|"
                       r"programmētājs|specialistas|specialistė|programuotojas|programuotoja|konsultantas|"
                       r"ekspertas)\b"),
    ("for candidates", r"\bești (?:un |o )?(?:specialist|specialistă|programator|programatoare|consultant|consultantă|"
                       r"dezvoltator|expert|freelancer)(?: it)?\b|\b(?:jeste li|jesi li) (?:it )?(?:developer|"
                       r"programer|programerka|konzultant|stručnjak|stručnjakinja)\b|\b(?:сте|си) (?:it )?"
                       r"(?:разработчик|програмист|консултант|специалист)\b|\bείσαι (?:developer|προγραμματιστής|"
                       r"σύμβουλος|μηχανικός|freelancer)\b|\b(?:yazılım geliştirici|geliştirici|danışman|uzman|"
                       r"freelancer) (?:misiniz|musunuz|misin|musun)\b|\b(?:it-szakember|szakember|fejlesztő|"
                       r"szabadúszó) vagy\b"),
    # "I'm looking for a project": the job seeker's door beside the client's on a supplier's site (pooled pages: 49
    # staffing sites, no other page)
    ("for candidates", r"\bhľadám (?:nový )?projekt\b|\bhledám (?:nový )?projekt\b|\bтърся (?:нов )?проект\b|"
                       r"\botsin (?:uut )?projekti\b|\bprocuro (?:um )?projeto\b|\btražim (?:novi )?projekt\b|"
                       r"\bi'm looking for a (?:new )?project\b|\bich suche (?:ein (?:neues )?)?projekt\b|"
                       r"\bje cherche une mission\b|\bbusco (?:un )?proyecto\b|\bszukam (?:nowego )?projektu\b|"
                       r"\bcerco un (?:nuovo )?progetto\b|\bsöker (?:nytt )?uppdrag\b|\bzoek (?:een|nieuwe) opdracht\b|"
                       r"\betsin (?:uutta )?projektia\b|\bieškau (?:naujo )?projekto\b|\bmeklēju (?:jaunu )?projektu\b|"
                       r"\biščem (?:nov )?projekt\b|\bcaut (?:un )?proiect\b|\búj projektet keresek\b|"
                       r"\bproje arıyorum\b|\bsøker oppdrag\b|\bsøger opgave\b"),
    # the supplied person works under the client's direction (the legal mark of labour leasing): pooled pages,
    # 67 staffing sites and 7 directories explaining staff augmentation, one consultancy saying it won't
    ("under the client's direction",
     r"\bunder (?:your|the client's|the clients'|their) (?:day-to-day |own |direct |technical |operational )?"
     r"(?:direction|management|supervision|lead|leadership)\b|"
     r"\bunter (?:ihrer|der) (?:fachlichen |disziplinarischen )?(?:weisung|leitung|führung)\b|"
     r"\bonder (?:jouw|uw|hun) (?:aansturing|leiding)\b|\bjij stuurt (?:inhoudelijk )?aan\b"),
    ("under the client's direction",
     r"\bsous votre (?:direction|responsabilité|management|pilotage)\b|\bbajo (?:su|tu) (?:dirección|supervisión|"
     r"gestión)\b|\bsotto la (?:vostra|tua) (?:direzione|guida|supervisione)\b|\bsob (?:a sua|sua|a vossa) "
     r"(?:gestão|direção|supervisão)\b|\bpod (?:waszym|twoim) kierownictwem\b|\bpod vaším vedením\b|"
     r"\bunder (?:er|din|jeres|deres) (?:ledning|ledelse)\b|\bteidän johdolla(?:nne)?\b|\bteie juhtimisel\b|"
     r"\bjūsu vadībā\b|\bjūsų vadovaujam(?:i|as|a)\b|\baz (?:ön|önök) irányítása alatt\b|"
     r"\bsub (?:coordonarea|conducerea|îndrumarea) (?:dumneavoastră|ta)\b|\bpod vašim vodstvom\b|"
     r"\bpod vodstvom (?:vašega|vaše)\b|\bпод (?:оперативното ръководство|ръководството) на клиента\b|"
     r"\bпод вашето (?:техническо |оперативно )?ръководство\b|\bвие управлявате работата им\b|"
     r"\bυπό την (?:καθοδήγηση|διεύθυνσή) σας\b|\bsizin yönetiminizde\b"),
    ("uitzendbureau (nl)", r"\buitzend\w*\b|\bdetacher(?:ing|en)\b|\bwerving (?:en|&) selectie\b"),
    # the trade bodies of staffing firms
    ("staffing association", r"\brecruitment and employment confederation\b|\brec member\b|\bmember of the rec\b|"
                             r"\bmitglied im (?:bap|igz|gvp)\b|\bbundesarbeitgeberverband der personaldienstleister\b|"
                             r"\bkompetensföretagen\b|\bprism'emploi\b|\bassolavoro\b|"
                             r"\bapsco\b|\bnbbu\b|\blid van de abu\b"),
    # open positions: a staffing firm's vacancies, or a firm's own careers section (``scoring`` counts them only
    # beside job-board pages or job ads)
    ("job openings", r"\bvacatures?\b|\bvagas\b|\bofertas de empleo\b|\bvacantes\b|\bofferte di lavoro\b|"
                     r"\boferty pracy\b|\blediga (?:jobb|tjänster)\b|\bpracovní nabídky\b|\bnabídky práce\b|"
                     r"\bledige stillinger\b|\bavoimet työpaikat\b|\btööpakkumised\b|\blaisvos darbo vietos\b|"
                     r"\bvakances\b|\blocuri de muncă\b|\bprosta delovna mesta\b|\bpracovné ponuky\b|"
                     r"\biş ilanları\b|\bθέσεις εργασίας\b|\boffres d'emploi\b|\bállásajánlat\w*\b|"
                     r"\bсвободни позиции\b"),
    ("recrutement (fr)", r"\bintérim\w*\b|\binterim\w*\b|\btravail temporaire\b|\b(?:cabinet|agence) de recrutement\b|"
                         r"\brecrutement\b|\bchasseurs? de têtes\b"),
    ("recrutamento (pt/es)", r"\brecrutamento\b|\btrabalho tempor[áa]rio\b|\bempresa de trabajo temporal\b|"
                             r"\bselecci[óo]n de personal\b|\breclutamiento\b"),
    ("rekrutacja (it/pl/sv/cs)", r"\bricerca e selezione\b|\bselezione del personale\b|"
                                 r"\bagenzia per il lavoro\b|\brekrutacj\w*\b|\bagencja pracy\b|"
                                 r"\brekrytering\w*\b|\bbemanningsföretag\w*\b|"
                                 r"\bnábor\w*\b|\bpracovní agentur\w*\b"),
    ("rekruttering (da/no/fi/et/lt/lv)", r"\brekruttering\w*\b|\bvikarbureau\w*\b|\bvikarbyrå\w*\b|"
                                         r"\bbemanding\w*\b|\brekrytointi\w*\b|"
                                         r"\bhenkilöstövuokrau\w*\b|\bvuokratyö\w*\b|"
                                         r"\btyönhakijoille\b|\bvärbamine\b|\bpersonalirent\w*\b|"
                                         r"\bkandidaadid\b|\bpersonalo (?:atrank|nuom)\w*\b|\bdarbuotojų atrank\w*\b|"
                                         r"\bkandidatams\b|\bpersonāla (?:atlas|nom)\w*\b|\bdarbinieku atlas\w*\b|"
                                         r"\bkandidātiem\b|\bdarbā iekārtošan\w*\b|\bdarbiekārtošan\w*\b"),
    ("recrutare (ro/hu/hr/sl/sk/tr/el/bg)", r"\brecrutare\b|\bmuncă temporară\b|"
                                            r"\btoborzás\w*\b|\bmunkaerő-kölcsönzés\w*\b|\bfejvadász\w*\b|"
                                            r"\bzapošljavanj\w*\b|\bustupanje radnika\b|"
                                            r"\bkadrovska agencija\b|\bzagotavljanj(?:e|a|u) dela\b|"
                                            r"\bselekcij(?:a|e|o|i) kadrov\b|"
                                            r"\bpersonálna agentúra\b|\bdočasného zamestnávania\b|\biše alım\b|"
                                            r"\bpersonel temini\b|\bgeçici personel\b|"
                                            r"\bστελέχωση\b|\bπροσωρινής απασχόλησης\b|\bπρ[οό]σλ[ηή]ψ\w*\b|"
                                            r"\bагенция за временна заетост\b|"
                                            r"\bподбор на персонал\b|\bвременна работа\b"),
]

DIRECTORY: list[Cue] = [
    ("directory", r"(?<!active )(?<!ldap )\bdirector(?:y|ies)\b(?! services)|\bbranchen(?:verzeichnis|buch)\b|"
                  r"\bfirmenverzeichnis\b|"
                  r"\bbedrijvengids\b|\bannuaire\b|\bdiret[óo]rio\b|\bdirectorio\b|\bguia de empresas\b|"
                  r"\bguía de empresas\b|\belenco (?:delle )?aziende\b|\bkatalog firm\b|\bföretagskatalog\b|"
                  r"\bkatalog firem\b"),
    # the same cues in more languages as a finite phrase set (matched by the automaton alone, no regex run)
    ("directory", r"\bκατάλογος εταιρειών\b|\bimenik (?:it )?(?:tvrtki|podjetij|firmi)\b|"
                  r"\bimenik podjetij\b|\bкаталог на (?:it )?(?:фирми|компании)\b|\b(?:firma|şirket) rehberi\b|"
                  r"\bcatalog de (?:firme|companii)\b|\bcégkatalógus\b|\bcégkereső\b|\bkatalóg firiem\b|"
                  r"\byrityshakemisto\b|\bettevõtete kataloog\b|\buzņēmumu katalogs\b|\bįmonių katalogas\b|"
                  r"\bbedriftskatalog\w*\b|\bvirksomhedskatalog\w*\b|\bföretagskatalog\w*\b|"
                  # the member directory of an association or cluster of IT firms
                  r"\badresár (?:členov|firiem)\b|\badresář (?:členů|firem)\b|\bkatalog członków\b|\bkatalog členů\b|"
                  r"\bkatalóg členov\b|\bseznam členů\b|\bzoznam členov\b|\bčlenský katalog\b|"
                  r"\bmitgliederverzeichnis\b|\bannuaire des (?:membres|adhérents)\b|\bdirectorio de socios\b|"
                  r"\belenco (?:dei )?(?:soci|associati)\b|\blista membrilor\b|\btagjegyzék\b|\bledenlijst\b|"
                  r"\bmedlemskatalog\w*\b|\bmedlemsregist\w*\b|\bmedlemsoversigt\w*\b|\bmedlemsoversikt\w*\b|"
                  r"\bmedlemslist\w*\b|\bjäsenluettelo\w*\b|\bjäsenhakemisto\w*\b|\bliikmete nimekiri\b|"
                  r"\bbiedru katalog\w*\b|\bbiedru sarakst\w*\b|\bnarių katalog\w*\b|"
                  r"\bimenik članova\b|\bimenik članov\b|\bκατάλογος μελών\b|\büye rehberi\b|"
                  r"\bdiretório de associados\b"),
    ("listings", r"\blistings?\b|\b(?:add|list|submit|claim) (?:your |a )?(?:business|company|agency|listing|firm|"
                 r"profile)\b|\bfirmeneintrag\b|\beintrag\b|\bfiche entreprise\b|\bempresas listadas\b|"
                 r"\b(?:anbieter|firmen|företags|virksomheds|bedrijfs|yritys)profil(?:e|er|en|s)?\b|"
                 r"\bfür anbieter\b|\bför (?:konsultbolag|byråer|leverantörer)\b|\bvoor (?:aanbieders|bureaus)\b|"
                 r"\bpour les (?:prestataires|agences)\b|\bpara (?:proveedores|agencias)\b"),
    ("listings", r"\bdodajte svoju tvrtku\b|\bκαταχώριση εταιρείας\b|\bdodajte svoje podjetje\b|"
                 r"\bдобавете (?:вашата )?фирма\b|\bfirmanızı ekleyin\b|\badaugă(?:-ți)? firma\b|"
                 r"\bregisztrálja cégét\b|\bpřidejte (?:svou )?firmu\b|\bpridajte (?:svoju )?firmu\b|"
                 r"\blisää yrityksesi\b|\blisa oma ettevõte\b|\bpievienojiet savu uzņēmumu\b|"
                 r"\bpridėkite savo įmonę\b"),
    ("rankings", r"\btop \d+\b|\bbest \w+ (?:\w+ )?(?:companies|agencies|firms|consultants|providers)\b|"
                 r"\bleaders? (?:matrix|list)\b|\bshortlist\b|\bclassement\b|\brankings?\b"),
    ("rankings", r"\btopplist(?:a|an|or|orna)\b|\bbestenliste\b|\bclassifica\b|\bclasificación\b|"
                 r"\bκατάταξη\b|\bljestvic[ae]\b|\blestvic[ae]\b|\bкласация\b|\bsıralama\b|\bclasament\b|"
                 r"\brangsor\b|\bžebříček\b|\brebríček\b|\bedetabel\b|\breitings\b|\breitingas\b|"
                 r"\brangering(?:en|er|a)?\b|\brangliste(?:n|r)?\b|\branglijst(?:en)?\b"),
    ("reviews", r"\b(?:verified|client|customer|user|real|honest|google) reviews?\b|\breviews? (?:of|from|by|for)\b|"
                r"\b(?:read|write|leave) (?:a |the )?reviews?\b|\bratings?\b|\brated\b|\bbewertungen\b|"
                r"\bbeoordelingen\b|\bavis\b|\bavaliações\b|\bopiniones\b|\breseñas\b|\bomdömen\b|"
                r"\banmeldelser\b|\bomtaler\b|\barvostelu(?:t|ja)\b|\brecenze\b|\brecenzj[ae]\b|\brecensioni\b|"
                r"\bértékelések\b|★★★|\bαξιολογήσεις\b|\bocjen[ae]\b|\brecenzije\b|\bocene\b|\bотзиви\b|"
                r"\brecenzii\b|\bvélemények\b|\bhodnotenia\b|\barvustused\b|\batsauksmes\b|\batsiliepimai\b"),
    ("compare & match", r"\bcompare\b|\bget matched\b|\bvergleich\w*\b|\bvergelijk\w*\b|\bcompar(?:er|atif|e)\b|"
                        r"\bcompara\b|\bfind (?:the right|a|the best|your) (?:\w+ )?(?:agency|partner|company|firm|"
                        r"consultant|provider)\b"),
    ("compare & match", r"\bjämför\b|\bjämföra\b|\bsammenlign\b|\bsammenligne\b|\bporównaj\b|\bporovnejte\b|"
                        r"\bconfronta\b|\bσυγκρίνετε\b|\busporedite\b|\bprimerjajte\b|\bсравнете\b|"
                        r"\bkarşılaştır\w*\b|\bcompară\b|\bporovnajte\b|\bvertaile\b|\bvõrdle\b|"
                        r"\bsalīdziniet\b|\bpalyginkite\b"),
    ("post a job", r"\bpost (?:a|your) job\b|\bpost jobs\b|\banunciar vagas?\b|\bpublier une offre\b|"
                   r"\bstellenanzeige (?:schalten|aufgeben)\b|\bvacature plaatsen\b|\bpublica (?:una |tu )?oferta\b|"
                   r"\bpubblica (?:un )?annuncio\b|\bdodaj ogłoszenie\b|\bannonsera\b|\binzerovat\b"),
    ("result counts", r"\b\d[\d,.]* (?:\w+ )?(?:companies|agencies|firms|results|providers|bedrijven|firmen|"
                      r"entreprises|"
                      r"empresas|unternehmen|anbieter|bolag|företag|virksomheder|bedrifter|aziende|prestataires|"
                      r"proveedores|fornecedores|firm|firem|cég|εταιρείες|tvrtki|podjetij|firmi|фирми|firma|"
                      r"firme|firiem|yritystä|ettevõtet|uzņēmumi|uzņēmumus|įmonių|selskaper|selskaber|companii|imprese)\b|"
                      r"\bsponsored\b|\bresults? for\b|"
                      r"\bbrowse (?:by )?"
                      r"(?:category|categories|location|city)\b"),
]

PRODUCT: list[Cue] = [
    ("pricing", r"\bpricing\b|\bpreise\b|\bprijzen\b|\btarifs\b|\bpreços\b|\bprecios\b|\bplans? (?:&|and) pricing\b|"
                r"\bprezzi\b|\bcennik\b|\bpriser\b|\bceník\b|\bhinnakiri\b|\bfiyatlandırma\b|\bhinnoittelu\b|"
                r"\bhinnasto\b|\bárazás\b|\bcjenik\b|\bkainoraštis\b|\bcenrādis\b|\bprețuri\b|"
                r"\bτιμολόγηση\b|\bценоразпис\b|\bprisliste\b"),
    ("free trial", r"\bfree trial\b|\b(?:start|try it|try) (?:\w+ )?(?:for )?free\b|\bno credit card\b|"
                   r"\bkostenlos (?:testen|starten|registrieren)\b|\bgratis (?:proberen|uitproberen|starten)\b|"
                   r"\bessai gratuit\b|\bessayer gratuitement\b|\bteste? gr[áa]tis\b|\bexperimente gr[áa]tis\b|"
                   r"\bprueba gratis\b|\bpruébalo gratis\b|\bprova gratis\b|\bprova gratuita\b|"
                   r"\bprova (?:per )?\d+ giorni\b|\btesta gratis\b|\bgratis provperiod\b|\bprøveperiode\b|"
                   r"\bwypróbuj za darmo\b|\bvyzkoušejte zdarma\b|\bilmainen kokeilu\b|\bkokeile ilmaiseksi\b|"
                   r"\bprøv gratis\b|\bingyenes próba\w*\b|\bbesplatno isprobaj\w*\b|\bproovi tasuta\b|"
                   r"\bišbandykite nemokamai\b|\bizmēģini bez maksas\b|\bîncearcă gratuit\b|"
                   r"\bücretsiz (?:dene|deneme)\b|\bδωρεάν δοκιμή\b|\bбезплатен пробен\b|"
                   r"\bvyskúšajte zadarmo\b|\bbrezplačen preizkus\b"),
    ("sign up", r"\bsign ?up\b|\bget started\b|\bcreate (?:an |your )?account\b|\bregistrieren\b|\baanmelden\b|"
                r"\binscription\b|\bcadastr\w+\b|\bregístrate\b|\bregistrati\b|\bzarejestruj\w*\b|"
                r"\bskapa konto\b|\bzaregistrujte\b|\brekisteröidy\b|\bopret konto\b|\bopprett konto\b|"
                r"\bregisztráció\b|\bregistreeru\b|\bužsiregistruokite\b|\breģistrēties\b|"
                r"\bcreează cont\b|\bkayıt ol\b|\bεγγραφή\b|\bрегистрирайте се\b|\bzaregistrujte sa\b"),
    # finite phrase sets (matched by the automaton alone): an anchor such as "per " would be found inside "developer "
    ("per-user prices", r"\bper (?:user|seat|agent|utente|gebruiker|användare|bruker|bruger)\b|"
                        r"/(?:user|seat|agent|utente|gebruiker|användare|bruker|bruger|usuario|usuário|utilisateur|"
                        r"nutzer|użytkownik|käyttäjä)\b|"
                        r"/ (?:user|seat|agent|utente|gebruiker|användare|bruker|bruger|usuario|usuário|utilisateur|"
                        r"nutzer|użytkownik|käyttäjä)\b|"
                        r"\bpro (?:nutzer|benutzer)\b|\bpar utilisateur\b|\bpor usuario\b|\bpor usuário\b|"
                        r"\bpr\. bruger\b|\bna użytkownika\b|\bza uživatele\b|\bkäyttäjää kohden\b|"
                        r"\bfelhasználónként\b|\bkullanıcı başına\b|\bpe utilizator\b|\bpo korisniku\b|"
                        r"\bna používateľa\b"),
    ("monthly prices", r"\bper (?:month|mo)\b|/(?:month|mo|mês|mes|mois|monat)\b|/ (?:month|mo|mês|mes|mois|monat)\b|"
                       r"\bpro monat\b|\bper maand\b|\bpar mois\b|\bpor mês\b|\bal mes\b|\bal mese\b|"
                       r"\bmiesięcznie\b|\bper månad\b|\bměsíčně\b"),
    # the company's own app to download; a studio that publishes its clients' apps to the stores is no product
    ("app stores", r"\b(?:download|get it|available|laden|herunterladen|jetzt|télécharge\w*|disponible|disponível|"
                   r"descarga\w*|baixe|scarica\w*|pobierz|ladda ner|hent|last ned|stáhn\w*|lataa|letölt\w*|"
                   r"indir\w*|descarcă)\b(?: \S+){0,3} (?:app store|google play)\b|\bdownload (?:the|our) app\b|"
                   r"\bchrome extension\b"),
    ("product language", r"\bour (?:platform|product|app|software)\b|\bintegrations?\b|\bapi (?:docs|documentation|"
                         r"reference)\b|\bchangelog\b|\bsaas\b|\bdashboard\b|\bunsere (?:plattform|software)\b|"
                         r"\bonze (?:software|app|tool)\b|\bnotre (?:plateforme|logiciel)\b|\bnossa plataforma\b|"
                         r"\bnuestra plataforma\b"),
    # the company calls itself the maker of its software ("L'éditeur", "32 ans d'édition logicielle")
    ("software publisher", r"\béditeur (?:de )?logiciels?\b|\bédition logicielle\b|\bsoftware vendor\b|"
                           r"\bsoftwarehersteller\b|\beditore (?:di )?software\b|\bproducent systemu\b|"
                           r"\bfabricante de software\b"),
    # a vendor's network of firms that implement its product (an ERP with certified partners)
    ("partner network",
     r"\bfind an? (?:implementation |certified )?partner\b|\bbecome a partner\b|\bpartner program(?:me)?\b|"
     r"\bcertified implementation partners\b|\btrouver un (?:intégrateur|partenaire)\b|\bdevenir partenaire\b|"
     r"\bpartenaires intégrateurs\b|\bprogramme partenaires?\b|\bpartner finden\b|\bpartner werden\b|"
     r"\bpartnerprogramm\b|\bznajdź partnera\b|\bzostań partnerem\b|\bpartnerów wdrożeniowych\b|"
     r"\bprogram partnerski\b|\bencuentra (?:un|tu) partner\b|\bhazte partner\b|\bprograma de (?:partners|socios)\b|"
     r"\btrova un partner\b|\bdiventa partner\b|\bprogramma partner\b|\bencontre um parceiro\b|"
     r"\bseja (?:um )?parceiro\b|\bprograma de parceiros\b|\bvind een partner\b|\bword partner\b|"
     r"\bpartnerprogramma\b|\bhitta en partner\b|\bbli partner\b|\bbliv partner\b|\bpartnerprogram\b|"
     r"\bkumppaniohjelma\b|\bryhdy kumppaniksi\b|\bstaňte se partnerem\b|\bpartnerský program\b|"
     r"\blegyen partnerünk\b|\biş ortağı olun\b|\biş ortaklığı programı\b|\bdevino partener\b|"
     r"\bprogram de parteneri\b|\bpostanite partner\b|\bpartnerski program\b|\bγίνετε συνεργάτης\b|"
     r"\bπρόγραμμα συνεργατών\b|\bстанете партньор\b|\bfinn en partner\b|\bfind en partner\b|"
     r"\bpartnerprogram(?:met|mets|men|mes)\b|\bkumppaniohjelma(?:an|ssa)\b|\btrova (?:un|il) rivenditore\b|"
     r"\bfind a (?:reseller|dealer)\b|\btrouver un revendeur\b|\bhändler finden\b|\bvind een (?:reseller|dealer)\b"),
    # the vendor pays its resellers a margin on the licences they sell (pooled pages: 4 product companies, no other)
    ("licence margins",
     r"\bmargins? on (?:the )?licen[cs]es\b|\blicen[cs]e margins?\b|\breseller margins?\b|\bmargini sulle licenze\b|"
     r"\bmarges? sur (?:les )?licences\b|\blizenzmargen?\b|\bmarge auf (?:die )?lizenzen\b|"
     r"\bmárgenes? (?:en|sobre) (?:las )?licencias\b|\bmargens? (?:nas|sobre as) licenças\b|"
     r"\bmarge op (?:de )?licenties\b|\bmarż(?:a|e) na licencjach\b|\bmarginal på licenser\b"),
    ("demo & customers", r"\b(?:request|book|get|schedule) a demo\b|\bdemo (?:anfragen|aanvragen)\b|"
                         r"\bdemander une démo\b|\bcustomers? (?:love|trust)\b|\bteams? (?:use|trust)\b|"
                         r"\bdemo talep\w*\b|\bpyydä demo\b|\bbestil en (?:gratis )?demo\b|"
                         r"\bbook en (?:gratis )?demo\b|"
                         r"\bboka (?:en )?demo\b|\bbestill (?:en )?demo\b|\b(?:prenota|richiedi) (?:una )?demo\b|"
                         r"\b(?:solicite|agende|solicitar|agendar) (?:uma )?demo(?:nstração)?\b|"
                         r"\b(?:solicita|pide|agenda) (?:una )?demo\b|\b(?:vraag een|plan een) demo\b|"
                         r"\bdemo (?:buchen|vereinbaren)\b|\b(?:umów|zamów) (?:się na )?demo\b|\bvaraa demo\b|"
                         r"\bkérjen demót\b|\bzatražite demo\b|\bbroneeri demo\b|\bpiesaki demo\b|"
                         r"\bsolicită (?:un )?demo\b|\bzáväzné demo\b|\bζητήστε (?:ένα )?demo\b|\bзаявете демо\b"),
    ("shop", r"\badd to (?:cart|basket)\b|\bcheckout\b|\bshop now\b|\bbuy now\b|\bin den warenkorb\b|\bwinkelwagen\b|"
             r"\bpanier\b|\bcarrinho\b|\bcarrito\b|\bfree shipping\b"),
]

# Associations, chambers and other member bodies (a trade association of IT firms speaks of consulting too).
OTHER: list[Cue] = [
    ("member body", r"\b(?:trade|industry|membership|professional) (?:association|body)\b|"
                    r"\b(?:a|an|is a|are a) (?:not-for-profit|non-profit|nonprofit) (?:association|organi[sz]ation|"
                    r"body|network)\b|\bregistered charity\b|\bmember (?:companies|firms|organi[sz]ations|benefits)\b|"
                    r"\bbecome a member\b|\bmembership (?:fees?|benefits)\b|\bverband\b|\be\. ?v\.|"
                    r"\bvereniging\b|\bassociation loi 1901\b|\bsin ánimo de lucro\b|\bsem fins lucrativos\b|"
                    r"\bstowarzyszenie\b|\bsenza scopo di lucro\b|\bchamber of commerce\b|\bhandelskammer\b|"
                    r"\btechnology transfer\b|\bdevenir membre\b|\bmitglied werden\b|\bword lid\b|\bdiventa socio\b|"
                    r"\bhazte socio\b|\bassocie-se\b|\bzostań członkiem\b|\bstaňte se členem\b|\bstaňte sa členom\b|"
                    r"\bpostanite član\w*\b|\bpostanite članica\b|\bbli medlem\b|\bbliv medlem\b|"
                    r"\bliity jäseneksi\b|\blegyen tag\w*\b|\büye ol\b|\bγίνετε μέλος\b|\bстанете член\b|"
                    r"\bdevino membru\b|\btapkite nariu\b|\bkļūsti par biedru\b|\bkļūt par biedru\b|\btapti nariu\b|"
                    r"\bastu liikmeks\b|"
                    r"\bmitgliedsunternehmen\b|\bentreprises membres\b|\bempresas asociadas\b|\baziende associate\b|"
                    r"\bempresas associadas\b|\bfirmy członkowskie\b|\bčlenské firmy\b|\btagvállalat\w*\b|"
                    r"\büye şirketler\w*\b|\bįmonės narės\b|\bmedlemsföretag\w*\b|\bmedlemsvirksomhed\w*\b|"
                    r"\bmedlemsbedrift\w*\b|\bjäsenyritykse\w*\b|\btvrtke članice\b|\bpodjetja članice\b|"
                    r"\bcompanii membre\b|\bεταιρείες-μέλη\b|\bфирми членове\b|\bliikmesettevõt\w*\b|"
                    r"\bbiedru uzņēmumi\b|\bzáujmové združenie\b|\bzájmové sdružení\b|"
                    r"\bčlensk(?:ých|é) (?:it )?(?:firiem|firem)\b"),
]

SPAM: list[Cue] = [
    # not "slots", "betting on a guess" or "planning poker" alone: a consultancy's capacity, idiom and estimation game
    ("gambling", r"\bcasinos?\b|\b(?:sports?|online|live) betting\b|\bbetting (?:odds|tips|sites?)\b|"
                 r"\bbookmakers?\b|(?<!planning )\bpoker\b|\bslot (?:machines?|games?)\b|\bonline slots\b|"
                 r"\bjackpot\b|\bapuestas\b|\bspielautomaten\b|\bsportwetten\b|\bfree spins\b"),
    # whole words: Romanian "pornim" (we start) is no adult word
    ("adult", r"\bporn(?:o|os|ography|ographic|ografia|ographie|ografie|star|stars)?\b|\bxxx\b|\bsex ?cams?\b|"
              r"\bescorts?\b"),
    ("pharma", r"\bviagra\b|\bcialis\b|\bonline pharmacy\b|\bweight loss pills\b|\bketo pills\b"),
    ("loans", r"\bpayday loans?\b|\bquick loans?\b|\bloans? online\b|\binstant loans?\b|\bcredit rapide\b"),
    ("link selling", r"\bcheap (?:\w+ )?(?:backlinks|seo)\b|\bbuy (?:backlinks|followers|likes|reviews)\b|"
                     r"\bguest posts? for sale\b|\bpbn links?\b|\bessay writing service\b"),
    ("counterfeit", r"\breplica (?:watches|bags|rolex)\b|\bfake (?:ids?|diplomas?)\b"),
    ("crypto scam", r"\bcrypto (?:giveaway|signals|doubler)\b|\bbitcoin (?:doubler|giveaway|casino)\b"),
]

# Prices of work, not of a product: per day, per hour, per project, a fixed price or a quote. A firm's pricing page
# with these sells services (a one-page developer studio's "Prices" section), whatever it also charges per month.
SERVICE_PRICES: list[Cue] = [
    ("prices per day, hour or project",
     r"\bper (?:day|hour|project|sprint|dag|uur|fase|projekt|tag|stunde|jour|heure|projet|día|hora|proyecto|giorno|"
     r"ora|progetto|dia|projeto|dzień|godzinę|timme|time|päivä|tunti)\b|"
     r"\b(?:day|daily|hourly) rates?\b|\btagess(?:a|ä)tz\w*\b|\bstundens(?:a|ä)tz\w*\b|\bdagtarie\w*\b|\buurtarie\w*\b|"
     r"\btaux (?:horaire|journalier)\b|\btarif journalier\b|\btarifa (?:por hora|diaria)\b|"
     r"\btariffa (?:oraria|giornaliera)\b|\bvalor (?:por )?hora\b|\bstawka (?:godzinowa|dzienna)\b|"
     r"\btimpris\w*\b|\bdagpris\w*\b|\btuntihinta\b|\bpäivähinta\b|"
     r"\bfixed(?: |-)price\w*\b|\bfixed fee\b|\bfestpreis\w*\b|\bvaste prijs\b|\bprix forfaitaire\b|\bau forfait\b|"
     r"\bprecio cerrado\b|\bprezzo fisso\b|\bpreço fixo\b|\bstał(?:a|ą) cen(?:a|ą|ę)\b|\bfast (?:pris|offert)\b|"
     r"\bfastpris\b|\bkiinteä hinta\b|\bfix ár(?:as|ak|on)?\b|\bsabit fiyat\w*\b|\bpreț fix\b|\bpevná cena\b|"
     r"\bdenní sazb(?:a|u|y)\b|\bhodinov(?:á|ou|é) sazb(?:a|u|y)\b|\bčlověkod\w*\b|\bóradíj\b|\bnapidíj\b"),
    ("prices per day, hour or project",
     r"\btimepris(?:en|er)?\b|\btimesats(?:en|er)?\b|\bfiksuot(?:a|ą|os) kain(?:a|ą|os)\b|"
     r"\bdarbo (?:valanda|valandos|diena|dienos)\b|\bhora de (?:desarrollo|consultoría)\b|"
     r"€ (?:tunnis|päevas|stundā|dienā)\b|\btunnihin(?:d|na|nad)\b|\bpäevahin(?:d|na|nad)\b|"
     r"\bpreços? fechados?\b|\bescopo fechado\b|\bfiksn(?:a|u|om|e) cijen(?:a|u|om|e)\b|\bfiksno po projektu\b|"
     r"\bpo satu\b|\bσταθερ(?:ή|ής|ές) τιμ(?:ή|ής|ές)\b|\bανά (?:ώρα|ημέρα|έργο)\b|\bfiksn(?:a|o) cen(?:a|o)\b|"
     r"\burn(?:a|o) postavk(?:a|o)\b|\bna uro\b|\bфиксиран(?:а|и)? цен(?:а|и)\b|\bfiksēt(?:a|ā|u) cen(?:a|ā|u)\b"),
    # hours of people's work in a plan: "3 hours of changes", "80 h miesięcznie", "20 Stunden pro Monat"
    ("prices per day, hour or project",
     r"\bhours of (?:changes|development|support|work|engineering|testing)\b|\bh (?:miesięcznie|monatlich|měsíčně)\b|"
     r"\bhours (?:per|a) month\b|\bstunden (?:pro|im) monat\b|\buur per maand\b|\bheures par mois\b|"
     r"\bhoras (?:al|por) (?:mes|mês)\b|\bore al mese\b|\bgodzin miesięcznie\b|\btimmar per månad\b|"
     r"\btimer om måneden\b|\btuntia kuukaudessa\b"),
    # the price of people's time or of an engagement: "weekly rate per engineer", "a fixed monthly retainer"
    ("prices per day, hour or project",
     r"\b(?:rate|fee|price) per (?:engineer|developer|consultant|tester|specialist)\b|"
     r"\b(?:support |monthly |maintenance )?retainers?\b"),
    # "1 450 Kč/h", "95 $/mois" is monthly: units of time worked only
    ("prices per day, hour or project",
     r"\d ?(?:€|eur|\$|£|kr|zł|lei|kč|ft|chf|sek|nok|dkk|czk|huf|ron)?\.? ?/ ?(?:h|hour|day|dag|uur|jour|heure|día|"
     r"giorno|dia|tag|std|timme|time|tim|hod|den|óra|nap|saat|gün|ora|zi|dan|päivä|tunti|godz)\b"),
]

TEXT_CUES: dict[str, list[Cue]] = {
    "consultancy": CONSULTANCY_STRONG,
    "consultancy_weak": CONSULTANCY_WEAK,
    "agency": AGENCY,
    "staffing": STAFFING,
    "directory": DIRECTORY,
    "product": PRODUCT,
    "other": OTHER,
    "spam": SPAM,
    "service_prices": SERVICE_PRICES,
}

# Site-structure cues: internal link paths (lower-cased) → section names.
_SEG = r"(?:[/?#.]|$)"
LINK_SECTIONS: list[tuple[str, str]] = [
    ("services", r"/(?:services?|what-?we-?do|capabilities|solutions|expertises?|offerings?|leistungen|"
                 r"dienstleistungen|diensten|dienstverlening|wat-we-doen|was-wir-tun|kompetenzen|competences|"
                 r"nos-services|nos-expertises|servi[cç]os|servicios|que-hacemos|o-que-fazemos|soluciones|"
                 r"solu[cç](?:oes|ões)|savoir-faire|servizi|cosa-facciamo|uslugi|usługi|oferta|tjanster|tjänster|"
                 r"vad-vi-gor|sluzby|služby|co-delame|nabidka|servicii|ydelser|tjenester|palvelut|szolgaltatasok|"
                 r"szolgáltatások|usluge|teenused|storitve|paslaugos|pakalpojumi|loesungen|lösungen|nos-offres|"
                 r"offres|vraagstukken|oplossingen|ratkaisut|megoldasok|rjesenja|lahendused|"
                 r"hizmetler|cozumler|ypiresies|ka-darome|ko-mes-daram|sto-radimo|mit-csinalunk|what-we-build|"
                 r"what-we-make|how-we-help|lo-que-hacemos|ce-que-nous-faisons|was-wir-machen|"
                 r"o-que-construimos|cosa-costruiamo|co-umime|det-vi-laver|hvad-vi-laver|neler-yapiyoruz|"
                 r"mita-teemme|ko-daram|wat-we-maken|kakvo-pravim|co-budujemy|co-robimy|risinajumi|ce-facem|"
                 r"ylopoiisi|podrocja|yetkinlikler)" + _SEG),
    ("work", r"/(?:work|our-work|case-?stud(?:y|ies)|cases?|clients|success-stories|portfolio|projects?|"
             r"references?|referenzen|projekte|klanten|projecten|realisations|réalisations|cas-clients|"
             r"casos(?:-de-exito|-de-sucesso|-de-estudo)?|clientes|projetos|proyectos|kundenprojekte|showcase|"
             r"selected-work|lavori|progetti|casi-studio|clienti|realizacje|klienci|kundcase|"
             r"referenser|uppdrag|reference|projekty|pripadove-studie|klienti|studii-de-caz|proiecte|portofoliu|"
             r"kunder|referencer|projekter|arbeid|prosjekter|referanser|asiakkaat|referenssit|"
             r"asiakastarinat|projektit|referenciak|referenciák|projektek|ugyfeleink|ügyfeleink|projekti|klijenti|"
             r"kliendid|referentsid|projektid|referencie|projektai|klientai|kunden|nos-clients|opdrachtgevers|"
             r"referanslar|projeler|erga|proekti|shipped|selected-projects|engagements|trabalho|trabalhos|"
             r"arbeiten|lavori-recenti|pribehy|kunderne|tood|isler|lo-que-hicimos|testimonials|neler-yaptik|"
             r"tyonaytteet|darbi|entregas|projets|nos-projets|wat-we-maakten|gjort|izrabotki|tehtud|pelates|"
             r"zrobione|klientu-stasti|werk|tekemiset|realizace|realizacie|nase-prace|primeri)" + _SEG),
    ("about", r"/(?:about(?:-us)?|company|team|leadership|people|ueber-uns|uber-uns|über-uns|unternehmen|over-ons|"
              r"wie-zijn-wij|qui-sommes-nous|a-propos|equipe|équipe|sobre(?:-nos)?|quienes-somos|nosotros|equipo|"
              r"equipa|quem-somos|chi-siamo|o-nas|zespol|zespół|om-oss|vart-team|o-firme|o-spolecnosti|tym|"
              r"despre|despre-noi|echipa|om-os|folk|meista|meistä|tiimi|rolunk|rólunk|csapat|o-nama|meist|"
              r"meeskond|apie-mus|par-mums|mensen|sobre-nosotros|menschen|"
              r"hakkimizda|etaireia|poioi-eimaste|komanda|za-nas|kdo-jsme|kto-sme|folkene|inimesed|"
              r"hvem-er-vi|kim-biz|de-mensen|ekip|holdet|who-we-are|ludzie|wie|porukka|tim|ekipa|ljudje)"
              + _SEG),
    ("contact", r"/(?:contact(?:-us|ez-nous|os)?|kontakt(?:a|a-oss|y|ai|i)?|contacto|contato|contatti|fale-conosco|"
                r"yhteystiedot|ota-yhteytta|kapcsolat|"
                r"iletisim|epikoinonia|ozvete-se|napiste-nam|skriv-til-os|kirjuta-meile|parlons-en|"
                r"get-in-touch|say-hello|hello|yhteys|sazinai|sazinies|birlikte-calisalim|bel-ons|bellen|hej|"
                r"pishete-ni|porozmawiajmy|javite-se|fale-connosco|falar|kontaktieren|napisite-nam)" + _SEG),
    ("approach", r"/(?:how-we-work|our-approach|approach|aanpak|werkwijze|vorgehen|arbeitsweise|methode|"
                 r"notre-approche|como-trabajamos|como-trabalhamos|metodo|jak-pracujemy|arbetssatt|jak-pracujeme|cum-lucram|"
                 r"abordare|vores-tilgang|hvordan-vi-jobber|hvordan|slik-jobber-vi|nain-toimimme|hogyan-dolgozunk|"
                 r"kako-radimo|ako-pracujeme|ansatz|methodologie|methodology|metodologia|notre-methode|"
                 r"kaip-dirbame|nasil-calisiyoruz|playbook|our-process|process|how-we-partner|jak-to-delame|"
                 r"saadan-arbejder-vi|kuidas-me-teeme|kuidas-me-tootame|nasil-calisiriz|zo-werken-we|nosso-jeito|"
                 r"zo-werken-wij|nachin-na-rabota|ablauf|kuidas|nain-rakennamme)"
                 + _SEG),
    ("careers", r"/(?:careers?|join(?:-us)?|karriere|jobs|vacatures|werken-bij|carri[eè]res|recrutement|carreiras|"
                r"trabalhe-conosco|empleo|trabaja-con-nosotros|unete|stellen|lavora-con-noi|kariera|praca|"
                r"karriar|jobba-hos-oss|cariere|jobb|jobb-hos-oss|ura|rekry|karrier|"
                r"allasok|állások|karijere|karijera|karjaar|karjera|vacancies|vagas|job|"
                r"kariyer|ergasia-mazi-mas|karieri|dolacz|posao)" + _SEG),
    ("industries", r"/(?:industries|sectors?|branchen|sectoren|secteurs|industrias|setores|sectores|settori|"
                   r"branze|branże|branscher|odvetvi|obory|industrii|brancher|bransjer|toimialat|iparagak|iparágak|"
                   r"industrije|tooalad|"
                   r"sektorler|klados|kladoi|panoge)" + _SEG),
    ("insights", r"/(?:insights|thinking|perspectives|publications|whitepapers?|research|journal|writing|notes|"
                 r"articles|gedachten|indsigt|innsikt|insikter|nakemykset|wissen|kennis|field-notes|"
                 r"anteckningar|spoznanja|icgoruler)" + _SEG),
    ("pricing", r"/(?:pricing|prices|plans|preise|prijzen|tarifs|pre[cç]os|precios|prezzi|cennik|priser|cenik|"
                r"ceny|hinnad|hinnakiri|fiyatlar|fiyatlandirma|hinnoittelu|hinnasto|hinnat|arak|arazas|cijene|cjenik|"
                r"kainos|kainorastis|cenas|cenradis|preturi|tarife|times|timologisi|tseni|prisliste)" + _SEG),
    ("signup", r"/(?:sign-?up|register|registrieren|trial|free-trial|get-started|login|log-in|sign-?in|"
               r"signin|inloggen|connexion|entrar|iniciar-sesion|app|accedi|registrati|prova-gratis|zaloguj|"
               r"logowanie|rejestracja|logga-in|prihlaseni|registrace|demo|book-a-demo|request-a-demo|demo-talebi|"
               r"demo-anfragen|registreeru|kayit|kayit-ol|giris|rekisteroidy|kirjaudu|tilmeld|log-ind|logg-inn|"
               r"regisztracio|belepes|registracija|prijava|prisijungti|registreties|pieslegties|inregistrare|"
               r"autentificare|eggrafi|registracia|prihlasenie|logi-sisse|kirjaudu-sisaan|prisijunk|ielogoties|"
               r"giris-yap|prijavi-se|prijava-v-sistem|bejelentkezes)" + _SEG),
    ("docs", r"/(?:docs|documentation|developers?|api|changelog|integrations|features|download|release-notes|"
             r"funktionen|fonctionnalites|funcionalidades|caracteristicas|funzionalita|funkcje|funktioner|funkce|"
             r"ominaisuudet|funktsioonid|ozellikler|funkcijos|funkcijas|funkcionalnosti|funkcie|functionalitati|"
             r"funksjoner|liidestused|entegrasyonlar|integraatiot|integrationen|integraties|integracje|integrace|"
             r"integraciones|integracoes|surum-notlari|versionshinweise)" + _SEG),
    ("jobs_board", r"/(?:job-?seekers?|candidates?|candidats|kandidaten|bewerber|werkzoekenden|employers?|"
                   r"werkgevers|arbeitgeber|entreprises-clientes|hire-talent|find-talent|submit-(?:cv|resume)|"
                   r"upload-(?:cv|resume)|job-?search|stellenangebote|offres-emploi|ofertas-de-empleo|"
                   r"hire|apply-as-a-freelancer|apply-as-freelancer|for-talent|for-freelancers|freelancers|post-a-job|"
                   r"anunciar|candidati|aziende-clienti|kandydaci|pracodawcy|for-arbetsgivare|kandidater|"
                   r"pro-firmy|uchazeci|kandidatiem|konsulteille|tyonhakijoille|hakijoille|for-konsulenter|"
                   r"for-konsulter|for-consultants|adaylar|jelolteknek|kandidatams|kandidatima|kandidaadile|"
                   r"pre-uchadzacov|ypopsifioi|kandidati|za-kandidate|pro-kandidaty|dla-kandydatow|"
                   r"pentru-candidati|za-kandidati|za-poslodavce|dla-pracodawcow|pentru-angajatori|munkaltatoknak|"
                   r"isverenler|tyonantajille|arbejdsgivere|arbeidsgivere|darbdaviams|darba-devejiem|delodajalci|"
                   r"zamestnavatelia|zamestnavatele|poslodavci|spetsialistidele|for-specialists|for-experts|"
                   r"hire-developers|hire-engineers|hire-a-developer|for-engineers|for-developers|"
                   r"join-our-network|join-the-network|za-specialisti|svobodni-pozicii|volne-pozicie|"
                   r"volna-mista)" + _SEG),
    ("listings", r"/(?:listings?|directory|companies|agencies|firms|category|categories|profiles?|reviews|"
                 r"add-listing|claim|firma|bedrijf|annuaire|empresas)" + _SEG),
    ("shop", r"/(?:cart|basket|checkout|shop|store|warenkorb|panier|carrito|carrinho|carrello|koszyk|kassa|"
             r"kosik)" + _SEG),
    ("nonprofit", r"/(?:donate|donation|donations|spenden|doneren|faire-un-don|donar|doar|dona-ora|wesprzyj|"
                  r"darowizna|stod-oss|ge-en-gava|darovat|membership|become-a-member|mitglied-werden|word-lid|"
                  r"adherer|hazte-socio|associe-se)" + _SEG),
]

# The listing folders of job ads (a page that links several ads under one of them lists jobs: a board or an agency's
# vacancies); a firm's own openings sit under its careers page or an ATS, which this does not count.
_JOB_AD_FOLDERS = frozenset({
    "jobs", "job", "vacatures", "vacature", "vacancies", "vacancy", "vagas", "vaga", "vacantes", "stellenangebote",
    "stellenangebot", "stellen", "offres-emploi", "offres-d-emploi", "offre-emploi", "ofertas-de-empleo",
    "ofertas-de-trabajo", "empleos", "oferty-pracy", "oferta-pracy", "annunci", "offerte-di-lavoro", "offerte-lavoro",
    "lediga-jobb", "lediga-tjanster", "nabidky-prace", "pracovni-nabidky", "job-offers", "openings", "vakances",
    "vakansijos", "toimeksiannot", "tyopaikat", "is-ilanlari", "allasok", "oglasi", "pracovne-ponuky",
    "toopakkumised", "locuri-de-munca", "ledige-stillinger", "opdrachten", "poslovi", "otvorene-pozicije",
    "zaposlitve", "prosta-delovna-mesta", "volne-pozice", "volne-pozicie", "ponuky-prace", "joburi", "ilanlar",
    "darbo-skelbimai", "vabad-ametikohad", "avoimet-tyopaikat", "stillinger", "posizioni-aperte", "allasajanlatok"})


def is_job_posting_path(path: str) -> bool:
    """``/jobs/senior-java-developer`` or ``/en/vacatures/data-engineer-utrecht/``: one ad (a slug or a number)
    directly under a top-level job folder (or one after a language prefix)."""
    segments = path.lower().strip("/").split("/")
    if len(segments) == 3 and len(segments[0]) == 2:
        del segments[0]
    return (len(segments) == 2 and segments[0] in _JOB_AD_FOLDERS
            and ("-" in segments[1] or segments[1][:1].isdigit()))


# Required literals for cues whose alternatives start with a group (the automatic extraction finds none).
EXPLICIT_ANCHORS: dict[str, tuple[str, ...]] = {
    # the verbs, not "we " alone: a page says "we" dozens of times, and more anchors than MAX_WINDOWS make the
    # regex run over the whole text (10 % of page analysis in bench/companies.py)
    "we help organisations": ("we help", "we support", "we partner with", "we work with", "wir unterstützen",
                              "wir begleiten", "wir helfen", "wij helpen", "wij begeleiden", "wij ondersteunen",
                              "nous accompagnons", "accompagn", "ajudamos", "apoiamos", "ayudamos", "acompañamos"),
    "cv upload": ("cv", "resume", "résumé", "lebenslauf", "curr"),
    # the start of each language's phrase: "m a" or "sou" alone occur everywhere ("from a", "source")
    "independent developer": ("m a freelance", "m an independent", "ich bin freiberuflich", "ich bin selbstständig",
                              "ich bin freier", "je suis développeu", "soy desarrollador", "soy programador",
                              "sou desenvolvedor", "sou programador", "sono uno sviluppatore",
                              "sono una sviluppatrice", "ik ben freelance", "ik ben een freelance",
                              "ik ben zelfstandig", "ik ben een zelfstandig"),
    "result counts": ("compan", "agenc", "firm", "result", "provider", "bedrijven", "entreprises", "empresas",
                      "unternehmen", "sponsored", "browse ", "anbieter", "bolag", "företag", "virksomheder",
                      "bedrifter", "aziende", "prestataires", "proveedores", "fornecedores", "firem", "cég",
                      "εταιρείες", "tvrtki", "podjetij", "firmi", "фирми", " firma", " firme", "firiem", "yritystä",
                      "ettevõtet", "uzņēmumi", "uzņēmumus", "įmonių", "selskaper", "selskaber", "companii", "imprese"),
    "app stores": ("app store", "google play", "download", "chrome extension"),
    "candidates presented": ("candida", "cv", "kandidat", "perfis", "perfiles", "kandydat", "aday", "ehdokas",
                             "profil", "profiil", "kandidaa", "υποψ", "kandidāt", "življenjepis", "životopis",
                             "lebensläufe", "ansioluettelo", "önéletrajz", "βιογραφικά", "кандидат", "автобиографии",
                             "özgeçmiş"),
    "profiles within days": ("cv", "profil", "perfil", "perfis", "candida", "kandida", "kandyd"),
    # "convert" alone occurs on many pages ("convert visitors"): the regex runs near the destination only
    "conversion fee": ("to your payroll", "to your own payroll", "to permanent", "to full-time", "to in-house"),
    "placement fee": ("salary", "salaire", "salário", "salario", "jahresgehalt", "jaarsalaris", "salariul",
                      "stipendio", "wynagrodzeni", "årslön", "årsløn", "vuosipalk", "maaş", "palga", "töötasu", "platu",
                      "bér", "заплата", "μισθού", "plaće", "plače", "algas", "atlyginimo"),
    "prices per day, hour or project": tuple(f"/{space}{unit}" for space in ("", " ") for unit in "hdujgtsónzpo"),
    "partner badges": ("partner", "parceir", "partenaire", "socio", "certifi", "zertifizierte", "gecertificeerde",
                       "certyfikowan", "certifikovan"),
    "builds for clients": ("we design", "we build", "we develop", "we engineer", "we deliver", "wir entwickeln",
                           "wir bauen", "wir konzipieren", "wij bouwen", "wij ontwikkelen", "wij ontwerpen",
                           "nous développons", "nous concevons", "nous réalisons", "desarrollamos", "construimos",
                           "desenvolvemos", "construímos", "sviluppiamo", "realizziamo", "tworzymy", "projektujemy",
                           "wdrażamy", "vyvíjíme", "realizujeme", "vi bygger", "vi utvecklar"),
    "talent supply": ("augmentation", "team extension", "vetted", "hand-matched", "% of", "talent network",
                      "talent pool", "apply as a", "hire ", "freelance ", "personalgestellung", "sourcing de",
                      "leasing pracowników", "personaluthyrning", "bemanning", "personální agentur",
                      "somministrazione"),
    "project inquiry": ("start a project", "your project", "get a quote", "get a free quote", "request a",
                        "get a proposal", "projekt anfragen", "erstgespräch", "ihr projekt", "kennismak",
                        "offerte aanvragen", "je project", "jouw project", "uw project", "votre projet",
                        "demande de devis", "tu proyecto", "su proyecto", "presupuesto", "seu projeto", "orçamento",
                        "il tuo progetto", "preventivo", "wycen", "twój projek", "twojego projek", "twoim projek",
                        "ditt projekt", "begär offert", "váš projekt", "vašem projektu", "nezávazn"),
}

_MATCHER = CueMatcher([(cat, label, pat) for cat, cues in TEXT_CUES.items() for label, pat in cues], EXPLICIT_ANCHORS)


def _section_of_segment() -> dict[str, str]:
    """Every path segment a section's pattern names (its finite expansion) → the first section that names it."""
    table: dict[str, str] = {}
    for name, pattern in LINK_SECTIONS:
        inner = pattern[len("/(?:"):-len(")" + _SEG)]
        phrases = expand(inner)
        if phrases is None or not pattern.startswith("/(?:") or not pattern.endswith(")" + _SEG):
            raise ValueError(f"link section {name}: not a finite '/(?:…)' segment pattern")
        for phrase, _, _ in phrases:
            table.setdefault(phrase, name)
    return table


_SECTION_OF = _section_of_segment()
_SEGMENT_END = re.compile(r"[?#.]")


def find_text_cues(text: str) -> dict[str, set[str]]:
    """Distinct cue labels per category found in lower-cased ``text`` (see ``cue_matcher``)."""
    return _MATCHER.find(text)


# Accountants, lawyers, engineers and HR advisers sell "advice" and "consulting" to firms too ("Consulenza fiscale",
# "rådgivning", "consulting structural engineers"), many of them to technology companies. What a practice calls
# itself in its title or description names the profession; the same words in the body are mostly clients ("software
# for accountancy firms"), so only the self-description counts.
_BOOKKEEPING = ("bookkeeping|buchhaltung|finanzbuchhaltung|comptabilité|contabilidad|contabilità|contabilidade|"
                "boekhouding|księgowość|účetnictví|účtovníctvo|bokföring|bogføring|bokføring|regnskab|regnskap|"
                "kirjanpito|raamatupidamine|grāmatvedība|buhalterinė apskaita|könyvelés|contabilitate|"
                "knjigovodstvo|računovodstvo|счетоводство|λογιστική|λογιστικές υπηρεσίες|muhasebe")
_PAYROLL = ("payroll|lohnbuchhaltung|lohnabrechnung|paie|nóminas|elaborazione paghe|buste paga|folha de pagamento|"
            "processamento salarial|salarisadministratie|loonadministratie|kadry i płace|mzdové účetnictví|mzdy|"
            "lönehantering|lønadministration|lønregnskab|lønnskjøring|palkanlaskenta|palgaarvestus|"
            "algu aprēķins|darbo užmokesčio apskaita|bérszámfejtés|salarizare|obračun plaća|obračun plač|"
            "трз|μισθοδοσία|bordro")
_TAX_WORK = ("tax (?:advice|advisory|returns?|planning)|steuerberatung|steuererklärung\\w*|conseil fiscal|fiscalité|"
             "asesoría fiscal|impuestos|consulenza fiscale|dichiarazion[ei] dei redditi|assessoria fiscal|impostos|"
             "belastingaangifte\\w*|belastingadvies|doradztwo podatkowe|daňové poradenství|daňové přiznání|"
             "daňové poradenstvo|skatterådgivning|deklarationer|selvangivelse|veroneuvonta|veroilmoitu\\w*|"
             "maksunõustamine|nodokļu konsultācijas|mokesčių konsultacijos|adótanácsadás|consultanță fiscală|"
             "porezno savjetovanje|davčno svetovanje|данъчни консултации|φορολογικ\\w*|vergi danışmanlığı")
PRACTICES: list[Cue] = [
    ("accountancy practice",
     r"\bchartered accountants\b|\bcertified public accountants\b|\bcpa firm\b|\baccount(?:ancy|ing) "
     r"(?:firm|practice)\b|\bsteuerberater\b|\bsteuerberatung\b|\bsteuerkanzlei\b|\bwirtschaftsprüfer\b|"
     r"\bwirtschaftsprüfungsgesellschaft\b|\baccountantskantoor\b|\badministratiekantoor\b|"
     r"\bbelastingadviseurs?\b|\bexperts?-comptables?\b|\bcabinet (?:comptable|d'expertise comptable)\b|"
     r"\bgestoría\b|\basesoría fiscal\b|\bcommercialist(?:a|i)\b|\bcontabilistas? certificad(?:o|os|a|as)\b|"
     r"\bescritório de contabilidade\b|\bgabinete de contabilidade\b|\bescritório contábil\b|"
     r"\bassessoria contábil\b|\bbiuro rachunkowe\b|\bdoradc(?:a|y) podatkow(?:y|i)\b|"
     r"\búčetní kancelář\b|\búčtovná kancelária\b|\bredovisningsbyrå\b|\bredovisningskonsult\b|"
     r"\brevisionsfirma\b|\bstatsautoriseret revisor\b|\bregnskapsfører\b|\bregnskapsbyrå\b|"
     r"\bregnskabskontor\b|\btilitoimisto\b|\bkönyvelőiroda\b|\bmali müşavir\w*\b|\bmuhasebe bürosu\b|"
     r"\bknjigovodstveni servis\b|\bračunovodsk(?:i|a) servis\b|\bračunovodstveni servis\b|"
     r"\bλογιστικό γραφείο\b|\bсчетоводна къща\b|\braamatupidamisbüroo\b|\bexpert contabil\b|"
     r"\bbirou de contabilitate\b|\bgrāmatvedības birojs\b|\bbuhalterinės apskaitos biuras\b"),
    ("law practice",
     r"\bsolicitors\b|\bbarristers\b|\battorneys at law\b|\blaw firm\b|\blaw offices?\b|\brechtsanw(?:alt|älte)\b|"
     r"\b(?:rechts)?anwaltskanzlei\b|\badvocatenkantoor\b|\bcabinet d'avocats\b|\bavocats associés\b|"
     r"\bbufete\b|\bstudio legale\b|\bsociedade de advogados\b|\bescritório de advocacia\b|"
     r"\bkancelaria (?:prawna|adwokacka|radcy prawnego)\b|\badvokátní kancelář\b|\badvokátska kancelária\b|"
     r"\badvokatbyrå\b|\badvokatfirma(?:et)?\b|\basianajotoimisto\b|\bügyvédi iroda\b|\bhukuk bürosu\b|"
     r"\bavukatlık bürosu\b|\bodvjetničk(?:i ured|o društvo)\b|\bδικηγορικό γραφείο\b|\bадвокатска кантора\b|"
     r"\badvokaadibüroo\b|\badvokatų kontora\b|\bodvetniška pisarna\b|\bcabinet de avocatură\b|"
     r"\bzvērinātu advokātu birojs\b"),
    ("engineering or HR practice",
     r"\b(?:consulting |chartered )?(?:structural|civil|building services|geotechnical) engineer(?:s|ing)\b|"
     # a list of disciplines before the engineers ("structural, civil & geotechnical consulting engineers"), or
     # "consulting engineers" alone: how engineering practices name themselves, never how an IT firm does
     r"\bconsulting engineers\b|\bsociet[àa] di ingegneria\b|"
     r"\bprogettazione (?:strutturale|impianti)\b|\bingénierie-conseil\b|\bingegneria strutturale\b|"
     r"\bbureau d'études (?:hydraulique|fluides|thermique)\b|\brådgivande ingenjör\w*\b|\bprojektová kancelář\b|"
     r"\btga-planung\b|"
     # structural design named in the title, in more languages
     r"\bprojektowanie konstrukcji\b|\bprojektování konstrukcí\b|"
     r"\bstatika staveb\b|\bstatika stavieb\b|\btartószerkezet-tervezés\w*\b|\bproiectare (?:de )?structuri\b|"
     r"\bконструктивно проектиране\b|\bστατικές μελέτες\b|\bstatik proje\w*\b|\bbūvkonstrukciju projektēšan\w*\b|"
     r"\bkonstrukcijų projektavim\w*\b|\bkonstruktsioonide projekteerimi\w*\b|\brakennesuunnittelu\w*\b|"
     r"\bkonstruktionsbyrå\w*\b|\bconstructiebureau\b|\bcálculo de estructuras\b|\bcálculo estrutural\b|"
     r"\bprojeto de estruturas\b|\binženjerski (?:konzalting|biro|ured)\b|"
     r"\b(?:chartered|quantity|building) surveyors\b|"
     r"\bhr (?:consultancy|consultants|support)\b|"
     r"\bhuman resources consultancy\b|\bingenieurbüro\b|\btragwerksplanung\b|\bingenieursbureau\b|"
     r"\bbureau d'études (?:structure|techniques?|bâtiment)\b|\bingeniería (?:civil|estructural)\b|"
     r"\bstudio di ingegneria\b|\bbiuro projektowe\b|\brådgivende ingeniør(?:er)?\b|\binsinööritoimisto\b|"
     r"\bhr-beratung\b|\bhr-advies\b|\bhr-konsult\w*\b|\bconseil (?:en )?rh\b|\bconsultoría de recursos humanos\b|"
     r"\bconsulenza hr\b|\bdoradztwo hr\b|"
     # Italy's and Spain's labour and payroll professions
     r"\bconsulent(?:e|i) del lavoro\b|\bconsulenza del lavoro\b|\basesor(?:í|i)a laboral\b|\bgraduados? sociales?\b|"
     # building-services design by its disciplines (heating, ventilation, plumbing, electrical; MEP): pooled
     # self-descriptions, 7 practices and no other page
     r"\bprojek(?:cia|ce|tovanie|tování) tzb\b|\bvzduchotechnik\w*\b|\bzdravotechnik\w*\b|\bvytápění\b|"
     r"\bvykurovani\w*\b|\bprojetos de instalações\b|\bprojetos elétricos\b|\bhidrossanitári\w*\b|"
     r"\bautomação predial\b|\bproyectos de instalaciones\b|\bmep (?:engineering|design|consultants?)\b|"
     r"\bm&e (?:consultants?|engineers?|design)\b|"
     r"\bmechanical (?:and|&) electrical (?:engineers?|design|consultants?)\b|"
     r"\bhaustechnik\b|\bgebäudetechnik\b|\binstallatie(?:advies|techniek)\b|\binstallationskonsult\w*\b|"
     r"\blvi-suunnittelu\w*\b|\btalotekniikka\w*\b|\bépületgépész\w*\b|\bproiectare instala\w*\b|"
     r"\bprojektiranje instalacija\b|\bstrojarsk(?:e|ih) instalacij(?:e|a)\b|\bprojektiranje inštalacij\b|"
     r"\bstrojn(?:e|ih) inštalacij(?:e|a)?\b|\bпроектиране на инсталации\b|\bηλεκτρομηχανολογικ\w*\b|"
     r"\btesisat proje\w*\b|\bmekanik tesisat\b|\binženiertīkl\w*\b|\bēku inženiersistēm\w*\b|"
     r"\binžinerinių sistemų\b|\btehnosüsteem\w*\b|"
     r"\bprojektowanie instalacji\b|\binstalacj(?:e|i) sanitarn(?:e|ych)\b|"
     r"\bimpianti (?:meccanici|termotecnici|elettrici)\b|\bgénie climatique\b|\bhvac design\b"),
    # the open-ended forms, apart so that the phrases above stay a finite set for the automaton
    ("engineering or HR practice",
     r"\b(?:structural|civil|geotechnical|seismic)(?:,? (?:&|and)? ?(?:structural|civil|geotechnical|seismic)){1,3} "
     r"(?:consulting )?engineer(?:s|ing)\b|\bprojektiranj\w* (?:\w+ )?konstrukcij\w*"),
]
# An accountancy that names its services rather than its kind of firm: bookkeeping and payroll or tax work in the
# same self-description ("Könyvelés, bérszámfejtés, adótanácsadás"), and no software named beside them
# (``find_self_description`` combines the three).
_BOOKKEEPING_PARTS: list[tuple[str, str]] = [
    ("bookkeeping", rf"\b(?:{_BOOKKEEPING})\b"),
    ("payroll or tax work", "|".join(rf"\b{word}\b" for word in split_top(f"{_PAYROLL}|{_TAX_WORK}"))),
    ("software", r"\b(?:software|saas|app|apps|platform|erp|cloud|programs?)\b"),
]
# A communication, advertising, creative or PR agency says so in its title or description; in the pooled labelled
# pages 92 of 226 agencies do, and no page of another category. (Web and "digital" agencies are left out: software
# firms call themselves that too.)
AGENCY_TITLES: list[Cue] = [
    ("agency by its own title",
     r"\b(?:communication|communications|advertising|creative|branding|pr|marketing|brand|social media|content) "
     r"agency\b|\bagenzia (?:di )?(?:comunicazione|pubblicitaria|creativa|marketing)\b|\bufficio stampa\b|"
     r"\bwerbeagentur\b|\bkommunikationsagentur\b|\bkreativagentur\b|\bmarketingagentur\b|\bpr-agentur\b|"
     r"\bagence (?:de )?(?:communication|publicité|créative|marketing)\b|"
     r"\bagencia (?:de )?(?:publicidad|comunicación|creativa|marketing)\b|"
     r"\bagência (?:de )?(?:publicidade|comunicação|criativa|marketing)\b|\breclamebureau\b|"
     r"\bcommunicatiebureau\b|\bmarketingbureau\b|\breklambyrå\b|\bkommunikationsbyrå\b|\breklamebyrå\b|"
     r"\breklamebureau\b|\bkommunikationsbureau\b|\bmainostoimisto\b|\bviestintätoimisto\b|"
     r"\breklámügynökség\b|\bagencja (?:reklamowa|kreatywna|marketingowa|pr)\b|\breklamní agentura\b|"
     r"\breklamná agentúra\b|\bagenți[ae] de (?:publicitate|comunicare)\b|"
     r"\bagencija za (?:oglašavanje|komunikacije|marketing)\b|\bрекламна агенция\b|\bδιαφημιστική\b|"
     r"\breklam ajansı\b|\breklāmas aģentūra\b|\breklamos agentūra\b|\breklaamiagentuur\b|"
     r"\boglaševalska agencija\b|"
     r"\b(?:komunikācijas|zīmolvedības|mārketinga)(?: un (?:komunikācijas|zīmolvedības|mārketinga|reklāmas))? "
     r"aģentūra\b|\bkomunikacijos agentūra\b|"
     r"\bkommunikatsioonibüroo\b|\bturundusagentuur\b"),
    # (several finite phrase sets: one would exceed the cue matcher's phrase limit)
    ("agency by its own title",
     r"\b(?:communications?|advertising|creative|branding|pr|marketing|brand|content) (?:and|&) (?:communications?|"
     r"advertising|creative|branding|pr|marketing|brand|social media|content|design) agency\b"),
    ("agency by its own title",
     # a PR firm calls itself a communications consultancy: PR is what it sells (pooled titles: 9 agencies, no other)
     r"\b(?:communications?|pr|public relations|media relations|marketing|brand) (?:consultancy|consultants|firm|"
     r"studio)\b|\bpr (?:and|&) communications\b|\bpublic relations\b|\brelations presse\b|"
     r"\brelaciones públicas\b|\bpubbliche relazioni\b"),
    # the same in more languages (pooled self-descriptions: 9 agencies, no other page)
    ("agency by its own title",
     r"\bагенция за (?:комуникации|връзки с обществеността)\b|\bкомуникационна агенция\b|\b(?:пиар|pr) агенция\b|"
     r"\bkommunikasjonsbyrå\b|\bkommunikasjonsrådgiv\w*\b|\bkommunikationsrådgiv\w*\b|"
     r"\bpr-(?:byrå|bureau|bureauet|byrån)\b|\bkommunikationsberatung\b|\bconseil en communication\b|"
     r"\bconsulenza (?:di|in|nella) comunicazione\b|\bconsultor(?:í|i)a de comunicaci(?:ó|o)n\b|"
     r"\bconsultoria de comunicação\b|\bcommunicatieadvies\w*\b|\bdoradztwo (?:komunikacyjne|pr)\b|\bagencja pr\b|"
     r"\bkomunikační agentur\w*\b|\bpr agentúr\w*\b|\bkommunikációs ügynökség\w*\b|\bpr-ügynökség\w*\b|"
     r"\bagenți(?:a|e) de (?:pr|relații publice)\b|\bkomunikacijska agencija\b|\bodnos(?:i|e) s javnošću\b|"
     r"\bodnos(?:i|e) z javnostmi\b|\bδημοσίων σχέσεων\b|\bεταιρεία επικοινωνίας\b|\biletişim ajansı\b|"
     r"\bhalkla ilişkiler\b|\bviestinnän konsult\w*\b"),
]
_SELF_DESCRIPTION_MATCHER = CueMatcher([("practice", label, pattern) for label, pattern in PRACTICES]
                                       + [("agency_title", label, pattern) for label, pattern in AGENCY_TITLES]
                                       + [("bookkeeping", label, pattern) for label, pattern in _BOOKKEEPING_PARTS], {})


def find_self_description(self_description: str) -> dict[str, set[str]]:
    """What a page's lower-cased title and meta description call the firm: a practice outside IT (accountancy, law,
    engineering, HR: key "practice") or a communication agency (key "agency_title")."""
    found = _SELF_DESCRIPTION_MATCHER.find(self_description)
    parts = found.pop("bookkeeping", set())
    if {"bookkeeping", "payroll or tax work"} <= parts and "software" not in parts:
        found.setdefault("practice", set()).add("accountancy practice")
    return found


# Sections that count only at the top of a path (``/docs``, or after a language, ``/en/docs``): ``/hire/developers``
# is no docs page.
_TOP_LEVEL_ONLY = frozenset({"docs"})


@lru_cache(maxsize=8192)
def link_sections(path: str) -> frozenset[str]:
    """Section names an internal link path points to (``/en/services/cloud`` → {"services"}): each segment (up to a
    ``?``, ``#`` or ``.``) looked up among the segments ``LINK_SECTIONS`` name — one dictionary look-up a segment."""
    segments = path.lower().split("/")[1:]  # the text before the first "/" is no segment
    found = set()
    for index, segment in enumerate(segments):
        end = _SEGMENT_END.search(segment)
        name = _SECTION_OF.get(segment[:end.start()] if end else segment)
        if name and (name not in _TOP_LEVEL_ONLY or index == 0
                     or (index == 1 and len(segments[0]) == 2 and segments[0].isalpha())):
            found.add(name)
    return frozenset(found)
