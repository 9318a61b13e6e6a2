"""Open-vocabulary extraction: offsets into the caller's text, unmapped spans, parents, kinds, scope rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import JobSkill, JobSkillCandidate, Skill
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer
from jobsearch_pipelines.lib.skills.local import LocalExtractor, _split_alternatives
from jobsearch_pipelines.lib.skills.mapping import SpanMapper, normalise_surface
from jobsearch_pipelines.lib.skills.models import KINDS
from jobsearch_pipelines.lib.skills.scope import ANOTHER_TEAMS_ROW
from jobsearch_pipelines.lib.skills.service import extract_pending
from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy
from jobsearch_pipelines.lib.skills.text import prepare, source_text, tokenize

HTML = (
    "<h2>Requirements</h2><ul><li>5+ years with <b>Go</b> &amp; PostgreSQL</li>"
    "<li>C&#43;&#43; or <i>Rust</i>&nbsp;&mdash; Kubernetes</li><li>Spring <em>Boot</em> and Kafka</li></ul>"
    "<script>var java = 1;</script><p>Caf&eacute; perks: none</p>"
)
MARKDOWN = (
    "## Requirements\n\n* **Python** and `dbt` on Snowflake\n* Experience with [Terraform](https://terraform.io)"
    "\n\n\n\n_Nice to have:_ Airflow, Great Expectations\n"
)
ENTITIES = "Python &amp; Django &ndash; PostgreSQL&#8217;s JSONB, &quot;React&quot; &lt;3 and Node.js&hellip;"
ESCAPED = (
    "&lt;ul&gt;&lt;li&gt;Docker &amp;amp; Kubernetes&lt;/li&gt;&lt;li&gt;AWS &amp;amp; Terraform&lt;/li&gt;&lt;/ul&gt;"
)


@pytest.mark.parametrize(
    ("title", "description"),
    [("Senior Go Engineer", HTML), ("Data Engineer", MARKDOWN), ("Backend Dev", ENTITIES), ("", ESCAPED),
     ("  Go  Dev ", "  Go and Rust  "), (None, HTML)],
    ids=["html", "markdown", "entities", "escaped-twice", "padded", "no-title"],
)
def test_offsets_refer_to_the_callers_text(
    local_extractor: LocalExtractor, title: str | None, description: str
) -> None:
    text = source_text(title, description)
    result = local_extractor.extract(title, description)
    assert result.skills
    for skill in result.skills:
        for mention in skill.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert 0 <= mention.start < mention.end <= len(text)


def test_offsets_span_markup_and_entities_as_given(local_extractor: LocalExtractor) -> None:
    result = local_extractor.extract("Senior Go Engineer", HTML)
    by_slug = {s.slug: s for s in result.skills}
    assert [m.text for m in by_slug["cpp"].mentions] == ["C&#43;&#43;"]
    assert [m.text for m in by_slug["spring-boot"].mentions] == ["Spring <em>Boot"]
    assert "java" not in by_slug  # script content is not text


def test_the_plain_text_maps_back_character_by_character() -> None:
    mapped = prepare("Title", HTML)
    plain = mapped.text
    position = plain.index("PostgreSQL")
    start, end = mapped.source_span(position, position + len("PostgreSQL"))
    assert source_text("Title", HTML)[start:end] == "PostgreSQL"


def test_unmapped_spans_are_returned_with_a_normalised_surface(local_extractor: LocalExtractor) -> None:
    result = local_extractor.extract("Analyst", "Requirements: Knowledge of Basel III regulatory reporting.")
    unmapped = [s for s in result.skills if s.canonical is None]
    assert unmapped, [s.to_dict() for s in result.skills]
    for skill in unmapped:
        assert skill.slug is None and skill.kind is None and skill.surface == normalise_surface(skill.mentions[0].text)
        assert skill.to_dict()["canonical"] is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Practical knowledge of hydrology and/or soil mechanics.", ["hydrology", "soil mechanics"]),
    ("You bring experience in trial design and/or regulatory affairs.", ["trial design", "regulatory affairs"]),
    ("Hands-on experience with thermal modelling and/or fluid dynamics simulation.", ["thermal modelling"]),
    ("A background in hydrology or soil mechanics.", ["hydrology", "soil mechanics"]),
])
def test_an_open_span_across_or_names_two_things(local_extractor: LocalExtractor, text: str,
                                                  expected: list[str]) -> None:
    mentions = [m.text for s in local_extractor.extract("Engineer", text).skills for m in s.mentions]
    assert all(name in mentions for name in expected), mentions
    assert not [m for m in mentions if "and/" in m or m.endswith((" and", " or"))], mentions


def test_span_boundaries_before_mapping() -> None:
    """A CRF span is split at "or" (not within a degree) and loses list words, prepositions and articles at its
    ends."""
    def split(text: str) -> list[str]:
        lower = text.lower().split()
        return [" ".join(lower[s:e]) for s, e in _split_alternatives(lower, 0, len(lower))]

    assert split("machine learning signal processing and / or statistical methods") == [
        "machine learning signal processing", "statistical methods"]
    assert split("biochemistry or human biology") == ["biochemistry", "human biology"]
    assert split("master's degree in finance or economics") == ["master's degree in finance or economics"]
    assert split("bachelor's or master's degree") == ["bachelor's or master's degree"]
    assert split("mba or a post graduate degree in") == ["mba or a post graduate degree"]
    assert split("the thermal modelling and /") == ["thermal modelling"]
    assert split("from * *") == []


def test_spans_map_by_alias_after_trimming_and_by_vector() -> None:
    mapper = SpanMapper(default_taxonomy(), None)
    assert mapper.by_alias("Python programming").slug == "python"  # type: ignore[union-attr]
    assert mapper.by_alias("strong Kubernetes experience").slug == "kubernetes"  # type: ignore[union-attr]
    assert mapper.by_alias("PostgreSQL databases").slug == "postgresql"  # type: ignore[union-attr]
    assert mapper.by_alias("team spirit") is None
    assert mapper.by_alias("HashiCorp Consul").slug == "consul"  # type: ignore[union-attr]  # a vendor in front
    # a vendor in front of a name that ends in a generic noun ("service") is not cut to "dynamics 365 field"
    field_service = mapper.by_alias("Microsoft Dynamics 365 Field Service")
    assert field_service is not None and field_service.slug == "dynamics-365-field-service"
    assert mapper.by_alias("NI TestStand") is mapper.by_alias("TestStand") is not None  # National Instruments
    extractor = LocalExtractor()
    (mapping,) = extractor.mapper.map_many(["Mongo DB"])  # a spelling no alias has
    assert mapping.how == "vector" and mapping.skill is not None and mapping.skill.slug == "mongodb"
    (nothing,) = extractor.mapper.map_many(["a sunny office in Berlin"])
    assert nothing.skill is None
    (partial,) = extractor.mapper.map_many(["dynamics"])  # the first word of "Dynamics AX" ("fluid dynamics")
    assert partial.skill is None


def test_parent_and_child_are_separate_skills(local_extractor: LocalExtractor) -> None:
    taxonomy = default_taxonomy()
    for child, parent in [("swiftui", "swift"), ("spring-boot", "spring"), ("aspnet", "dotnet"),
                          ("jetpack-compose", "android"), ("sap-s4hana", "sap")]:
        entry = taxonomy.by_slug(child)
        assert entry is not None and entry.parent == parent
    result = local_extractor.extract("iOS Engineer", "<ul><li>Swift and SwiftUI</li><li>Spring Boot, ASP.NET</li></ul>")
    by_slug = {s.slug: s for s in result.skills}
    assert {"swift", "swiftui", "spring-boot", "aspnet"} <= set(by_slug)
    assert by_slug["swiftui"].parent == "swift" and by_slug["swift"].parent is None
    assert [m.text for m in by_slug["swift"].mentions] == ["Swift"]


def test_a_practice_or_a_sibling_is_not_a_products_alias(local_extractor: LocalExtractor) -> None:
    """RPA is the practice (UiPath one vendor of it); HLSL is GLSL's sibling; "shaders" is the work, not GLSL."""
    result = local_extractor.extract("", "- Experience with RPA and writing shaders in HLSL for our WebGL viewer")
    kinds = {s.slug: s.kind for s in result.skills}
    assert kinds.get("robotic-process-automation") == "competency" and kinds.get("hlsl") == "technology"
    assert not {"uipath", "glsl"} & set(kinds), kinds
    result = local_extractor.extract("", "- Experience with time series databases such as InfluxDB")
    kinds = {s.slug: s.kind for s in result.skills}
    assert kinds.get("time-series-databases") == "competency" and "timescaledb" not in kinds, kinds
    stack_line = "Stack: Go, Postgres + Timescale, tasks in IBM DOORS Next"
    stack = {s.slug for s in local_extractor.extract("", stack_line).skills}
    assert {"timescaledb", "ibm-doors"} <= stack and "nextjs" not in stack, stack


def test_each_kind_is_present_and_carried_in_the_output(local_extractor: LocalExtractor) -> None:
    kinds = {s.kind for s in default_taxonomy().skills}
    assert kinds == set(KINDS)
    result = local_extractor.extract(
        "Senior Backend Engineer",
        "<h3>Requirements</h3><ul><li>Python and PostgreSQL</li><li>Test-driven development and code reviews</li>"
        "<li>Fluent German and English</li><li>AWS Certified Solutions Architect</li>"
        "<li>Experience in financial services</li></ul>",
    )
    found = {s.kind for s in result.skills if s.slug is not None}
    assert found == set(KINDS), [s.to_dict() for s in result.skills]


def test_taxonomy_has_thousands_of_technologies_with_build_script_and_licences() -> None:
    taxonomy = default_taxonomy()
    technologies = [s for s in taxonomy.skills if s.kind == "technology"]
    assert len(technologies) >= 3000
    folder = Path(__file__).resolve().parents[2] / "jobsearch_pipelines" / "data" / "skills"
    assert (folder / "SOURCES.md").is_file() and (folder / "sources" / "LICENSE.md").is_file()
    assert (Path(__file__).resolve().parents[2] / "scripts" / "build_skill_taxonomy.py").is_file()
    names = {s.name.lower() for s in technologies}
    assert {"apollo server", "nx", "lightgbm", "testng", "fastlane", "codeigniter", "liquibase"} <= names


def test_generated_entries_reviewed_as_concepts_and_short_library_names() -> None:
    """Stack Overflow tags reviewed as concepts are competencies ("idempotent", "ddos") or gone (error names); a
    JavaScript library answers to its usual short name; a generated entry gets the usual names it lacked."""
    taxonomy = default_taxonomy()
    assert taxonomy.by_slug("idempotent").kind == "competency"
    assert taxonomy.by_slug("ddos").kind == "competency"
    assert taxonomy.by_slug("sigabrt") is None and taxonomy.by_slug("nosuchmethoderror") is None
    gazetteer = Gazetteer(taxonomy)
    for alias, slug in [("Vuetify", "vuetify-dot-js"), ("Inertia.js", "inertiajs"), ("Guzzle", "guzzlehttp")]:
        words = [t.text for t in tokenize(alias)]
        assert {m.skill.slug for m in gazetteer.match(words)} == {slug}, alias


def test_the_taxonomy_build_is_reproducible(tmp_path: Path) -> None:
    import runpy
    import sys

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_skill_taxonomy.py"
    target = tmp_path / "technologies.yaml"
    argv = sys.argv
    sys.argv = [str(script), "--output", str(target)]
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
    shipped = script.parents[1] / "jobsearch_pipelines" / "data" / "skills" / "technologies.yaml"
    assert target.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


# (slug, sentence where the posting asks for it, sentence where it does not)
SCOPE = [
    ("google-sheets", "Ingestion runs on Fivetran, Google Sheets and SurveyMonkey into BigQuery.",
     "Ingestion runs on Fivetran (Salesforce, Google Sheets, SurveyMonkey) into BigQuery."),
    ("apex", "Apex and LWC work is part of this role.",
     "This is NOT a developer role. Apex and LWC work goes to our implementation partner."),
    ("klaviyo", "We're extending Klaviyo for post-purchase flows.",
     "We're sunsetting Klaviyo (used only for a legacy flow)."),
    ("abap", "Write specs with our ABAP developers (the ABAP is yours too).",
     "Write specs with our ABAP developers (the ABAP is theirs, the spec is yours)."),
    ("aveva-pi-system", "Integrate PAS-X with the PI System historian and weigh & dispense equipment.",
     "You get a laptop with the PI System client installed."),
    ("microsoft-entra-id", "Keep our Entra Connect sync to Entra ID healthy.",
     "Our Entra Connect syncs to Entra ID every night."),
    ("android-room", "We talk to our backend through Apollo Kotlin and cache locally with Room.",
     "We talk on Slack, plan in Linear and keep recipes in Room."),
    ("peoplesoft", "We went live on Workday in 2022 and support PeopleSoft HR.",
     "We went live on Workday in 2022 and retired PeopleSoft HR shortly after."),
    ("oracle-identity-governance", "We are running a legacy Oracle Identity Manager instance.",
     "We are retiring a legacy Oracle Identity Manager instance."),
    ("cyberark", "Privileged access (CyberArk) is part of your remit.",
     "Privileged access (CyberArk) sits with a separate PAM team."),
    ("android", "Keep the viewer fast on Android and the web.", "Keep the viewer fast on a 4-year-old Android phone."),
    ("unity", "Collaborating with the game teams; you will build the client side in Unity.",
     "Collaborating with the game teams who build the client side in Unity."),
    ("react", "Collaborate with the UI teams, who build in React; you'll ship a React component they drop in.",
     "Collaborate with the UI teams, who build in React; they'll ship a React component you drop in."),
    ("javascript", "This is a JavaScript role with some Java.", "This is a Java role, not a JavaScript role."),
    ("rust", "You will do Rust work in this position.", "There is no Rust work in this position."),
    ("php", "We use PHP and Laravel every day.", "We don't use PHP or Perl anywhere."),
    ("perl", "Perl scripting for our build tools.", "We don't use PHP or Perl anywhere."),
    ("react-native", "You will build our React Native app.", "Our React Native app is owned by another team."),
    ("ios", "You will ship features to our iOS and Android apps.", "Millions of people use our iOS and Android apps."),
    ("linux", "Strong Linux administration skills.", "You get a MacBook Pro or Linux laptop."),
    ("jest", "Sound knowledge of Webpack, no shying away from tools such as Babel and Jest.",
     "No Jest or Babel work in this position."),
    ("kubernetes", "You are no stranger to Kubernetes.", "No Kubernetes work in this position."),
    ("linux", "Deep knowledge of Linux and computer networks.", "You get a Linux computer."),
    ("kubernetes", "Experience with Kubernetes is a plus.", "Kubernetes is handled by a separate platform team."),
    ("elixir", "Our backend services are written in Elixir and you will extend them.",
     "Our backend services are written in Elixir and owned by the platform team — you won't need to write any."),
    ("snowflake", "You will model data in Snowflake and dbt.",
     "Our analytics team owns the warehouse (Snowflake and dbt), so you will not be expected to build reports."),
    ("wordpress", "You will build WordPress sites for our clients.",
     "We stopped building WordPress sites in 2022, so WordPress experience isn't needed."),
    ("flask", "A few services are written in Flask and you will maintain them.",
     "A few older services were written in Flask, but they have been retired. No Flask experience needed."),
    ("docker", "Docker is a plus but not required.", "Docker knowledge is not needed for this role."),
    ("slack", "Experience building Slack apps and bots.",
     "Internally we communicate via Slack and plan our work in Linear."),
    ("shopify", "You will build apps for merchants on Shopify.",
     "Our merchants run their stores on Shopify, but you won't need any experience with it."),
    ("kotlin", "You will write Kotlin for our Android app.",
     "Our iOS and Android apps (Swift and Kotlin) are built by the Mobile Platform team."),
    ("terraform", "Experience with Terraform is great, but you won't need it on day one.",
     "Our platform team runs Terraform, so you won't need it."),
    ("terraform", "We collaborate in GitHub and deploy with Terraform every day.",
     "Internally we chat on Slack and track infrastructure changes in Terraform."),
    ("microsoft-office", "Advanced Microsoft 365 administration skills.",
     "You will receive a company laptop with Windows 11 and a Microsoft 365 licence."),
    ("salesforce", "Experience with Salesforce license management.", "We give you a Salesforce licence to play with."),
    # devices the candidate works on are no perk: "Provision rig machines with Ansible"
    ("ansible", "- Provision rig machines with Ansible", "- You get two rig machines with Ansible preinstalled"),
    ("microsoft-intune", "You will manage our Windows 11 laptops with Intune.",
     "You will receive a laptop with Intune and Windows 11 preinstalled."),
    ("s7-plcsim", "- Run virtual commissioning with PLCSIM Advanced before machines leave the shop",
     "- Your home office gets two PLCSIM Advanced machines"),
    # "no_std" is an identifier, not "no"
    ("stm32wl", "- Writing no_std Rust firmware for STM32WL devices", "- No STM32WL work in this role"),
    # "phased rollouts" retire nothing; "phased out" does
    ("fastlane", "- Contribute to our release train: Fastlane lanes, TestFlight betas, phased rollouts",
     "- Our old Fastlane lanes are being phased out."),
    ("hubspot", "You will build and maintain our integration with HubSpot.",
     "Our platform integrates with Salesforce and HubSpot, so sales teams see every signal."),
    ("magento", "You will extend our Magento storefront.",
     "Our customers' webshops run on Magento and WooCommerce."),
    ("hadoop", "You will tune our Hadoop cluster.", "The old on-premises Hadoop cluster was decommissioned last year."),
    ("microsoft-teams", "Experience administering Microsoft Teams.",
     "Day-to-day collaboration happens over Microsoft Teams."),
    ("onshape", "You will design enclosures in Onshape.",
     "Enclosures are designed by our mechanical engineers in Onshape."),
    ("flutter", "You will build our mobile app in Flutter.",
     "Our firmware team writes C on Zephyr RTOS, our mobile app is built in Flutter — neither is part of this role."),
    ("burp-suite", "Experience with Burp Suite for web testing.",
     "Penetration testing is done by our separate red team, who use Cobalt Strike and Burp Suite."),
    ("vue", "Our platform team builds client sites in Vue.js and you will extend them.",
     "Our front-end developers build client sites in Vue.js — you won't need to write code."),
    ("shopify", "We're looking for an engineer to build our Shopify apps.\n\nRequirements\n- Python\n",
     "Acme helps 3,000 brands sell more on Shopify and BigCommerce.\n\nRequirements\n- Python\n"),
    ("lever-ats", "Keep candidates up to date in Lever.",
     "Keep every scorecard up to date in Ashby (we moved off Lever in January)."),
    ("splunk", "Write detections in Splunk.",
     "In 2024 the company completed its migration from Splunk to Microsoft Sentinel."),
    ("selenium", "Experience migrating from Selenium to Playwright.",
     "We're replacing a brittle set of Selenium recordings with a proper framework."),
    ("ibm-i", "Administer the AS/400 and its RPG programs.", "The AS/400 will be decommissioned shortly after."),
    ("github", "Review pull requests on GitHub.", "Reviewly is an assistant that plugs into GitHub and Jira."),
    ("kotlin", "You will write Kotlin services.",
     "Our mobile app team works in Kotlin and Swift, but this role is focused on the web portal."),
    ("sap-basis", "Join the SAP Basis team and run system administration.",
     "Hand over transports to the SAP Basis team, which is responsible for system administration."),
    ("unreal-engine", "<p>Unreal Engine 5 experience is a plus.</p>",
     "<p>You don&rsquo;t need Unreal experience &mdash; the protocol is clean.</p>"),
    ("notion", "You will maintain our knowledge base in Notion.",
     "Internal docs live in Notion, and you'll get a thorough onboarding."),
    ("stripe-billing", "## About the role\nYou will build our Stripe billing integration.\n",
     "## About Lumen\nLumen's SDKs add Stripe billing to web apps.\n\n## Requirements\n- Python\n"),
    ("terraform", "Requirements\n- Python\n- Terraform\n",
     "Requirements\n- Python\n\nNot part of this role\n- Terraform and the cloud setup\n"),
    ("datadog", "You will instrument our services with Datadog and Sentry.",
     "Our customers connect Pulse to Datadog and Sentry. You don't need to know those tools."),
    ("quickbooks", "You will build our QuickBooks sync.",
     "Rota syncs with accounting tools such as QuickBooks and Xero. Those integrations are owned by our partner team."),
    ("nagios", "You will maintain our Nagios checks.", "Our legacy Nagios monitoring is being replaced by Prometheus."),
    ("tensorflow", "You will train ranking models in TensorFlow.",
     "Last year we retired our old TensorFlow models and rebuilt the stack around PyTorch."),
    ("jenkins", "You will maintain our Jenkins pipelines.", "We finished our move off Jenkins last spring."),
    ("wordpress", "You will build our WordPress theme.",
     "Our website runs on WordPress and is maintained by an agency."),
    ("slack", "Experience building Slack apps.", "Remote-first, with Slack and Notion for everyday communication."),
    ("figma", "You will turn Figma designs into components.",
     "Designers hand off work in Figma and we plan in Linear; you don't need experience with either."),
    ("looker", "You will build dashboards in Looker.",
     "Our analysts build dashboards in Looker – you won't be building reports."),
    ("shopify", "You will build Shopify apps.", "Stockly connects with Shopify and WooCommerce out of the box."),
    ("splunk", "You will write Splunk detections.",
     "Customers forward alerts to Splunk or QRadar, but those integrations are set up by our services team."),
    ("puppet", "Requirements\n- Puppet and Ansible\n",
     "Requirements\n- Ansible\n\nWhat we're leaving behind\nWe are migrating from Puppet to Ansible.\n"),
    ("linkedin", "You will run paid campaigns on LinkedIn and report on results.",
     "Feel free to contact any of us via LinkedIn for any questions."),
    ("youtube", "You grow our YouTube channel with weekly videos.", "See for yourself on our YouTube channel."),
    ("tiktok", "You will run paid campaigns on Facebook and TikTok.",
     "Follow us on Instagram and TikTok for behind-the-scenes content."),
    # seventeenth session, from postings_dev5.jsonl
    ("kotlin", "You will build features in Kotlin.", "Our Android app is written in Kotlin and owned by Engineering."),
    ("webflow", "You will build landing pages in Webflow.",
     "The marketing site runs on Webflow and it belongs to marketing."),
    ("notion", "You will write product specs in Notion.", "Internally we use Notion and Slack."),
    ("tableau", "Build Tableau dashboards for finance.", "Not required: the finance team's BI lives in Tableau."),
    ("symfony", "Our back office is in PHP/Symfony and you will extend it.",
     "Our back office is in PHP/Symfony but you will not have to touch it."),
    ("zoom", "Experience administering Zoom and Microsoft Teams.", "Remote colleagues join every demo on a Zoom call."),
    ("mulesoft", "You will deliver MuleSoft integrations.",
     "Integrations in MuleSoft are delivered by our technical consultants."),
    ("xcode", "Basic Xcode is good, deep iOS knowledge is not needed.", "Xcode experience is not needed."),
    ("backstage-io", "Requirements\n- Backstage plugins\n",
     "Requirements\n- Go\n\nNot yours\n- Backstage. The Developer Experience team owns it.\n"),
    ("vim", "Requirements\n- Vim or Emacs fluency\n",
     "Requirements\n- Go\n\nThings we don't care about\n- Whether you use Vim or Emacs.\n"),
    # from postings_dev6.jsonl
    ("php", "| Area | Stack | Needed? |\n|---|---|---|\n| Backend | PHP, Laravel | Yes, daily |\n",
     "| Area | Stack | Needed? |\n|---|---|---|\n| Legacy sites | PHP, Laravel | No – shut down in 2026 |\n"),
    ("wix", "Requirements\n- Wix and WordPress sites\n",
     "Requirements\n- React\n\nWhat you don't need\nMany of our customers embed the widget in WordPress or Wix "
     "sites.\n"),
    ("go", "Requirements\n- Go services on Google Cloud\n",
     "## Requirements\n- C++\n\n## Not your job (but good to know)\nOur cloud backend is written in Go and runs on "
     "Google Cloud.\n"),
    ("premiere-pro", "You will edit videos in Adobe Premiere Pro.",
     "Not part of this role: editing. Post-production is handled by our editors in Adobe Premiere Pro."),
    ("slack", "You will build Slack apps for our customers.",
     "Internally we live in Slack and track our work in Asana."),
    ("autodesk-inventor", "You will model parts in Autodesk Inventor.",
     "We are in the change from Autodesk Inventor to SolidWorks."),
    ("vtex", "You will build our VTEX storefront.",
     "Our online shop runs on VTEX, but you don't need to know the platform."),
    ("power-bi", "You will build dashboards in Power BI.",
     "The business analysts build their dashboards in Power BI, you only deliver clean data models."),
    ("pytorch", "You will train models in PyTorch.", "Our grasping models are trained by the ML team in PyTorch."),
    ("eplan", "You will design schematics in EPLAN.", "The electrical design is done by our colleagues with EPLAN."),
    ("fivetran", "You will maintain our Fivetran connectors.",
     "The pipelines are maintained by Data Engineering with Fivetran."),
    # eighteenth session (dev7)
    ("selenium", "You will keep our Selenium suite green.",
     "We switched the old suite off in January, so nobody on the team needs to touch Selenium again."),
    ("new-relic", "You will build dashboards in New Relic.", "There is zero need for you to know New Relic."),
    ("jenkins", "You will run our Jenkins pipelines.",
     "CI moved to GitHub Actions (no Jenkins skills needed, and we hope you never see it)."),
    ("java", "You will keep our Java app running until 2027.",
     "Our old app is native Android in Java and will be shut down in 2026 - you will not work on it."),
    ("shopify", "You will build Shopify apps.", "Our merchants sell on Shopify and BigCommerce."),
    ("spark", "You will write Apache Spark jobs.",
     "A handful of our customers' legacy pipelines are Apache Spark jobs; our services team handles those."),
    ("wordpress", "You will build WordPress themes.",
     "Our public website is in WordPress but it is maintained by a marketing agency."),
    ("websocket", "You will build our WebSocket gateway.",
     "The chargers talk to our backend over WebSocket. That protocol layer is owned by our Charging team."),
    ("nakama", "You will extend our game server on Nakama.",
     "Not for you if you want the backend: our game server runs on Nakama and has its own team."),
    ("xero", "You will build our Xero integration.", "Finance runs on Xero and that integration is vendor-managed."),
    # eighteenth session (dev8): a denial later in the paragraph, other owners by name, asides, tables, retirements
    ("nestjs", "You will build our NestJS backend.",
     "Our backend is NestJS on Google Cloud, and there's a small iOS app in Swift. Both belong to other teams."),
    ("contentful", "You will model content in Contentful.",
     "The API is an Elixir service and content is managed in Contentful. Our Android app is Kotlin. "
     "You won't need any of these."),
    ("clickhouse", "You will write ClickHouse queries.",
     "The core is Rust and experiment results are crunched in ClickHouse. None of that is your job."),
    ("timescaledb", "You will tune TimescaleDB.", "Device data lands in TimescaleDB. The cloud team owns all of this."),
    ("react", "You will build the React frontend.", "Frontend is React - not part of this role."),
    ("appium", "| Mobile | Appium | You, with the QA chapter |", "| Mobile | Appium | Owned by the mobile squad |"),
    ("spring-boot", "Server side: Kotlin / Spring Boot (you own it)",
     "Server side: Kotlin / Spring Boot (server team is in charge)"),
    ("fivetran", "You will build Fivetran connectors.", "Data Engineering owns ingestion: Fivetran for SaaS sources."),
    ("ionic", "You will maintain our Ionic app.",
     "The patient app was originally an Ionic app, replaced by a React Native app in 2023."),
    ("xamarin-dot-forms", "You will maintain our Xamarin.Forms app.",
     "Our current app was built in Xamarin.Forms and is being turned off next year."),
    ("sap-bpc", "You will run consolidation in SAP BPC.",
     "SAP Group Reporting, which replaces our consolidation with SAP BPC, goes live in 2027."),
    ("play-framework", "You will write Scala services on the Play Framework.",
     "(For the curious: the platform is Scala on the Play Framework.)"),
    ("flink", "You will build streaming jobs in Apache Flink.",
     "Real-time features are computed by the Data Platform team with Apache Flink."),
    ("quickbooks", "You will run our QuickBooks books.",
     "We moved finance and operations onto NetSuite in 2023 (from QuickBooks Enterprise)."),
    ("sap-successfactors", "You will configure SAP SuccessFactors.", "Also SAP SuccessFactors is not in the scope."),
    ("jenkins", "You will keep Jenkins running.", "We also retired Jenkins last year in favour of GitLab CI."),
    ("linkedin", "You will run our LinkedIn campaigns.", "Send your CV and your LinkedIn profile URL."),
    ("github", "You will manage our repositories on GitHub.",
     "Apply with your CV and a link to your GitHub or a Play Store app."),
    ("github", "Experience with GitHub and Jira.", "Our community edition has about 11k GitHub stars."),
    ("peoplesoft", "You will support PeopleSoft HCM.", "PeopleSoft HCM stays in place and is out of scope."),
    ("vue", "You will build the frontend in Vue.", "- Frontend is Vue \u2013 not your problem"),
    ("wordpress", "You will build the marketing site on WordPress.",
     "The marketing site is on WordPress \u2014 not your concern in this role."),
    ("oracle-ebs", "You will support Oracle E-Business Suite R12.2.",
     "Our client is replacing Oracle E-Business Suite R12.2 with Oracle Fusion Cloud ERP."),
    ("elasticsearch", "| Search backend | Java 17 + Elasticsearch | Core |",
     "| Search backend | Java 17 + Elasticsearch (Search team) | FYI only |"),
    ("elasticsearch", "<table><tr><td>Search</td><td>Elasticsearch</td><td>Platform</td><td>Yes</td></tr></table>",
     "<table><tr><td>Search</td><td>Elasticsearch</td><td>Search team</td><td>No</td></tr></table>"),
    ("sap-ariba", "- **SAP Ariba** for indirect procurement \u2014 your home",
     "- **SAP Ariba** for indirect procurement \u2014 Procurement IT, not in scope"),
    ("airflow", "Strong Airflow, and you know when not to use it.",
     "We tried Airflow early on; we don't use it any more and don't plan to."),
    ("splunk", "Vous administrerez notre SIEM Splunk.",
     "Notre SIEM historique Splunk sera décommissionné ; aucune expérience Splunk n'est requise."),
    ("sap", "Du betreust unser SAP.", "SAP ist für diese Stelle nicht erforderlich."),
    # Portuguese "no" is "in the"; ", only" ends what "No" denies
    ("kotlin", "- Desenvolver novas funcionalidades no app em Kotlin com Jetpack Compose",
     "- Não usamos Kotlin no app: o time de iOS cuida de tudo em Swift, não é necessário Kotlin"),
    ("github-actions", "CI for you to own: no Jenkins, just GitHub Actions.",
     "CI for you to own: no GitHub Actions, just Jenkins."),
    ("microsoft-office", "You will administer Microsoft 365 for 300 staff.",
     "Everyone uses Microsoft 365; Teams is where the team talks."),
    ("python", "- Build the ETA services in Python",
     "ETA prediction comes from the Optimisation team's services (Python, Google OR-Tools)."),
    ("copado", "- Deploy through the team's pipeline (SFDX, Git, Copado)",
     "Releases go through the Release team's pipeline (SFDX, Git, Copado)."),
    ("datadog", "We use Datadog for monitoring.", "We left Datadog for a self-hosted Grafana stack last year."),
    ("jax", "You will train our models in JAX on TPUs.",
     "Some researchers experiment in JAX and spin up SageMaker notebooks; neither is part of the platform you run."),
    ("databricks", "You will build pipelines in Databricks. Spark experience helps.",
     "Data Science uses Databricks for model training. Not in scope for this role."),
    # twenty-first session: retirements over a dash, an aside or into the next sentence; owners named otherwise
    ("informatica-powercenter", "You will run our Informatica PowerCenter estate until it is retired.",
     "The Informatica PowerCenter estate is being retired by a separate workstream – you will work on the new "
     "platform in Databricks."),
    ("chef", "Config management: Ansible and Chef, which you will own.",
     "Config management: Ansible (Chef was fully replaced last year)."),
    ("csharp", "You will maintain a pile of C# WinForms utilities.",
     "Our old standalone tools — a pile of C# WinForms utilities — were retired when we moved to UE5."),
    ("raspberry-pi", "You will write Go for our site controller on an industrial Raspberry Pi.",
     "Our first site controller ran on an industrial Raspberry Pi. It is being replaced over the next year; you "
     "won't need to touch it."),
    ("hadoop", "You will run our on-prem Hadoop cluster with Hive.",
     "Until 2023 all of this lived on an on-prem Hadoop cluster with Hive. It's gone, and the people who ran it "
     "have stories they will happily tell you."),
    ("kubernetes", "You will run our Kubernetes clusters.", "Platform runs our Kubernetes clusters."),
    ("mqtt", "You are responsible for the MQTT broker.", "Our IoT team is responsible for the MQTT broker."),
    ("sap", "Vous travaillez avec SAP au quotidien.",
     "L'interface avec SAP est gérée par l'équipe ERP, elle ne fait pas partie du périmètre du poste."),
    ("sap-is-u", "Vereist: kennis van SAP IS-U.", "Niet nodig: kennis van SAP IS-U."),
    ("storybook", "You will document our React components in Storybook.",
     "Our React components are documented by engineers in Storybook. You don't need to code."),
    ("webpack", "You will migrate our builds from Jenkins to GitHub Actions and from webpack to Vite.",
     "Last spring we migrated from Redux to Zustand, and from webpack to Vite."),
    ("javascript", "You will write JavaScript for our SDK.",
     "Our customers write their functions mostly in JavaScript."),
    ("ms-word", "You will write specifications in MS Word.", "Please send your updated CV in MS Word format."),
    ("linkedin", "You will run our campaigns on LinkedIn.", "Apply with a CV or LinkedIn, no cover letter needed."),
    ("heroku", "You will deploy our apps on Heroku.", "We started on Heroku in 2017 and it carried us a long way."),
    ("github-actions", "Keep our GitHub Actions CI green and help the science team write code.",
     "Our pipelines are fine. The science team writes its own workflows in GitHub Actions."),
    ("rails", "You will build features in Ruby on Rails.",
     "Our product is built with Ruby on Rails. You will read stack traces but you won't be writing production code "
     "– this is a support role."),
    # another team's remit, pointed at in the same sentence or the next
    ("redis", "You will run our backend on AWS with Redis.",
     "Our own backend runs on AWS with Redis, but that's the Platform team's world."),
    ("prisma", "You will keep our ORMs (Prisma, Hibernate) happy.",
     "Most customers connect through the ORMs they already had (Prisma, Hibernate). Keeping those happy is the "
     "Ecosystem team's job, not yours."),
    # what another team maintains, but the candidate works in it too
    ("terraform", "We run on ECS, with infrastructure in Terraform maintained by our platform team (you'll read it "
     "more than write it).", "We run on ECS, with infrastructure in Terraform maintained by our platform team, while "
     "you own the API."),
    # where the customers come from is their old tool, not the role's
    ("circleci", "You will maintain our CircleCI pipelines.",
     "Prospects come to us from CircleCI and Travis CI, but in practice Jenkins is the one you need to know well."),
    # another supplier builds it; tools named for a project or a kind of call are asked when the line asks for them
    ("flutter", "The mobile app is built in Flutter by our team.",
     "The mobile app is built in Flutter by another supplier."),
    ("grpc", "- gRPC and Protobuf for service-to-service calls",
     "Slack and Zoom for calls, gRPC for everyday communication."),
    ("ladder-logic", "- Ladder logic is also needed for Rockwell projects",
     "Ladder logic for projects, Slack for chat."),
    ("sagemaker", "- Run experiments: we track everything in MLflow and train on SageMaker",
     "Internally we track projects in Linear and SageMaker."),
]


@pytest.mark.parametrize(("slug", "asked", "not_asked"), SCOPE, ids=[f"{c[0]}-{i}" for i, c in enumerate(SCOPE)])
def test_scope_rules_both_ways(local_extractor: LocalExtractor, slug: str, asked: str, not_asked: str) -> None:
    assert slug in {s.slug for s in local_extractor.extract("", asked).skills}, asked
    result = local_extractor.extract("", not_asked)
    assert slug not in {s.slug for s in result.skills}, not_asked
    assert slug in {e["slug"] for e in result.excluded}  # dropped with its reason, not silently


@pytest.mark.parametrize(
    ("slug", "named", "ordinary"),
    [
        ("backbone", "We build single-page apps in Backbone.js and Marionette.",
         "You maintain our backend, the backbone of our app."),
        ("nextjs", "You will build our site in Next.js.",
         "You will join the software development for next gen networks."),
        ("can-bus", "You will debug CAN bus traffic on our vehicles.", "YOU CAN ALSO FIND OUR APPS ON MEDIUM"),
        ("r-language", "You will analyse trials in R and SAS.",
         "Meal card worth R$ 1.200 a month, plus health insurance."),
        ("nextjs", "Stack: React, Next, Tailwind and Node.",
         "Build UIs for GraphQL, gRPC and WebSocket requests next to plain HTTP."),
        ("google-ads", "You will run our SEM and PPC campaigns.", "Plano de saúde sem coparticipação, com React."),
        ("nodejs", "You will build our APIs on Node and Express.",
         "Karpenter handles node provisioning in our EKS clusters."),
        ("lorawan", "Experience with LoRa gateways, MQTT and Zigbee.", "We fine-tune 7B models with LoRA via PEFT."),
        ("oracle-database", "Databases: Oracle, PostgreSQL and SQL Server.",
         "Merchandising runs on Oracle Retail Merchandising System (on-prem)."),  # the vendor of another product
        # a lower-case word needs a list around it, not a technology somewhere in the running text
        ("nodejs", "Backend: node, deno and postgres.", "Upgrades, node autoscaling with Karpenter, network policies."),
        ("sketch-app", "Design tools: figma / sketch.", "Partner with design in Figma from the first sketch."),
        ("nextjs", "Frontend: react, next and tailwind.",
         "Nice to have: Salesforce CPQ, which we are evaluating for next fiscal year."),
        ("backbone", "Legacy views in jquery and backbone.", "Operate our backbone: Juniper MX running Junos."),
        # a name in its own casing listed right after another technology, whatever follows ("go for", "go to")
        ("go", "Enough Python or Go to automate your way out of repetitive work.",
         "We write Python and go to conferences."),
        # twenty-first session: a verb after an adverb, a funding round, an acronym spelled out as something else
        ("spark", "You will build Spark pipelines.", "Your campaigns will directly spark pipeline growth."),
        ("c-language", "Firmware in C and C++.", "Our client, a Series C SaaS company, needs SQL and dbt."),
        ("aws", "You will run AWS (Amazon Web Services) accounts.",
         "Pay: SGD 7,500 a month + AWS (annual wage supplement) + bonus. You know Cisco IOS."),
        # a short name that is a capitalised word opens a sentence as the word ("Evidently", "Shiny")
        ("evidently-ai", "Model monitoring with MLflow and Evidently.", "Evidently, we need React and Vite."),
        ("r-shiny", "Dashboards in R and Shiny.", "Shiny new tools like React and Vite."),
        ("act", "CRM: Act! and Salesforce.", "Obligations under the EU AI Act and GDPR, with Python."),
        ("act", "CRM: Act! and Salesforce.", "- Act as the functional owner for SAP FI and Salesforce"),
        ("c-language", "Firmware in C and C++.", "Interfaces: AXI4, JESD204B/C and SAP certification (C_TS4FI)."),
        ("ray-framework", "Distributed training with Ray and Dask.", "Nice to have: Ray tracing (DXR) and Vulkan."),
    ],
)
def test_ordinary_words_stay_words(local_extractor: LocalExtractor, slug: str, named: str, ordinary: str) -> None:
    """A practice nearby is no list for a lower-case word; capitals in a shouted line are no casing."""
    assert slug in {s.slug for s in local_extractor.extract("", named).skills}, named
    assert slug not in {s.slug for s in local_extractor.extract("", ordinary).skills}, ordinary


@pytest.mark.parametrize(
    ("heading", "slug", "line"),
    [
        ("WON'T NEED", "abap", "- ABAP, you are not developing anything"),
        ("<h2>Things you&#8217;ll hear about but won&#8217;t own</h2>", "react-native",
         "- React Native and Expo for the member app"),  # an HTML heading is a heading at any length
        ("## Interview process", "microsoft-teams", "A video call over Microsoft Teams, then a take-home."),
        ("### What we've built so far", "zendesk",
         "- Connectors for Zendesk, Intercom, Front and Help Scout (we ingest ~3M conversations a month)"),
        # headings in other languages: "Qui sommes-nous ?" is the company, "Processus de recrutement" the hiring
        ("<h2>Qui sommes-nous ?</h2>", "qdrant", "Our product runs on Qdrant and serves 6,000 lawyers."),
        ("Processus de recrutement", "microsoft-teams", "Un appel vidéo sur Microsoft Teams."),
        # the company's other engagements: another client's stack
        ("<h3>Other things we&#8217;ve built recently</h3>", "flutter",
         "<ul><li>a Flutter loyalty app for a Scandinavian retail chain</li></ul>"),
    ],
)
def test_sections_whose_technologies_are_not_asked(
    local_extractor: LocalExtractor, heading: str, slug: str, line: str
) -> None:
    result = local_extractor.extract("", f"{heading}\n{line}\n")
    assert slug not in {s.slug for s in result.skills}
    assert slug in {e["slug"] for e in result.excluded}
    assert slug in {s.slug for s in local_extractor.extract("", f"Requirements\n{line}\n").skills}


def test_the_role_s_tasks_under_a_heading_in_another_language_are_asked(local_extractor: LocalExtractor) -> None:
    """"Vos missions" are the role's tasks, not a company's mission statement (nor is "Missions")."""
    text = ("<h2>Qui sommes-nous ?</h2><p>We build legal AI.</p>"
            "<h3>Vos missions</h3><ul><li>Scale search on Qdrant</li></ul>")
    assert "qdrant" in {s.slug for s in local_extractor.extract("ML Engineer", text).skills}
    mission = "<h2>Our mission</h2><p>Our search runs on Qdrant.</p><h2>Requirements</h2><p>Python.</p>"
    assert "qdrant" not in {s.slug for s in local_extractor.extract("ML Engineer", mission).skills}


def test_a_not_needed_table_column(local_extractor: LocalExtractor) -> None:
    table = ("| Area | Must have | Nice to have | Not needed |\n|---|---|---|---|\n"
             "| IaC | Terraform | Terragrunt | CloudFormation |\n| Languages | Go | Bash | Java |\n")
    result = local_extractor.extract("Platform Engineer", table)
    assert {"terraform", "terragrunt", "go", "bash"} <= {s.slug for s in result.skills}
    assert {"cloudformation", "java"} <= {e["slug"] for e in result.excluded}
    assert "gitlab-ci" in {s.slug for s in local_extractor.extract("", "We also retired Jenkins last year in favour "
                                                                      "of GitLab CI.").skills}


def test_a_denial_does_not_reach_over_a_list_item(local_extractor: LocalExtractor) -> None:
    text = "Nice to have\n- Familiarity with Sentry\n\nPlease note: our booking engine is built by an agency. " \
           "You won't need any of these."
    assert "sentry" in {s.slug for s in local_extractor.extract("", text).skills}


def test_a_you_dont_need_heading_is_not_asked(local_extractor: LocalExtractor) -> None:
    text = "## What you'll do\n- Build gameplay in Unreal Engine\n\n## You don't need\n- **Unity** experience.\n"
    result = local_extractor.extract("Gameplay Programmer", text)
    assert "unreal-engine" in {s.slug for s in result.skills}
    assert "unity" in {e["slug"] for e in result.excluded}


def test_a_long_posting_keeps_all_its_technologies(local_extractor: LocalExtractor) -> None:
    """30 skills used to be the cap: a platform role asking for 35 technologies lost its nice-to-haves."""
    names = ["Go", "Python", "Terraform", "Kubernetes", "Helm", "PostgreSQL", "Redis", "Apache Kafka", "PagerDuty",
             "Prometheus", "Grafana", "OpenTelemetry", "Honeycomb", "Datadog", "Amazon EKS", "Amazon RDS",
             "Amazon SQS", "Amazon Kinesis", "DynamoDB", "AWS Lambda", "Cilium", "Karpenter", "Crossplane",
             "Argo CD", "GitHub Actions", "Docker", "Linux", "Bash", "Ansible", "Consul", "Jenkins", "Istio", "Nginx",
             "Elasticsearch", "Snowflake"]
    text = "Requirements:\n" + "\n".join(f"- Experience with {name}" for name in names)
    technologies = [s for s in local_extractor.extract("SRE", text).skills if s.kind == "technology"]
    assert len(technologies) >= 35


def test_years_abbreviated_is_no_technology(local_extractor: LocalExtractor) -> None:
    result = local_extractor.extract("Android Engineer", "You have 5+ yrs Android and strong Kotlin.")
    assert {s.slug for s in result.skills} == {"android", "kotlin"}


def test_a_pronoun_denial_reaches_back_one_part_only(local_extractor: LocalExtractor) -> None:
    text = "CI already runs on GitHub Actions; the old Jenkins servers are being switched off, so you won't touch them."
    result = local_extractor.extract("", text)
    assert "github-actions" in {s.slug for s in result.skills}
    assert "jenkins" in {e["slug"] for e in result.excluded}


def test_a_stack_line_under_a_company_heading_is_asked(local_extractor: LocalExtractor) -> None:
    stack = "The mission\nWe help teams ship.\nOur stack in one line: Crossplane, Argo CD and Helm.\n" \
            "What you'll do\n- Design platform features\n"
    assert {"crossplane", "helm"} <= {s.slug for s in local_extractor.extract("", stack).skills}
    blurb = "The mission\nWe help teams ship, and hundreds of them deploy with Crossplane and Helm.\n" \
            "What you'll do\n- Design platform features\n"
    assert {"crossplane", "helm"}.isdisjoint({s.slug for s in local_extractor.extract("", blurb).skills})


def test_your_mission_is_the_role_our_mission_the_company(local_extractor: LocalExtractor) -> None:
    role = "About us\nAcme runs payments.\n\nYour mission\n- Triage alerts in Splunk Enterprise Security\n"
    assert "splunk-enterprise-security" in {s.slug for s in local_extractor.extract("", role).skills}
    blurb = "Our mission\nWe help SOC teams get more from Splunk Enterprise Security.\n\nRequirements\n- Python\n"
    result = local_extractor.extract("", blurb)
    assert "splunk-enterprise-security" not in {s.slug for s in result.skills}
    assert "python" in {s.slug for s in result.skills}


def test_a_sentence_that_denies_the_one_before_names_its_reason(local_extractor: LocalExtractor) -> None:
    text = "Alerts arrive from Datadog and Sentry. You won't administer those systems. Python is a must."
    result = local_extractor.extract("", text)
    assert {"datadog", "sentry"}.isdisjoint({s.slug for s in result.skills}) and "python" in {
        s.slug for s in result.skills}
    reasons = {e["slug"]: e["reason"] for e in result.excluded}
    assert "next sentence" in reasons["datadog"], reasons
    asked = local_extractor.extract("", "Experience with Datadog and Sentry. You don't need to know those tools yet.")
    assert {"datadog", "sentry"} <= {s.slug for s in asked.skills}  # the earlier sentence speaks to the candidate


def test_benefits_section_is_not_a_requirement(local_extractor: LocalExtractor) -> None:
    html = "<h3>Requirements</h3><ul><li>Go</li></ul><h3>Benefits</h3><ul><li>Free Spotify and a Kindle</li>" \
           "<li>AWS certification budget</li></ul>"
    result = local_extractor.extract("Engineer", html)
    slugs = {s.slug for s in result.skills}
    assert "go" in slugs and "aws" not in slugs
    assert any(e["reason"] == "benefit or perk" for e in result.excluded)


def test_unmapped_spans_are_stored_and_listed(insert_job: Callable[..., int], app_db: str) -> None:
    app_engine = make_engine(app_db)
    load_taxonomy_into_db(app_engine)
    for index in range(3):
        insert_job(
            app_engine,
            f"Risk Analyst {index}",
            "<h3>Requirements</h3><ul><li>Python and SQL</li>"
            "<li>Knowledge of Basel III regulatory reporting</li></ul>",
            external_id=f"risk-{index}",
        )
    stats = extract_pending(app_engine, LocalExtractor())
    assert stats.extracted == 3 and stats.unmapped >= 3
    with session_scope(app_engine) as session:
        stored = session.scalars(select(JobSkillCandidate)).all()
        surfaces = {c.surface for c in stored}
        kinds = {row.skill_slug: row.kind for row in session.scalars(select(JobSkill))}
        swiftui = session.scalar(select(Skill).where(Skill.slug == "swiftui"))
        assert swiftui is not None and (swiftui.parent_slug, swiftui.kind) == ("swift", "technology")
    assert kinds["python"] == "technology"
    assert all(c.mentions and c.level in {"required", "preferred", "nice"} for c in stored)
    listed = CliRunner().invoke(cli, ["skills", "candidates", "--json", "--limit", "50"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert {r["surface"] for r in rows} == surfaces
    top = rows[0]
    assert top["jobs"] == 3 and len(top["examples"]) == 3 and top["examples"][0]["title"].startswith("Risk Analyst")
    table = CliRunner().invoke(cli, ["skills", "candidates"])
    assert table.exit_code == 0 and top["surface"][:40] in table.output


@pytest.mark.parametrize(("written", "canonical"), [
    ("React Query", "TanStack Query"), ("Apollo Client", "Apollo Client"), ("tRPC", "tRPC"),
    ("Apache Iceberg", "Apache Iceberg"), ("OpenSearch", "OpenSearch"), ("DuckDB", "DuckDB"),
    ("Snowpark", "Snowpark"), ("Lighthouse", "Lighthouse"),
])
def test_technologies_the_tag_rules_leave_out_are_curated(local_extractor: LocalExtractor, written: str,
                                                          canonical: str) -> None:
    result = local_extractor.extract("Engineer", f"You have professional experience with {written} in production.")
    assert [(s.name, s.kind) for s in result.skills if s.slug] == [(canonical, "technology")]


def test_an_ambiguous_tool_name_in_its_ordinary_sense_is_not_a_skill(local_extractor: LocalExtractor) -> None:
    result = local_extractor.extract("Office manager", "Our office is near the old lighthouse on the coast.")
    assert not [s for s in result.skills if s.slug == "lighthouse"]


@pytest.mark.parametrize(("slug", "ordinary", "product"), [
    ("act", "In this position you will act as the single point of contact.", "You keep our contacts in Act! CRM."),
    ("comp", "Competitive comp and equity.", "You maintain our COM+ components."),
    ("people-work", "People work from home here.", "You administer people@work for our HR team."),
])
def test_a_product_name_spelled_as_its_slug_needs_context(local_extractor: LocalExtractor, slug: str, ordinary: str,
                                                           product: str) -> None:
    """A generated entry's slug is an alias too ("Act!" -> "act"): an ordinary word then, ambiguous like one."""
    assert slug not in {s.slug for s in local_extractor.extract("Manager", ordinary).skills}
    assert slug in {s.slug for s in local_extractor.extract("Manager", product).skills}


@pytest.mark.parametrize("next_heading", ["What you will do", "Your tasks", "Die Stelle"])
def test_about_us_skills_are_the_companys_not_the_roles(local_extractor: LocalExtractor, next_heading: str) -> None:
    text = (f"About us\nWe build a travel app used by millions: our iOS and Android apps are loved by travellers.\n\n"
            f"{next_heading}\n- Build APIs in Python and Django backed by PostgreSQL\n")
    result = local_extractor.extract("Backend Engineer", text)
    slugs = {s.slug for s in result.skills}
    assert {"python", "django", "postgresql"} <= slugs  # the next heading ends the about-us section
    assert not slugs & {"ios", "android", "ios-development", "android-development"}
    assert {e["reason"] for e in result.excluded} == {"the company's, in its about-us section"}
    asked = local_extractor.extract("Mobile Engineer",
                                    "Requirements\n- Swift and Kotlin for our iOS and Android apps\n")
    assert {"swift", "kotlin"} <= {s.slug for s in asked.skills}


@pytest.mark.parametrize(
    "description",
    [
        # from HTML a paragraph is a line: the opening one ends at its line, not at the next heading
        "<p>Quillguard finds bugs in code: it comments on pull requests in SonarQube and Checkmarx.</p>"
        "<p>We are 95 people.</p><h2>About the role</h2><p>You will write Go and PostgreSQL.</p>",
        # the title again and a line of facts come first; the paragraph that opens on the company is its blurb
        "# Backend Engineer\n\n**Cohortly** | Remote (EU) | €90k\n\nCohortly is product analytics: drop in our SDK or "
        "sync events from Checkmarx and SonarQube.\n\n## What you'll do\n\n- Write Go and PostgreSQL\n",
    ],
)
def test_the_opening_blurb_is_the_companys(local_extractor: LocalExtractor, description: str) -> None:
    slugs = {s.slug for s in local_extractor.extract("Backend Engineer", description).skills}
    assert {"go", "postgresql"} <= slugs
    assert not slugs & {"sonarqube", "checkmarx"}


@pytest.mark.parametrize(
    "text",
    [
        # after the title's lines only a paragraph that opens on the company is its blurb: "Need a ..." is the job
        "Fixed price: $300 | Expert | 7 days\n\nNeed a Python script that scrapes sites with Scrapy.\n\nNo Selenium.\n",
        # in plain text a line is no paragraph of its own
        "Must know: Python, Scrapy.\nYou won't need Selenium.\n",
    ],
)
def test_an_opening_that_is_the_job_is_asked(local_extractor: LocalExtractor, text: str) -> None:
    assert {"python", "scrapy"} <= {s.slug for s in local_extractor.extract("Python scraper", text).skills}


@pytest.mark.parametrize(
    ("text", "found", "not_found"),
    [
        ("Strong AWS: EKS, IAM, VPC networking, RDS.", "amazon-vpc", "vpc"),  # the vendor's service, after the vendor
        ("You will design the VPC layout.", "vpc", "amazon-vpc"),
        ("Expert in Kotlin, Coroutines and Flow.", "kotlin-flow", None),
        ("Minimum 8 years of SAP FI/CO experience.", "sap-co", "sap-fico"),  # two modules, as they are written
        ("SAP ABAP developer: S/4HANA, SAP MM and SAP Gateway, in an SAP Gold Partner.", "sap-mm", "sap"),
        ("You will run our SAP landscape.", "sap", None),  # no product named: the vendor's name is what it asks
        ("Today: Postgres on Aurora, Kafka on MSK, EKS on AWS.", "amazon-msk", None),  # an acronym before the vendor
        ("Run the workers on Google Cloud.", "gcp", "google-cloud-run"),  # not an ordinary word before it
        ("Firebase (Firestore, Cloud Messaging, Auth).", "firebase-authentication", None),  # from an alias
        ("Our Microsoft 365 tenant (Intune, Exchange Online, Teams, SharePoint).", "microsoft-teams", None),
        ("Entra ID (Conditional Access, PIM) in our Microsoft 365 tenant.", "microsoft-entra-id", "microsoft-access"),
        ("Run Grafana, Mimir (metrics), Loki (logs) and Tempo (traces).", "grafana-tempo", None),
        ("ServiceNow Developer (ITSM / ITOM), 6 months.", "servicenow-itsm", None),
        ("Experience with an ITSM tool to log incidents (ServiceNow preferred).", "servicenow", "servicenow-itsm"),
        ("Observability is Grafana Cloud.", "grafana-labs-grafana-cloud", None),  # the full name after the vendor
        # Salesforce's own languages make a Salesforce sentence
        ("Build features with Apex, Lightning Web Components and Flow.", "salesforce-flow", "salesforce-lightning"),
    ],
)
def test_vendor_names_and_products(
    local_extractor: LocalExtractor, text: str, found: str, not_found: str | None
) -> None:
    """A vendor's short names after the vendor; a vendor's own name (``umbrella``) yields to its products."""
    result = local_extractor.extract("", text)
    slugs = {s.slug for s in result.skills}
    assert found in slugs, text
    if not_found is not None:
        assert not_found not in slugs, text
    if not_found == "sap":
        assert any(e["slug"] == "sap" and "products are named" in str(e["reason"]) for e in result.excluded)


@pytest.mark.parametrize(("text", "slugs"), [
    ("Skills: HTML/CSS/JS.", {"html", "css", "javascript"}),
    ("AWS (ECS on Fargate, RDS for PostgreSQL, ElastiCache Redis)", {"amazon-rds", "postgresql"}),
    ("Aurora PostgreSQL connection exhaustion is our most common incident.", {"amazon-aurora", "postgresql"}),
    ("Stack: Go, gRPC/protobuf, PG, Redis, k8s on GCP.", {"postgresql", "redis"}),
    # a possessive hides no name; "Let's Encrypt" keeps its own
    ("Good knowledge of Android Studio\u2019s profiler and Kubernetes's scheduler.", {"android-studio", "kubernetes"}),
])
def test_a_compound_name_names_each_part(local_extractor: LocalExtractor, text: str, slugs: set[str]) -> None:
    """"HTML/CSS/JS" asks for three technologies; "RDS for PostgreSQL" for the service and the engine."""
    assert slugs <= {s.slug for s in local_extractor.extract("", text).skills}


def test_a_platform_in_the_title_licenses_its_short_names(local_extractor: LocalExtractor) -> None:
    """"ServiceNow Administrator": the posting's CMDB and ATF are ServiceNow's; another title names neither."""
    body = "You will keep the CMDB healthy and write ATF tests for our releases. We ship weekly."
    assert {"servicenow-cmdb", "servicenow-atf"} <= {
        s.slug for s in local_extractor.extract("ServiceNow Administrator", body).skills}
    assert not {"servicenow-cmdb", "servicenow-atf"} & {
        s.slug for s in local_extractor.extract("IT Operations Administrator", body).skills}


def test_another_teams_row_of_a_team_map_is_not_asked(local_extractor: LocalExtractor) -> None:
    title = "Senior Frontend Engineer, Clinician Experience"
    table = (
        "| Team | Owns | Stack |\n|---|---|---|\n"
        "| Clinician Experience | the web app clinicians use | React, TypeScript |\n"
        "| Patient Apps | the apps for patients | React Native, Expo |\n"
    )
    result = local_extractor.extract(title, table)
    slugs = {s.slug for s in result.skills}
    assert {"react", "typescript"} <= slugs and not {"react-native", "expo-react-native"} & slugs
    other_rows = {e["slug"] for e in result.excluded if e["reason"] == ANOTHER_TEAMS_ROW}
    assert {"react-native", "expo-react-native"} <= other_rows
    # a table that says row by row what the candidate does is no team map
    involved = table.replace("| Team | Owns | Stack |", "| Team | Your involvement | Stack |")
    assert ANOTHER_TEAMS_ROW not in {e["reason"] for e in local_extractor.extract(title, involved).excluded}
    # "Who owns it" is an owner column too; a row owned by "**Us**", "Everyone" or "Each product team" is the role's
    owners = (
        "| Layer | What we use | Who owns it |\n|---|---|---|\n"
        "| Portal | React, TypeScript | **Us** |\n| Tracing | OpenTelemetry | Everyone |\n"
        "| Services | Go | Each product team |\n| CRM | Salesforce Health Cloud | Member Operations |\n"
    )
    slugs = {s.slug for s in local_extractor.extract("Full-Stack Engineer", owners).skills}
    assert {"react", "typescript", "opentelemetry", "go"} <= slugs and "salesforce-health-cloud" not in slugs
    shared = owners.replace("| Who owns it |", "| Notes |")
    assert "salesforce-health-cloud" in {s.slug for s in local_extractor.extract("Full-Stack Engineer", shared).skills}


def test_other_teams_blocks_of_a_team_map_are_not_asked(local_extractor: LocalExtractor) -> None:
    """Team blocks, one of them the role's ("Infrastructure (you + 4)"): the other teams' stacks are theirs, and the
    first heading after the map ends it."""
    text = (
        "## Who owns what\n\n**Infrastructure (you + 4)**\n- EKS clusters with Karpenter\n\n"
        "**Developer Experience (3)**\n- GitHub Actions runners\n- Backstage catalog\n\n"
        "**Data (5)**\n- Snowflake and Airflow\n\n## What you will do\n- Write Go where it helps.\n"
    )
    result = local_extractor.extract("Staff Engineer, Infrastructure", text)
    slugs = {s.slug for s in result.skills}
    assert {"karpenter", "go"} <= slugs and not {"github-actions", "backstage-io", "snowflake", "airflow"} & slugs
    assert "snowflake" in {e["slug"] for e in result.excluded}
    # without a block marked as the role's, the blocks are no map of other teams
    unmarked = text.replace("(you + 4)", "(4)")
    assert {"github-actions", "snowflake"} <= {s.slug for s in local_extractor.extract("", unmarked).skills}


@pytest.mark.parametrize(("text", "slug"), [
    ("Our dashboards are built in Mode, and you will write the SQL behind them.", "mode-analytics"),  # "X Analytics"
    ("Test reports with Allure; test cases in Jira with Xray.", "allure-report"),
    ("Terraform applied through Atlantis, with Argo CD for the clusters.", "runatlantis"),  # "Atlantis (Terraform)"
    ("Pipelines in Apache Kafka and NiFi, analysis in Python with xarray.", "apache-nifi"),  # "apache-nifi" tag
    ("Pipelines in Apache Kafka and NiFi, analysis in Python with xarray.", "python-xarray"),
])
def test_a_product_answers_to_its_short_name(local_extractor: LocalExtractor, text: str, slug: str) -> None:
    """Postings write "Mode", "Allure", "Atlantis", "NiFi", "xarray" for Mode Analytics, Allure Report, Atlantis
    (Terraform), Apache NiFi and Python Xarray."""
    assert slug in {s.slug for s in local_extractor.extract("", text).skills}


def test_a_label_with_its_value_is_no_heading(local_extractor: LocalExtractor) -> None:
    """"Interview: Video" opens no hiring section: the must-haves after it are asked."""
    text = "Role: DevOps Engineer\nInterview: Video\nMust have: AWS, Terraform, Kubernetes and Helm\n"
    assert {"terraform", "kubernetes", "helm"} <= {s.slug for s in local_extractor.extract("", text).skills}
    hiring = "Interview process:\nA video call over Microsoft Teams, then a take-home.\n"
    assert "microsoft-teams" not in {s.slug for s in local_extractor.extract("", hiring).skills}


def _asked(extractor: LocalExtractor, title: str, description: str) -> set[str | None]:
    """The slugs ``extract`` keeps for a posting: what it asks of the candidate."""
    return {s.slug for s in extractor.extract(title, description).skills}


def test_a_line_labelled_as_not_needed_and_what_ends_a_not_needed_section(local_extractor: LocalExtractor) -> None:
    """"What you won't do: … C++ …" is not asked to the end of its line; a labelled line of the role's tools and a
    heading of the stack end a not-needed section; a denial in it denies the opening blurb's mention too."""
    asked = partial(_asked, local_extractor, "Platform Engineer")

    won_t = ("You have\n- Kubernetes and Terraform\nWhat you won't do: write trading code. Our strategies are C++.\n"
             "- Python for tooling\n")
    assert {"kubernetes", "python"} <= asked(won_t) and "cpp" not in asked(won_t)
    assert "cpp" in asked(won_t.replace("What you won't do: write", "What you will do: write"))
    tools = "Not required\nFinacle knowledge is not needed.\n\nTools you'll use day-to-day: Jira, Bitbucket.\n"
    assert "jira" in asked(tools)
    assert "jira" not in asked(tools.replace("Tools you'll use day-to-day:", "Also:"))
    stack = "What you won't be doing\nYou won't build dashboards.\n\nOur stack, in one line\nArgo CD and Datadog.\n"
    assert "datadog" in asked(stack)
    assert "datadog" not in asked(stack.replace("Our stack, in one line", "And also"))
    wider = "About you\n- Swift and SwiftUI\n\nOur wider stack, for context\nBackend: Go and Kafka on GCP.\n"
    assert "go" not in asked(wider)
    assert "go" in asked(wider.replace("Our wider stack, for context", "Our stack"))
    not_part = "About you\n- SQL and PL/SQL\n\n### What isn't part of this job\nFinance is evaluating NetSuite.\n"
    assert "netsuite" not in asked(not_part)
    assert "netsuite" in asked(not_part.replace("What isn't part of this job", "What is part of this job"))
    bold = "About you\n- Postfix and DNS\n\n**Not needed:** Amazon Seller Central. Ops owns it.\n"
    assert "amazon-seller-central" not in asked(bold)
    assert "amazon-seller-central" in asked(bold.replace("**Not needed:**", "**Nice to have:**"))
    topic = ("What you won't need\nCustomers run dSPACE rigs; you don't need them.\n\nHow we work\n"
             "Self-hosted GitLab for code.\n")
    assert "gitlab" in asked(topic)
    assert "gitlab" not in asked(topic.replace("How we work", "And also"))
    blurb = ("Many of our customers send marketing email through Mailchimp.\n\nAbout you\n- Postfix and DNS\n"
             "Not needed: experience with Mailchimp.\n")
    assert "mailchimp" not in asked(blurb)
    assert "mailchimp" in asked(blurb.replace("Not needed: experience with Mailchimp.", "Nice: Mailchimp."))


def test_a_short_list_item_does_not_end_the_about_us_section(local_extractor: LocalExtractor) -> None:
    """A list item of eight words is no heading: the company's other projects stay the company's to the list's end;
    a mission heading over what the candidate will do is the role's."""
    projects = ("<h3>Other work happening at Meridian</h3><ul><li>A checkout rebuild for a grocer, in Go</li>"
                "<li>A Snowflake-based data platform for a logistics scale-up</li>"
                "<li>A GOV.UK service for a department, built in Ruby on Rails</li></ul>"
                "<h3>What you bring</h3><ul><li>Java and Kafka</li></ul>")
    slugs = {s.slug for s in local_extractor.extract("Java Engineer", projects).skills}
    assert {"java", "kafka"} <= slugs and not {"go", "snowflake", "rails"} & slugs
    # "The mission" over "You will join …" is the role's (over "We help teams ship" the company's: the test above)
    mission = "## The mission\n\nYou will join the squad. Concretely:\n\n- Integrate the mockups made in **Figma**\n"
    assert "figma" in {s.slug for s in local_extractor.extract("Frontend Developer", mission).skills}


def test_a_retirement_in_an_aside_and_what_replaces_what_is_retired(local_extractor: LocalExtractor) -> None:
    """"(we moved everything off Process Builder last year)" is an aside of its own inside a bullet of the candidate's
    work; "retiring TrackWise as part of the Veeva rollout" retires TrackWise, not Veeva."""
    asked = partial(_asked, local_extractor, "Salesforce Administrator")

    aside = "- Build and maintain automation in Flow (we moved everything off Process Builder last year)."
    assert "salesforce-flow" in asked(aside) and "salesforce-process-builder" not in asked(aside)
    assert "salesforce-process-builder" in asked(aside.replace("moved everything off", "still run"))
    rollout = "We're retiring TrackWise as part of the Veeva rollout."
    assert "veeva-vault" in asked(rollout) and "sparta-systems-trackwise" not in asked(rollout)
    assert "sparta-systems-trackwise" in asked(rollout.replace("We're retiring", "We're extending"))


def test_a_negation_reaches_back_over_its_paragraph(local_extractor: LocalExtractor) -> None:
    """"… a possible transition to Epic in 2027. Epic experience is not required": the earlier sentence, which does not
    address the candidate, is denied too; a negation that turns ("… but you must be able to read it") is not."""
    asked = partial(_asked, local_extractor, "Clinical Applications Analyst")

    epic = ("QUALIFICATIONS\n- SQL and Cerner PowerChart\n\nThe health system has begun evaluating a possible "
            "transition to Epic in 2027. Epic experience is not required for this position.\n")
    assert "epic-ehr" not in asked(epic)
    assert "epic-ehr" in asked(epic.replace("is not required for this position", "is a plus"))
    cobol = ("Mandatory skills\n- Ability to read COBOL and JCL comfortably. You will not be writing new COBOL, but "
             "you must be able to trace logic through a program.\n")
    assert "cobol" in asked(cobol)
