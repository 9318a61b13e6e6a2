"""Domain mode: for each domain, the newest captures of a few key pages → facts → one verdict per domain.

This is the original ``discover-consultancies-commoncrawl`` workflow (recentCrawls 6, maxPagesPerDomain 6,
concurrency 6, minScore 0.65), made to persist results and record every failure instead of swallowing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from urllib.parse import urlsplit

from jobsearch_pipelines.lib.companies.classify import analyse_page
from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlClient, CommonCrawlError
from jobsearch_pipelines.lib.companies.models import DomainResult, Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE, classify

KEY_PATHS = ("/", "/about", "/company", "/services", "/what-we-do", "/capabilities", "/work", "/case-studies",
             "/clients", "/contact", "/locations", "/team", "/leadership", "/careers")


@dataclass(frozen=True)
class DiscoverySettings:
    recent_crawls: int = 6
    max_pages_per_domain: int = 6
    concurrency: int = 6
    min_score: float = DEFAULT_MIN_SCORE

    def validate(self) -> None:
        if not 1 <= self.recent_crawls <= 24:
            raise ValueError(f"recent_crawls: must be between 1 and 24, got {self.recent_crawls}")
        if not 1 <= self.max_pages_per_domain <= len(KEY_PATHS):
            raise ValueError(f"max_pages_per_domain: must be between 1 and {len(KEY_PATHS)}, "
                             f"got {self.max_pages_per_domain}")
        if not 1 <= self.concurrency <= 64:
            raise ValueError(f"concurrency: must be between 1 and 64, got {self.concurrency}")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score: must be between 0 and 1, got {self.min_score}")


def normalize_domain(raw: str) -> str:
    """``https://www.Example.com/about`` → ``example.com``; raises ``ValueError`` naming the bad value."""
    text = raw.strip()
    if not text:
        raise ValueError("domains: empty domain")
    host = (urlsplit(text if "//" in text else "https://" + text).hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or any(len(label) > 63 for label in labels) \
            or not all(c.isalnum() or c in "-." for c in host):
        raise ValueError(f"domains: {raw!r} is not a domain name")
    return host


def key_urls(domain: str, max_pages: int) -> list[str]:
    return [f"https://{domain}{path}" for path in KEY_PATHS[:max_pages]]


def harvest_domain(client: CommonCrawlClient, domain: str, crawl_ids: Sequence[str],
                   settings: DiscoverySettings) -> DomainResult:
    """Newest capture of each key URL → page analysis; the domain verdict merges every page's signals.

    Raises ``CommonCrawlError`` when the index cannot be queried (the caller records a failure and retries).
    """
    result = DomainResult(domain=domain)
    seen_captures: set[tuple[str, int]] = set()
    for url in key_urls(domain, settings.max_pages_per_domain):
        capture = client.newest_capture(url, crawl_ids)
        if capture is None or (capture.filename, capture.offset) in seen_captures:
            continue  # not captured, or a redirect to a page we already have
        seen_captures.add((capture.filename, capture.offset))
        page = client.fetch_page(capture)
        outcome = analyse_page(page, settings.min_score) if isinstance(page, HtmlPage) else page
        if isinstance(outcome, Skip):
            result.skips.append(outcome)
        else:
            result.pages.append(outcome)
    if result.pages:
        signals = result.pages[0].analysis.signals
        for page in result.pages[1:]:
            signals = signals.merge(page.analysis.signals)
        result.verdict = classify(signals, settings.min_score)
    return result


def discover(client: CommonCrawlClient, domains: Iterable[str], settings: DiscoverySettings,
             on_result: Callable[[DomainResult], None], on_error: Callable[[str, Exception], None],
             crawl_ids: Sequence[str] | None = None) -> list[str]:
    """Harvest ``domains`` with ``settings.concurrency`` threads; callbacks run in the calling thread.

    Returns the crawl ids used.
    """
    settings.validate()
    ids = list(crawl_ids) if crawl_ids else client.recent_crawl_ids(settings.recent_crawls)
    if not ids:
        raise CommonCrawlError("collinfo.json lists no crawl")
    unique = list(dict.fromkeys(domains))
    with ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="cc-domain") as pool:
        futures = {pool.submit(harvest_domain, client, d, ids, settings): d for d in unique}
        for future in as_completed(futures):
            domain = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # recorded per domain by the caller; one bad domain never stops the others
                on_error(domain, exc)
            else:
                on_result(result)
    return ids
