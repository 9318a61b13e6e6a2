"""The stored description is the fullest text a vendor gives: Lever's ``descriptionPlain`` that holds only the
company intro loses to ``description`` + ``lists`` + ``additional``; a plain text as full as the HTML is kept."""

from __future__ import annotations

from jobsearch_pipelines.lib.ingestion.normalize import fullest_text
from jobsearch_pipelines.lib.ingestion.vendors import ashby, lever

INTRO = "Acme builds payment rails for Europe's small businesses. We are 120 people in Berlin and Lisbon."


def _lever_posting(plain: str) -> dict:
    return {
        "id": "0d7a9c1e-1111-4c3b-9a55-2b3c4d5e6f70", "text": "Senior Backend Engineer",
        "categories": {"commitment": "Full-time", "location": "Berlin", "team": "Platform"},
        "description": f"<div><b>About Acme</b></div><div>{INTRO}</div><div><br></div>"
                       "<div>You will own the ledger service end to end.</div>",
        "descriptionPlain": plain,
        "lists": [{"text": "What you'll need", "content": "<li>5+ years of Go or Kotlin</li><li>PostgreSQL at "
                                                           "scale</li><li>Event-driven systems with Kafka</li>"},
                  {"text": "What we offer", "content": "<li>30 days of holiday</li><li>Remote within the EU</li>"}],
        "additional": "<div>We hire without regard to background. Apply by 31 January.</div>",
        "additionalPlain": "We hire without regard to background. Apply by 31 January.",
        "hostedUrl": "https://jobs.lever.co/acme/0d7a9c1e", "createdAt": 1733300000000, "workplaceType": "hybrid",
    }


def test_lever_plain_text_holding_only_the_intro_loses_to_the_html() -> None:
    [posting], _ = lever.parse("acme", [[_lever_posting(plain=f"About Acme\n{INTRO}")]], "Acme")
    text = posting.description_text or ""
    for needed in ("You will own the ledger service", "5+ years of Go or Kotlin", "Kafka", "30 days of holiday",
                   "Apply by 31 January"):
        assert needed in text


def test_lever_full_plain_text_is_kept() -> None:
    plain = (f"About Acme\n{INTRO}\n\nYou will own the ledger service end to end.")
    [posting], _ = lever.parse("acme", [[_lever_posting(plain=plain)]], "Acme")
    text = posting.description_text or ""
    assert text.startswith("About Acme\n" + INTRO) and "5+ years of Go or Kotlin" in text


def test_ashby_short_plain_text_loses_to_the_html() -> None:
    job = {"id": "b1c2", "title": "Data Engineer", "location": "Remote", "isListed": True,
           "descriptionPlain": INTRO,
           "descriptionHtml": f"<p>{INTRO}</p><h3>Requirements</h3><ul><li>dbt and Snowflake</li>"
                              "<li>Airflow</li></ul>",
           "jobUrl": "https://jobs.ashbyhq.com/acme/b1c2", "publishedAt": "2026-11-30T10:00:00Z"}
    [posting], _ = ashby.parse("acme", [{"jobs": [job]}], "Acme")
    assert "dbt and Snowflake" in (posting.description_text or "")


def test_fullest_text_rules() -> None:
    assert fullest_text(None, "<p>a b c</p>") == "a b c"
    assert fullest_text("plain only", None) == "plain only"
    assert fullest_text("same words here", "<p>same words here!</p>") == "same words here"  # not clearly longer
    assert fullest_text("   ", "<p>from html</p>") == "from html"
