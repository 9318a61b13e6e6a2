"""Classify single pages: HTML → analysis + verdict, and the CLI's one-line-per-page JSON shape."""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.companies.extract import analyze_html
from jobsearch_pipelines.lib.companies.models import Classification, PageAnalysis
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE, classify


def classify_html(html: str, url: str, min_score: float = DEFAULT_MIN_SCORE) -> tuple[PageAnalysis, Classification]:
    """Extract and score one page. Raises ``ValueError`` for documents lxml cannot parse (e.g. empty)."""
    analysis = analyze_html(html, url)
    return analysis, classify(analysis.signals, min_score)


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
