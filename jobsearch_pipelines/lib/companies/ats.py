"""Detect public ATS job boards (vendor + board token) linked or embedded in a page.

Vendors use the ingestion registry's names (``ats_boards.vendor``): greenhouse, lever, lever_eu, ashby, workable,
smartrecruiters, recruitee, personio, teamtailor, breezy, jazzhr, bamboohr, join, jobvite, homerun.
The raw HTML is scanned (not only ``<a href>``) so iframe/script embeds count too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from jobsearch_pipelines.lib.companies.models import BoardLink

_TOKEN = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,99})"
_SUB = r"([a-z0-9][a-z0-9-]{0,62})"

# (vendor, compiled pattern, canonical board URL template); group 1 is the token.
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("greenhouse", re.compile(r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/embed/job_board(?:/js)?\?for=" + _TOKEN,
                              re.I), "https://boards.greenhouse.io/{}"),
    ("greenhouse", re.compile(r"boards-api\.greenhouse\.io/v1/boards/" + _TOKEN, re.I),
     "https://boards.greenhouse.io/{}"),
    ("greenhouse", re.compile(r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/(?!embed\b)" + _TOKEN, re.I),
     "https://boards.greenhouse.io/{}"),
    ("lever_eu", re.compile(r"jobs\.eu\.lever\.co/" + _TOKEN, re.I), "https://jobs.eu.lever.co/{}"),
    ("lever_eu", re.compile(r"api\.eu\.lever\.co/v0/postings/" + _TOKEN, re.I), "https://jobs.eu.lever.co/{}"),
    ("lever", re.compile(r"jobs\.lever\.co/" + _TOKEN, re.I), "https://jobs.lever.co/{}"),
    ("lever", re.compile(r"api\.lever\.co/v0/postings/" + _TOKEN, re.I), "https://jobs.lever.co/{}"),
    ("ashby", re.compile(r"jobs\.ashbyhq\.com/" + _TOKEN, re.I), "https://jobs.ashbyhq.com/{}"),
    ("ashby", re.compile(r"api\.ashbyhq\.com/posting-api/job-board/" + _TOKEN, re.I), "https://jobs.ashbyhq.com/{}"),
    ("workable", re.compile(r"apply\.workable\.com/api/v\d/(?:widget/)?accounts/" + _TOKEN, re.I),
     "https://apply.workable.com/{}"),
    ("workable", re.compile(r"apply\.workable\.com/(?!api\b|j/)" + _TOKEN, re.I), "https://apply.workable.com/{}"),
    ("workable", re.compile(r"//" + _SUB + r"\.workable\.com\b", re.I), "https://apply.workable.com/{}"),
    ("smartrecruiters", re.compile(r"(?:jobs|careers)\.smartrecruiters\.com/" + _TOKEN, re.I),
     "https://jobs.smartrecruiters.com/{}"),
    ("smartrecruiters", re.compile(r"api\.smartrecruiters\.com/v1/companies/" + _TOKEN, re.I),
     "https://jobs.smartrecruiters.com/{}"),
    ("recruitee", re.compile(r"//" + _SUB + r"\.recruitee\.com\b", re.I), "https://{}.recruitee.com"),
    ("personio", re.compile(r"//" + _SUB + r"\.jobs\.personio\.(?:de|com)\b", re.I), "https://{}.jobs.personio.de"),
    ("teamtailor", re.compile(r"//" + _SUB + r"\.teamtailor\.com\b", re.I), "https://{}.teamtailor.com"),
    ("breezy", re.compile(r"//" + _SUB + r"\.breezy\.hr\b", re.I), "https://{}.breezy.hr"),
    ("jazzhr", re.compile(r"//" + _SUB + r"\.applytojob\.com\b", re.I), "https://{}.applytojob.com"),
    ("bamboohr", re.compile(r"//" + _SUB + r"\.bamboohr\.com/(?:careers|jobs)", re.I), "https://{}.bamboohr.com/careers"),
    ("join", re.compile(r"join\.com/companies/" + _TOKEN, re.I), "https://join.com/companies/{}"),
    ("join", re.compile(r"//" + _SUB + r"\.join\.com\b", re.I), "https://join.com/companies/{}"),  # career-page form
    ("jobvite", re.compile(r"jobs\.jobvite\.com/" + _TOKEN, re.I), "https://jobs.jobvite.com/{}"),
    ("homerun", re.compile(r"//" + _SUB + r"\.homerun\.co\b", re.I), "https://{}.homerun.co"),
]

# Path segments and sub-domains that are the vendor's own pages, not a customer's board.
_NOT_TOKENS = {
    "www", "api", "app", "apply", "jobs", "careers", "help", "support", "blog", "docs", "static", "assets", "cdn",
    "embed", "v0", "v1", "j", "status", "developers", "login", "signup", "privacy", "terms", "en", "de",
    "resources", "about", "pricing", "features", "partners", "customers", "company", "integrations", "demo",
    "boards", "job-boards", "webinars", "events", "press", "legal", "security", "my", "accounts", "search",
}
_CASE_KEPT = {"ashby", "smartrecruiters", "join", "jobvite"}
_ASSET_SUFFIX = re.compile(r"\.(?:js|css|png|jpe?g|gif|svg|ico|json|xml|woff2?)$", re.I)


def _clean_token(raw: str) -> str | None:
    token = raw.rstrip(".-_")
    if not token or token.lower() in _NOT_TOKENS or _ASSET_SUFFIX.search(token):
        return None
    return token


def _matches_near(pattern: re.Pattern[str], html: str, lowered: str, hint: str) -> list[re.Match[str]]:
    """Matches of ``pattern`` around the occurrences of ``hint`` (the whole page is far bigger than its links)."""
    matches: list[re.Match[str]] = []
    seen: set[int] = set()
    at = lowered.find(hint)
    while at >= 0 and len(seen) < 200:
        end = min(len(html), at + 400)
        for match in pattern.finditer(html, max(0, at - 120), end):
            if match.start() not in seen and (match.end() < end or end == len(html)):  # not cut by the window
                seen.add(match.start())
                matches.append(match)
        at = lowered.find(hint, at + 1)
    return matches


def find_boards(html: str) -> list[BoardLink]:
    """Every distinct (vendor, token) board referenced in ``html``, in order of first appearance."""
    found: dict[tuple[str, str], BoardLink] = {}
    lowered = html.lower()
    if not any(hint in lowered for hint in _HOST_HINTS):
        return []
    for vendor, pattern, template in _PATTERNS:
        hint = _VENDOR_HINTS[vendor]
        if hint not in lowered:
            continue
        for match in _matches_near(pattern, html, lowered, hint):
            token = _clean_token(match.group(1))
            if token is None:
                continue
            if vendor not in _CASE_KEPT:
                token = token.lower()
            key = (vendor, token.lower())
            if key not in found:
                found[key] = BoardLink(vendor=vendor, token=token, url=template.format(token))
    return list(found.values())


_HOST_HINTS = ("greenhouse.io", "lever.co", "ashbyhq.com", "workable.com", "smartrecruiters.com", "recruitee.com",
               "personio.", "teamtailor.com", "breezy.hr", "applytojob.com", "bamboohr.com", "join.com",
               "jobvite.com", "homerun.co")

_VENDOR_HINTS = {"greenhouse": "greenhouse.io", "lever": "lever.co", "lever_eu": "eu.lever.co", "ashby": "ashbyhq.com",
                 "workable": "workable.com", "smartrecruiters": "smartrecruiters.com", "recruitee": "recruitee.com",
                 "personio": ".personio.", "teamtailor": "teamtailor.com", "breezy": "breezy.hr",
                 "jazzhr": "applytojob.com", "bamboohr": "bamboohr.com", "join": "join.com",
                 "jobvite": "jobvite.com", "homerun": "homerun.co"}

ATS_HOST_SUFFIXES = ("greenhouse.io", "lever.co", "ashbyhq.com", "workable.com", "smartrecruiters.com",
                     "recruitee.com", "personio.de", "personio.com", "teamtailor.com", "breezy.hr", "applytojob.com",
                     "bamboohr.com", "join.com", "jobvite.com", "homerun.co")


def is_ats_host(host: str) -> bool:
    host = host.lower()
    return any(host == s or host.endswith("." + s) for s in ATS_HOST_SUFFIXES)


# Hosts that carry postings of many companies: a posting URL there says nothing about the company's own site.
JOB_SITE_HOSTS = ("linkedin.com", "indeed.com", "glassdoor.com", "stepstone.de", "xing.com", "wellfound.com",
                  "angel.co", "ycombinator.com", "workatastartup.com", "weworkremotely.com", "remoteok.com",
                  "remote.co", "otta.com", "welcometothejungle.com", "monster.com", "ziprecruiter.com",
                  "google.com", "forms.gle", "typeform.com", "notion.site", "notion.so", "bit.ly", "myworkdayjobs.com",
                  "icims.com", "taleo.net", "successfactors.com", "recruiterbox.com", "rippling.com",
                  "dover.com", "pinpointhq.com", "comeet.com", "zohorecruit.com", "softgarden.io")
_CAREER_LABELS = ("www", "careers", "career", "jobs", "job", "karriere", "werkenbij", "emplois", "empleo", "apply",
                  "join", "talent", "work")


def company_site_of(url: str | None) -> str | None:
    """The company's own domain behind a posting URL ("https://careers.acme.io/jobs/1" -> "acme.io"), or None
    when the URL is on an ATS or a job site (or is not a web URL)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if "." not in host or host.replace(".", "").isdigit() or is_ats_host(host) \
            or any(host == s or host.endswith("." + s) for s in JOB_SITE_HOSTS):
        return None
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in _CAREER_LABELS:
        labels = labels[1:]
    return ".".join(labels)
