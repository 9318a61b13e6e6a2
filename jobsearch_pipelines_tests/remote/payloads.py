"""Real-shaped board responses of each ATS vendor (fields and nesting as the public APIs send them), each
posting with the remote-EU answer a reader of the posting would give. Keyed by the demo boards' (vendor, token)
so the local ATS server of the ingestion tests can serve them."""

from __future__ import annotations

from typing import Any

PROFILE = ("<h3>What you'll do</h3><ul><li>Build APIs in Python and PostgreSQL</li><li>Own services end to end</li>"
           "</ul><h3>Benefits</h3><ul><li>Learning budget</li><li>Home office stipend</li></ul><p>We are an equal "
           "opportunity employer.</p>")


def _ashby(job_id: str, title: str, location: str, workplace: str, *, secondary: list[dict[str, Any]] | None = None,
           country: str | None = None, text: str = "") -> dict[str, Any]:
    return {
        "id": job_id, "title": title, "department": "Engineering", "team": "Platform", "employmentType": "FullTime",
        "location": location, "secondaryLocations": secondary or [], "publishedAt": "2026-11-24T22:30:00.000+00:00",
        "isListed": True, "isRemote": True, "workplaceType": workplace,
        "address": {"postalAddress": {"addressLocality": location, "addressRegion": "", "addressCountry": country}}
        if country else None,
        "jobUrl": f"https://jobs.ashbyhq.com/northwind-analytics/{job_id}",
        "applyUrl": f"https://jobs.ashbyhq.com/northwind-analytics/{job_id}/application",
        "descriptionHtml": f"<p>{text}</p>{PROFILE}", "descriptionPlain": None,
        "shouldDisplayCompensationOnJobPostings": False,
    }


ASHBY = {"apiVersion": "1", "jobs": [
    _ashby("a1b2c3d4-0000-4000-8000-000000000001", "Data Engineer", "Remote - Europe", "Remote",
           secondary=[{"location": "Berlin", "address": {"postalAddress": {"addressLocality": "Berlin",
                                                                            "addressCountry": "Germany"}}}]),
    _ashby("a1b2c3d4-0000-4000-8000-000000000002", "Analytics Engineer", "London", "Hybrid", country="United Kingdom",
           text="Hybrid: three days a week in our London office."),
    _ashby("a1b2c3d4-0000-4000-8000-000000000003", "Solutions Engineer", "United States", "Remote",
           country="United States"),
]}


def _greenhouse(job_id: int, title: str, location: str, offices: list[dict[str, Any]], text: str) -> dict[str, Any]:
    html = f"<p>{text}</p>{PROFILE}".replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/harborlight/jobs/{job_id}", "internal_job_id": job_id // 10,
        "location": {"name": location}, "metadata": None, "id": job_id, "updated_at": "2026-11-13T23:00:00-05:00",
        "requisition_id": f"REQ-{job_id}", "title": title, "company_name": "Harborlight Software",
        "first_published": "2026-11-08T23:00:00-05:00", "language": "en", "content": html,
        "departments": [{"id": 4709, "name": "Engineering", "child_ids": [], "parent_id": None}],
        "offices": [{"id": 7000 + i, "child_ids": [], "parent_id": None, **o} for i, o in enumerate(offices)],
    }


GREENHOUSE = {"jobs": [
    _greenhouse(4013001, "Product Manager", "Remote - EMEA", [{"name": "Remote", "location": "EMEA"}],
                "You can work from anywhere in EMEA."),
    _greenhouse(4013002, "Backend Engineer", "Remote - United States", [{"name": "US Remote", "location": None}],
                "Applicants must be authorized to work in the United States without sponsorship."),
    _greenhouse(4013003, "Site Reliability Engineer", "Amsterdam",
                [{"name": "Amsterdam", "location": "Amsterdam, Netherlands"}],
                "This role is fully remote within the Netherlands and Belgium."),
], "meta": {"total": 3}}


def _lever(job_id: str, title: str, location: str, country: str, workplace: str) -> dict[str, Any]:
    return {
        "id": job_id, "text": title, "country": country, "workplaceType": workplace, "createdAt": 1793277900000,
        "categories": {"commitment": "Full-time", "department": "Engineering", "location": location,
                       "team": "Product Engineering", "allLocations": [location]},
        "descriptionPlain": "About Tidewater Labs\nWe build route optimisation software.",
        "description": "<div>About Tidewater Labs</div><div>We build route optimisation software.</div>",
        "lists": [{"text": "What you bring", "content": "<li>Python</li><li>PostgreSQL</li>"}],
        "additional": "<div>We are an equal opportunity employer.</div>",
        "additionalPlain": "We are an equal opportunity employer.",
        "hostedUrl": f"https://jobs.lever.co/tidewater-labs/{job_id}",
        "applyUrl": f"https://jobs.lever.co/tidewater-labs/{job_id}/apply",
    }


LEVER = [
    _lever("5b0c0000-0000-4000-8000-000000000001", "Backend Engineer", "Lisbon", "PT", "remote"),
    _lever("5b0c0000-0000-4000-8000-000000000002", "Mobile Engineer", "Toronto", "CA", "remote"),
    _lever("5b0c0000-0000-4000-8000-000000000003", "QA Engineer", "Munich", "DE", "hybrid"),
]


def _workable(code: str, title: str, remote: bool, city: str, country: str, iso: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title, "shortcode": code, "code": "", "employment_type": "Full-time", "telecommuting": remote,
        "department": "Engineering", "url": f"https://apply.workable.com/j/{code}",
        "shortlink": f"https://apply.workable.com/j/{code}", "application_url": f"https://apply.workable.com/j/{code}/apply",
        "published_on": "2026-10-22", "created_at": "2026-10-22", "country": country, "city": city, "state": "",
        "experience": "Mid-Senior level", "function": "Engineering", "industry": "Computer Software",
        "locations": [{"country": country, "countryCode": iso, "city": city, "region": "", "hidden": False}],
        "description": f"<p>About Fjordbyte</p>{PROFILE}", **extra,
    }


WORKABLE = {"name": "Fjordbyte", "description": "<p>Fjordbyte</p>", "jobs": [
    _workable("C5E4700001", "Platform Engineer", True, "Madrid", "Spain", "ES"),
    _workable("C5E4700002", "Cloud Consultant", False, "Athens", "Greece", "GR"),
    _workable("C5E4700003", "Support Engineer", True, "Manchester", "United Kingdom", "GB"),
]}


def _sr_item(job_id: str, title: str, city: str, country: str, remote: bool, full: str) -> dict[str, Any]:
    return {
        "id": job_id, "name": title, "uuid": f"uuid-{job_id}", "refNumber": f"REF{job_id[-4:]}",
        "company": {"identifier": "ValeriusConsulting", "name": "Valerius Consulting"},
        "releasedDate": "2026-11-25T15:15:00.000Z",
        "location": {"city": city, "region": "", "country": country, "remote": remote, "fullLocation": full},
        "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        "department": {"id": "80000", "label": "Consulting"},
    }


def _sr_detail(job_id: str, text: str) -> dict[str, Any]:
    return {"id": job_id, "postingUrl": f"https://jobs.smartrecruiters.com/ValeriusConsulting/{job_id}",
            "jobAd": {"sections": {"companyDescription": {"title": "Company", "text": "<p>Valerius Consulting</p>"},
                                   "jobDescription": {"title": "Job Description", "text": f"<p>{text}</p>"},
                                   "qualifications": {"title": "Qualifications", "text": PROFILE}}}}


SMARTRECRUITERS = {
    "list": {"offset": 0, "limit": 100, "totalFound": 2, "content": [
        _sr_item("744000099100001", "SAP Consultant", "Warsaw", "pl", True, "Warsaw, Poland"),
        _sr_item("744000099100002", "Data Consultant", "Zürich", "ch", True, "Zürich, Switzerland"),
    ]},
    "details": {"744000099100001": _sr_detail("744000099100001", "Work remotely from anywhere in Poland."),
                "744000099100002": _sr_detail("744000099100002", "Remote within Switzerland.")},
}


def _offer(offer_id: int, title: str, *, remote: bool, hybrid: bool, city: str, country: str, iso: str | None,
           text: str) -> dict[str, Any]:
    return {
        "id": offer_id, "slug": f"offer-{offer_id}", "title": title, "status": "published", "department": "Engineering",
        "company_name": "Larkspur Robotics", "description": f"<p>{text}</p>", "requirements": PROFILE,
        "location": f"{city}, {country}" if city else country, "city": city, "country": country, "country_code": iso,
        "remote": remote, "hybrid": hybrid, "on_site": not remote and not hybrid,
        "employment_type_code": "fulltime_permanent", "experience_code": "experienced",
        "careers_url": f"https://larkspur-robotics.recruitee.com/o/offer-{offer_id}",
        "published_at": "2026-10-09 07:30:00 UTC", "created_at": "2026-10-07 07:30:00 UTC",
        "locations": [{"id": offer_id, "name": city or country, "city": city, "country": country,
                       "country_code": iso}],
    }


RECRUITEE = {"offers": [
    _offer(1481001, "Robotics Engineer", remote=True, hybrid=False, city="Amsterdam", country="Netherlands", iso="NL",
           text="Fully remote within the Netherlands."),
    _offer(1481002, "Firmware Engineer", remote=False, hybrid=True, city="Berlin", country="Germany", iso="DE",
           text="Two days a week in our Berlin office."),
    _offer(1481003, "Controls Engineer", remote=True, hybrid=False, city="", country="Remote", iso=None,
           text="You must be located within CET ± 2 hours."),
]}

PERSONIO = """<?xml version="1.0" encoding="UTF-8"?>
<workzag-jobs>
  <position>
    <id>1701001</id><subcompany>Sonnenfeld Energie GmbH</subcompany><office>Remote</office>
    <department>Engineering</department><name>Backend Engineer (Remote)</name>
    <jobDescriptions><jobDescription><name>About the role</name><value><![CDATA[<p>You work fully remote from
    anywhere in Germany.</p><ul><li>Python</li></ul>]]></value></jobDescription></jobDescriptions>
    <employmentType>permanent</employmentType><seniority>experienced</seniority><schedule>full-time</schedule>
    <createdAt>2026-09-01T08:00:00+00:00</createdAt>
  </position>
  <position>
    <id>1701002</id><subcompany>Sonnenfeld Energie GmbH</subcompany><office>München</office>
    <department>Engineering</department><name>Frontend Engineer</name>
    <jobDescriptions><jobDescription><name>Why us</name><value><![CDATA[<p>Hybrid work with two office days a week
    in Munich.</p>]]></value></jobDescription></jobDescriptions>
    <employmentType>permanent</employmentType><schedule>full-time</schedule>
    <createdAt>2026-09-01T08:00:00+00:00</createdAt>
  </position>
</workzag-jobs>
"""

PAYLOADS: dict[tuple[str, str], Any] = {
    ("ashby", "northwind-analytics"): ASHBY,
    ("greenhouse", "harborlight"): GREENHOUSE,
    ("lever", "tidewater-labs"): LEVER,
    ("workable", "fjordbyte"): WORKABLE,
    ("smartrecruiters", "ValeriusConsulting"): SMARTRECRUITERS,
    ("recruitee", "larkspur-robotics"): RECRUITEE,
    ("personio", "sonnenfeld-energie"): PERSONIO,
}

# (source, external id) -> (is_remote_eu, workplace_type)
EXPECTED: dict[tuple[str, str], tuple[bool, str]] = {
    ("ashby", "a1b2c3d4-0000-4000-8000-000000000001"): (True, "remote"),
    ("ashby", "a1b2c3d4-0000-4000-8000-000000000002"): (False, "hybrid"),
    ("ashby", "a1b2c3d4-0000-4000-8000-000000000003"): (False, "remote"),
    ("greenhouse", "4013001"): (True, "remote"),
    ("greenhouse", "4013002"): (False, "remote"),
    ("greenhouse", "4013003"): (True, "remote"),
    ("lever", "5b0c0000-0000-4000-8000-000000000001"): (True, "remote"),
    ("lever", "5b0c0000-0000-4000-8000-000000000002"): (False, "remote"),
    ("lever", "5b0c0000-0000-4000-8000-000000000003"): (False, "hybrid"),
    ("workable", "C5E4700001"): (True, "remote"),
    ("workable", "C5E4700002"): (False, "onsite"),
    ("workable", "C5E4700003"): (False, "remote"),
    ("smartrecruiters", "744000099100001"): (True, "remote"),
    ("smartrecruiters", "744000099100002"): (False, "remote"),
    ("recruitee", "1481001"): (True, "remote"),
    ("recruitee", "1481002"): (False, "hybrid"),
    ("recruitee", "1481003"): (True, "remote"),
    ("personio", "1701001"): (True, "remote"),
    ("personio", "1701002"): (False, "hybrid"),
}
