"""The local extractor on tricky texts: ambiguous words used both ways, HTML, empty input, levels, offsets."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from jobsearch_pipelines.lib.skills import local as local_module
from jobsearch_pipelines.lib.skills.local import RULE_MODULES, LocalExtractor, rules_digest
from jobsearch_pipelines.lib.skills.text import job_text, source_text

# (ambiguous skill slug, sentence naming the skill, sentence using the word in its ordinary sense)
BOTH_WAYS = [
    (
        "go",
        "You will write backend services in Go that run on Kubernetes.",
        "We go to great lengths to support our customers.",
    ),
    ("go", "You have 3+ years of experience with Go.", "Let's go beyond the obvious and ship it."),
    (
        "rust",
        "Experience with Rust or C++ for performance-critical code.",
        "The factory fought rust on the old machines.",
    ),
    ("swift", "Build our iOS app in Swift and SwiftUI.", "We value a swift response to customer tickets."),
    ("spark", "Build data pipelines with Spark and Airflow.", "We want to spark curiosity in every learner."),
    ("react", "Our frontend is built with React and TypeScript.", "You react quickly to incidents and stay calm."),
    (
        "excel",
        "Advanced Excel skills, including pivot tables.",
        "You will excel at building relationships with partners.",
    ),
    ("java", "Strong knowledge of Java and Spring Boot.", "We start each day with a cup of java in the office."),
    ("express", "REST APIs built with Node.js and Express.", "Feel free to express your ideas in meetings."),
    ("spring", "Experience with Java and Spring is required.", "Our team offsite takes place in spring 2026."),
    ("rest-api", "You design REST APIs used by partners.", "Take the rest of the day off after a release."),
    ("nextjs", "We build our storefront with React and Next.js.", "The next step is a call with the hiring manager."),
    ("flask", "Python web services with Flask or FastAPI.", "Bring a flask of coffee to the hackathon."),
    ("polish", "Fluent Polish and English are required.", "You polish the user interface until it shines."),
    ("swift", "Swift and Objective-C experience for our iOS app.", "SWIFT payments and ISO 20022 messaging."),
    ("r-language", "Experience with R and Python for statistics.", "Our R&D team is based in Berlin."),
    ("c-language", "C/C++ programming for embedded systems.", "Plan C is not an option."),
    ("bash", "Shell scripting and Linux administration.", "Shell is an energy company."),
    ("helm", "Deploy services with Helm charts on Kubernetes.", "Take the helm of our product strategy."),
    ("slack", "We use Slack and Jira daily.", "There is some slack in the schedule."),
    ("agile", "Lean and Agile methodologies.", "A lean team that moves quickly."),
    ("go", "Go is our main backend language.", "We are ready to go live next quarter."),
    ("rest-assured", "API tests with REST Assured and TestNG.", "Rest assured that our interview process is short."),
    ("crystal-lang", "Services written in Crystal and Ruby.", "Crystal clear written communication is a must."),
    ("julia", "Numerical work in Julia and Python.", "You'll work with Julia, our editor-in-chief, on the redesign."),
    ("phoenix-framework", "Build features with Elixir and Phoenix.", "We started in an office in Phoenix, Arizona."),
    ("airflow", "Orchestrate pipelines with Airflow and dbt.", "A sunny office with great airflow and a rooftop."),
    ("salesforce-flow", "Automate approvals with Salesforce Flow and Apex.",
     "You own the flow of worker data between Workday and our payroll partners."),
    ("r-language", "Strong R or Python skills for pricing models.", "Two years of P&C reinsurance and R&D work."),
    ("swift", "Build features in Swift for our iOS app.", "Answer map requests with swift, accurate turnaround."),
    ("unity", "Build gameplay systems in Unity and C#.", "Animate titles in After Effects, keeping visual unity."),
    ("hive", "Query the warehouse with Hive and Presto.", "Our SOC is a hive of activity around the clock."),
    ("maven", "Builds with Maven and Jenkins for our Java services.", "You're a typography maven with a sharp eye."),
    ("rust", "Systems programming in Rust and C++.", "We don't let dashboards gather rust."),
    ("jenkins", "Build pipelines in Jenkins.", "You'll pair with Sam Jenkins, our lead server engineer."),
    ("django", "Build APIs with Django.", "Our CEO's dog, Django, attends every all-hands."),
    ("autocad", "Draft layouts in AutoCAD.", "Salary: USD 135,000 or CAD 150,000, plus stock options."),
    ("ray-framework", "Scale training jobs with Ray and PyTorch.",
     "You will join the search team, led by Ray Okafor, and ship models with PyTorch."),
    ("finch-elixir", "HTTP clients in Elixir: Finch and Req.", "Harlow & Finch is an Elixir consultancy."),
    ("python-requests", "Python with Requests and httpx for API clients.",
     "Python and Git; you will review pull requests and answer data requests."),
    ("rails", "Backend in Ruby and Rails.", "Integrate the ledger with our payment rails (Bacs, CHAPS)."),
    # "or a similar <kind>" says the word before is a product of that kind
    ("airflow", "- Airflow or a similar orchestrator for training pipelines",
     "- Airflow or heat modelling for the data centre"),
    # a name in its own casing with a descriptive suffix, or after a label that asks for it
    ("qt-framework", "* Qt-based UIs (PySide6) that look the same across DCCs",
     "* qt-based measures that look the same across DCCs"),
    ("rust", "<p><b>Bonus:</b> Rust (a couple of hot-path services), previous work on game backends.</p>",
     "<p><b>Also:</b> Rust (a couple of hot-path services), previous work on game backends.</p>"),
    # a company's name, a maker's product, a document's number, a law
    ("harbor-registry", "Images live in Harbor and Artifactory.", "**Pixel Harbor Games** · Montréal · Remote"),
    ("epic-ehr", "Epic and Cerner integrations for our hospital clients.",
     "Shipping on PC (Steam, Epic Games Store) and consoles."),
    ("epic-ehr", "Epic's Clarity reports and Epic interfaces for our hospital clients.",
     "Nice to have: Epic's Horde, which we're trialling."),
    ("rust", "Async services built on Rust's Tokio runtime.", "Remove the rust stains from the old car."),
    ("rfc", "Experience with RFC and gRPC.", "You know RFC 3261 and SIP beyond the diagrams."),
    ("typescript", "Frontend in TS and React.", "Knowledge of the 5G System architecture (TS 23.501/502)."),
    ("act", "Contacts are kept in ACT! and Act CRM.", "Obligations under the Ontarians with Disabilities Act (AODA)."),
    # "and REST/SOAP": listed with another technology, not "rest" after "and"
    ("rest-api", "Integrations through IntegrationHub and REST/SOAP web services.",
     "Integrations through IntegrationHub and rest of the web services."),
    # "Celery tasks", "Celery workers": a task queue's own nouns
    ("celery", "Write and tune Celery tasks for clip processing.", "Tune celery soup recipes for the canteen."),
    ("harbor-registry", "Images live in Harbor and Artifactory.",
     "Interfaces between Harbor Valley Health System applications and external partners."),
    ("hugo-ssg", "Static sites built with Hugo and Netlify.", "Interview with Hugo, EM Search (45 min)."),
    # the plural of another acronym is not the product whose name ends in S
    ("sops", "Secrets are encrypted with SOPS and age.", "Production experience with Houdini (SOPs, HDAs)."),
    # a language in its own casing as what one reads or writes
    ("c-language", "- The ability to read C. Vendor SDKs are still C.",
     "- The ability to reach grade C. Grades are fine."),
    ("c-language", "- You can read C and write Rust.", "- You can read a C grade as a pass."),
]


def _slugs(extractor: LocalExtractor, title: str, description: str | None) -> set[str | None]:
    return {s.slug for s in extractor.extract(title, description).skills}


@pytest.mark.parametrize(
    ("slug", "skill_use", "ordinary_use"), BOTH_WAYS, ids=[f"{c[0]}-{i}" for i, c in enumerate(BOTH_WAYS)]
)
def test_ambiguous_words_both_ways(
    local_extractor: LocalExtractor, slug: str, skill_use: str, ordinary_use: str
) -> None:
    assert slug in _slugs(local_extractor, "", skill_use), skill_use
    assert slug not in _slugs(local_extractor, "", ordinary_use), ordinary_use


def test_mentions_point_into_the_callers_text(local_extractor: LocalExtractor) -> None:
    title = "Senior Go Engineer"
    html = "<h2>Requirements</h2><ul><li>5+ years with <b>Go</b> &amp; PostgreSQL</li><li>Kubernetes</li></ul>"
    result = local_extractor.extract(title, html)
    assert job_text(title, html).startswith("Senior Go Engineer\n\nRequirements\n- 5+ years with Go & PostgreSQL")
    text = source_text(title, html)
    assert text == title + "\n\n" + html
    assert {s.slug for s in result.skills} >= {"go", "postgresql", "kubernetes"}
    for skill in result.skills:
        assert skill.mentions
        for mention in skill.mentions:
            assert text[mention.start : mention.end] == mention.text
    go = next(s for s in result.skills if s.slug == "go")
    assert [m.start for m in go.mentions] == [7, text.index("Go</b>")]


def test_levels_from_sections_and_cue_words(local_extractor: LocalExtractor) -> None:
    html = (
        "<p>About us: we are a SaaS company.</p>"
        "<h3>What you'll do</h3><ul><li>Maintain services that use Redis.</li></ul>"
        "<h3>Requirements</h3><ul><li>Python and PostgreSQL</li><li>Experience with Terraform is a plus</li></ul>"
        "<h3>Nice to have</h3><ul><li>Kafka</li></ul>"
    )
    levels = {s.slug: s.level for s in local_extractor.extract("Backend Engineer", html).skills}
    assert levels["python"] == "required"
    assert levels["postgresql"] == "required"
    assert levels["terraform"] == "preferred"  # the cue wins over the section
    assert levels["kafka"] == "preferred"
    assert levels["redis"] == "nice"
    # headings with a typographic apostrophe (&#8217;) and in other words: "You’ll likely have" asks
    curly = ("<p>About us.</p><h2>What you&#8217;ll work on</h2><ul><li>Grafana</li></ul>"
             "<h2>You&#8217;ll likely have</h2><ul><li>Terraform</li></ul>")
    levels = {s.slug: s.level for s in local_extractor.extract("Site Reliability Engineer", curly).skills}
    assert levels["terraform"] == "required" and levels["grafana"] == "nice"


def test_empty_and_missing_description(local_extractor: LocalExtractor) -> None:
    assert local_extractor.extract("", None).skills == []
    assert local_extractor.extract(None, "").skills == []
    assert local_extractor.extract("   ", "<p>  </p>").skills == []
    title_only = local_extractor.extract("Python Developer", None)
    assert [s.slug for s in title_only.skills] == ["python"]
    assert title_only.skills[0].level == "required"


def test_html_is_converted_not_matched_as_markup(local_extractor: LocalExtractor) -> None:
    html = (
        '<div class="go react"><script>var java = 1;</script><p>We use <a href="https://go.dev">Golang</a>'
        "</p><p>&lt;b&gt;escaped&lt;/b&gt; and C&#35; too.</p></div>"
    )
    result = local_extractor.extract("Engineer", html)
    slugs = {s.slug for s in result.skills}
    assert slugs == {"go", "csharp"}
    assert "var java" not in job_text("Engineer", html)


def test_escaped_html_from_ats_apis(local_extractor: LocalExtractor) -> None:
    escaped = "&lt;ul&gt;&lt;li&gt;Docker &amp;amp; Kubernetes&lt;/li&gt;&lt;/ul&gt;"
    text = job_text("", escaped)
    assert "<" not in text and "Docker & Kubernetes" in text
    assert {s.slug for s in local_extractor.extract("", escaped).skills} == {"docker", "kubernetes"}


def test_at_most_max_skills_and_one_entry_per_skill() -> None:
    extractor = LocalExtractor(max_skills=5)
    text = "Python, Java, Go, Rust, Kotlin, Scala, Ruby, PHP, Python, Docker, Kubernetes, Terraform, AWS."
    result = extractor.extract("Polyglot", text)
    assert len(result.skills) == 5
    assert len({s.slug for s in result.skills}) == 5


def test_version_names_rules_taxonomy_and_model(local_extractor: LocalExtractor, tmp_path: Path) -> None:
    assert local_extractor.version.startswith(f"local-v3:{rules_digest()}:")
    assert len(local_extractor.version.split(":")) == 6  # rules' code, taxonomy, CRF model, asked model, span mapper
    assert len(local_extractor.version) <= 64  # job_skill_extractions.extractor_version
    # a change to a rule module's code is a new version: stored extractions are redone, cached ones not reused
    for name in RULE_MODULES:
        shutil.copy(Path(local_module.__file__).parent / f"{name}.py", tmp_path / f"{name}.py")
    assert rules_digest(tmp_path) == rules_digest()
    (tmp_path / "scope.py").write_text((tmp_path / "scope.py").read_text() + "\n# a new rule\n")
    assert rules_digest(tmp_path) != rules_digest()


def test_rule_modules_hold_every_skills_module_extract_imports() -> None:
    """``RULE_MODULES`` is closed under imports: a rule moved into a new module cannot escape the version."""
    folder = Path(local_module.__file__).parent
    package = "jobsearch_pipelines.lib.skills."
    for name in RULE_MODULES:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        missing = {m.removeprefix(package) for m in imported if m.startswith(package)} - set(RULE_MODULES)
        assert not missing, f"{name}.py imports {missing}, which RULE_MODULES lacks"


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("Own our AWS data infrastructure (S3, Lambda, Glue, IAM) in Terraform.",
         {"AWS Lambda", "AWS Glue", "AWS IAM", "Amazon S3"}, {"Identity and Access Management"}),
        ("Experience with Firebase (Crashlytics, Remote Config, Cloud Messaging).",
         {"Firebase Remote Config", "Firebase Cloud Messaging"}, set()),
        ("Google Cloud Platform (Cloud Storage, Cloud Run) for our services.",
         {"Google Cloud Storage", "Google Cloud Run"}, set()),
        # no vendor before it, or not the service's own casing: ordinary words
        ("You will run our services on Google Cloud and keep files in cloud storage.", {"Google Cloud Platform"},
         {"Google Cloud Storage", "Google Cloud Run"}),
        ("Glue code in Python keeps the Storage service running.", {"Python"}, {"AWS Glue", "Google Cloud Storage"}),
        ("Identity and access management (IAM) experience.", {"Identity and Access Management"}, {"AWS IAM"}),
        # the parts of a product named before them are that product as postings list it; a platform's services not
        ("CI/CD in Azure DevOps (Repos, Pipelines, Boards) on Azure.", {"Azure DevOps"},
         {"Azure Repos", "Azure Pipelines", "Azure Boards"}),
        ("CI/CD on Azure: Repos and Pipelines in one place.", {"Azure Repos", "Azure Pipelines"}, set()),
        # a service only one cloud sells names the cloud
        ("DynamoDB, Kinesis, Lambda and IAM knowledge is essential.", {"AWS Lambda", "AWS IAM"}, set()),
        ("Lambda calculus and IAM policies are essential.", set(), {"AWS Lambda", "AWS IAM"}),
        ("Solid experience with Java 17+ and Spring (Boot, Batch).", {"Spring Boot", "Spring Batch"}, set()),
        ("Solid experience with Java 17+. Boot camps and Batch jobs welcome.", set(), {"Spring Boot", "Spring Batch"}),
    ],
)
def test_vendor_services_by_short_name_only_in_the_vendors_context(
    local_extractor: LocalExtractor, text: str, expected: set[str], absent: set[str]
) -> None:
    names = {s.name for s in local_extractor.extract("", text).skills}
    assert expected <= names, names
    assert not names & absent, names


def test_a_technology_before_a_descriptive_suffix(local_extractor: LocalExtractor) -> None:
    text = ("Deploy on our own Docker-based hosting and a Kubernetes-native platform with OpenAPI-generated clients; "
            "keep things state-based.")
    result = local_extractor.extract("", text)
    mentions = {s.slug: [m.text for m in s.mentions] for s in result.skills}
    assert mentions["docker"] == ["Docker-based"] and "kubernetes" in mentions and "swagger" in mentions
    assert all(text[m.start : m.end] == m.text for s in result.skills for m in s.mentions)


def test_unicode_hyphens_read_as_a_hyphen(local_extractor: LocalExtractor) -> None:
    html = "<ul><li>Layouts to IPC&#8209;2221, IPC\u20107351 and IPC‑7351 with Altium Designer</li></ul>"
    result = local_extractor.extract("PCB Designer", html)
    slugs = {s.slug for s in result.skills}
    assert {"ipc-2221", "ipc-7351", "altium-designer"} <= slugs
    assert "IPC\u20107351" in [m.text for s in result.skills for m in s.mentions]
    text = source_text("PCB Designer", html)
    assert all(text[m.start : m.end] == m.text for s in result.skills for m in s.mentions)


@pytest.mark.parametrize(
    "role",
    [
        "We have Mid-Level or Senior Java Developer positions available.",
        "We are looking for a dedicated Senior BPMN Camunda Java Developer with permanent employment.",
        "Our Java Practice has delivered projects for banks since 2009.",
    ],
)
def test_a_technology_naming_a_role_is_not_a_mention(local_extractor: LocalExtractor, role: str) -> None:
    """SkillSpan marks no skill in a role's name; the title and a sentence asking for the skill still count."""
    assert "java" not in _slugs(local_extractor, "", role)
    assert "java" in _slugs(local_extractor, "Senior Java Developer", role)
    assert "java" in _slugs(local_extractor, "", role + " You have 3+ years of experience with Java and Spring.")
