"""Classify single pages: HTML → analysis + verdict, and the CLI's one-line-per-page JSON shape.

Kept light on imports (no SQLAlchemy, no HTTP client): bulk scans start analysis processes that import it.
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.companies.extract import analyze_html
from jobsearch_pipelines.lib.companies.models import Classification, PageAnalysis, PageOutcome, Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE, classify
from jobsearch_pipelines.lib.companies.text_model import TextModel


def classify_html(html: str, url: str, min_score: float = DEFAULT_MIN_SCORE,
                  text_model: TextModel | None = None) -> tuple[PageAnalysis, Classification]:
    """Extract and score one page. Raises ``ValueError`` for documents lxml cannot parse (e.g. empty)."""
    analysis = analyze_html(html, url, text_model)
    return analysis, classify(analysis.signals, min_score, text_model)


def analyse_page(page: HtmlPage, min_score: float) -> PageOutcome | Skip:
    """One decoded page → its analysis and verdict, or a ``Skip`` when lxml cannot parse it."""
    try:
        analysis, verdict = classify_html(page.html, page.url, min_score)
    except (ValueError, RecursionError) as exc:  # lxml: "Document is empty" and friends
        return Skip("unparsable", f"{type(exc).__name__}: {exc}", page.evidence)
    return PageOutcome(page.evidence, analysis, verdict)


def analyse_batch(batch: list[HtmlPage], min_score: float) -> list[PageOutcome | Skip]:
    """Analysis-process entry point of bulk scans: a batch of pages."""
    return [analyse_page(page, min_score) for page in batch]


def best_name(analysis: PageAnalysis) -> str | None:
    return analysis.first("name") or analysis.title


def result_line(url: str, analysis: PageAnalysis, verdict: Classification) -> dict[str, Any]:
    """The ``jobsearch companies classify`` output record for one page."""
    return {
        "url": url,
        "is_consultancy": verdict.is_consultancy,
        "score": verdict.score,
        "category": verdict.category,
        "name": best_name(analysis),
        "services": analysis.services,
        "ats_boards": [{"vendor": b.vendor, "token": b.token, "url": b.url} for b in analysis.boards],
        "reasons": verdict.reasons,
    }
