"""The pure normalisers: HTML to text, locations to countries/workplace, salary text, seniority, dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.geo import country_codes, normalize_workplace, workplace_from_text
from jobsearch_pipelines.lib.ingestion.text import html_to_text


def test_html_to_text_unescapes_once_and_keeps_structure() -> None:
    escaped = "&lt;p&gt;You know SQL &amp;amp; dbt&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Python&lt;/li&gt;&lt;/ul&gt;"
    assert html_to_text(escaped) == "You know SQL & dbt\n- Python"
    assert html_to_text("<p>Tom &amp; Jerry</p><script>alert(1)</script><br/>a&nbsp;b") == "Tom & Jerry\na b"
    assert html_to_text("<p>x &lt;b&gt; y</p>") == "x <b> y"  # literal text stays literal
    assert html_to_text("<P>One<BR>two</P><UL><LI>a</LI></UL><TABLE><TR><TD>x</TD><TD>y</TD></TR></TABLE>") == (
        "One\ntwo\n- a\nx y")
    assert html_to_text("<!-- hidden --><style>p {color: red}</style><p>shown&#8482;</p>") == "shown™"
    assert html_to_text(None) is None


@pytest.mark.parametrize(("location", "codes", "workplace"), [
    ("Remote - United States", ["US"], "remote"),
    ("Hybrid - NYC", ["US"], "hybrid"),
    ("Berlin, DE", ["DE"], None),
    ("Wilmington, DE", ["US"], None),
    ("San Francisco, CA", ["US"], None),
    ("Toronto, ON", ["CA"], None),
    ("London, UK", ["GB"], None),
    ("Remote (EU)", [], "remote"),
    ("Lisbon or Porto, Portugal", ["PT"], None),
    ("München, Bayern, Deutschland", ["DE"], None),
    ("On-site - Paris, France", ["FR"], "onsite"),
])
def test_locations(location: str, codes: list[str], workplace: str | None) -> None:
    assert country_codes([location]) == codes
    assert workplace_from_text(location) == workplace


def test_structured_country_wins_and_workplace_enums() -> None:
    assert country_codes(["Anywhere"], ["de", "Germany", None]) == ["DE"]
    assert [normalize_workplace(v) for v in ("OnSite", "on-site", "onsite", "on_site", "Remote", "Hybrid",
                                             "unspecified", None)] == [
        "onsite", "onsite", "onsite", "onsite", "remote", "hybrid", None, None]


@pytest.mark.parametrize(("text", "expected"), [
    ("The salary range is $120,000 - $150,000 per year.", (120000, 150000, "USD", "year")),
    ("€70K – €90K + equity", (70000, 90000, "EUR", "year")),
    ("Pay: 70 - 90k EUR", (70000, 90000, "EUR", "year")),
    ("£55,000 to £65,000 a year", (55000, 65000, "GBP", "year")),
    ("$45 - $60 per hour", (45, 60, "USD", "hour")),
    ("EUR 4.500 - 5.500 per month", (4500, 5500, "EUR", "month")),
    ("CAD 140,000 - CAD 170,000", (140000, 170000, "CAD", "year")),
    ("We were founded 2015 - 2016 and have 3 - 5 teams", None),
    ("3 - 5 years of experience, $ bonus", None),
])
def test_salary_from_text(text: str, expected: tuple | None) -> None:
    assert f.salary_from_text(text) == expected


@pytest.mark.parametrize(("title", "level", "expected"), [
    ("Senior Data Engineer", None, "senior"), ("Sr. Backend Engineer", None, "senior"),
    ("Staff Software Engineer", None, "staff"), ("Principal Engineer", None, "principal"),
    ("Engineering Manager", None, "manager"), ("Head of Data", None, "executive"),
    ("VP Engineering", None, "executive"), ("Junior Developer", None, "junior"),
    ("Software Engineering Intern", None, "intern"), ("Backend Engineer", "Mid-Senior level", "senior"),
    ("Backend Engineer", "entry_level", "junior"), ("Backend Engineer", None, None),
    ("Software Engineer II", None, "mid"), ("Team Lead Platform", None, "lead"),
])
def test_seniority(title: str, level: str | None, expected: str | None) -> None:
    assert f.seniority(title, level) == expected


def test_employment_interval_and_times() -> None:
    assert [f.normalize_employment_type(v) for v in ("FullTime", "Full-time", "PartTime", "Intern", "Contract",
                                                     "Temporary", "permanent", "fulltime_permanent", "??")] == [
        "full_time", "full_time", "part_time", "internship", "contract", "temporary", "full_time", "full_time",
        None]
    assert [f.normalize_interval(v) for v in ("1 YEAR", "per-year-salary", "per-hour-wage", "month", "NONE")] == [
        "year", "year", "hour", "month", None]
    assert f.parse_time(1759312800000) == datetime(2025, 10, 1, 10, 0, tzinfo=UTC)
    assert f.parse_time("2026-10-01T10:00:00-04:00") == datetime(2026, 10, 1, 14, 0, tzinfo=UTC)
    assert f.parse_time("2024-01-10 10:00:00 UTC") == datetime(2024, 1, 10, 10, 0, tzinfo=UTC)
    assert f.parse_time("2026-10-02T09:12:00.000Z") == datetime(2026, 10, 2, 9, 12, tzinfo=UTC)
    assert f.parse_time("not a date") is None and f.parse_time(None) is None
