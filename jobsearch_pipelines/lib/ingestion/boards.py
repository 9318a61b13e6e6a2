"""Fetch and parse boards: many boards in parallel, each isolated (one board's failure never stops another)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch, Transport
from jobsearch_pipelines.lib.ingestion.models import BoardPostings, BoardRef, FetchError, Posting, RawSnapshot
from jobsearch_pipelines.lib.ingestion.vendors import get_vendor


@dataclass
class FetchSettings:
    base_urls: Mapping[str, str] = field(default_factory=dict)  # vendor -> base URL (may contain "{token}")
    max_workers: int = 8
    decode_attempts: int = 3
    base_delay: float = 0.5
    sleep: Callable[[float], None] = time.sleep


def fetch_board(board: BoardRef, transport: Transport, settings: FetchSettings) -> RawSnapshot:
    """Fetch every page of one board; errors become a failed snapshot, never an exception."""
    started = utcnow()
    fetch = BoardFetch(transport, board.vendor, settings.decode_attempts, settings.base_delay, settings.sleep,
                       random.Random())
    try:
        vendor = get_vendor(board.vendor)
        base_url = vendor.base_url(settings.base_urls.get(board.vendor), board.token)
        pages = vendor.fetch(fetch, base_url, board.token)
    except FetchError as exc:
        return RawSnapshot(board, False, error=str(exc), http_status=exc.http_status,
                           attempts=max(exc.attempts, fetch.attempts), requests=fetch.requests,
                           started_at=started, finished_at=utcnow())
    except ValueError as exc:  # unknown vendor, a body without the vendor's shape
        return RawSnapshot(board, False, error=f"bad response: {exc}", http_status=fetch.last_status,
                           attempts=fetch.attempts, requests=fetch.requests, started_at=started,
                           finished_at=utcnow())
    return RawSnapshot(board, True, pages=pages, http_status=fetch.last_status, attempts=fetch.attempts,
                       requests=fetch.requests, started_at=started, finished_at=utcnow())


def fetch_boards(boards: Sequence[BoardRef], transport: Transport, settings: FetchSettings) -> list[RawSnapshot]:
    """Fetch boards concurrently (the HTTP client also caps requests per host); results keep the input order."""
    if not boards:
        return []
    workers = max(1, min(settings.max_workers, len(boards)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ats-fetch") as pool:
        return list(pool.map(lambda b: fetch_board(b, transport, settings), boards))


def normalize_snapshot(raw: RawSnapshot, known: Mapping[str, str] | None = None) -> BoardPostings:
    """Parse a fetched board into postings (deduplicated by external id); a parse error fails the board.

    ``known`` maps the external ids of the board's stored OPEN jobs to their source hashes: a posting whose raw
    form is unchanged is not parsed again, only listed in ``unchanged_ids`` (so it is neither closed nor written).
    """
    base = {"board": raw.board, "http_status": raw.http_status, "attempts": raw.attempts,
            "started_at": raw.started_at, "finished_at": raw.finished_at}
    if not raw.ok:
        return BoardPostings(ok=False, error=raw.error, **base)
    unchanged: set[str] = set()

    def skip(external_id: str, source_hash: str) -> bool:
        if known is not None and known.get(external_id) == source_hash:
            unchanged.add(external_id)
            return True
        return False

    try:
        vendor = get_vendor(raw.board.vendor)
        postings, skipped = vendor.parse(raw.board.token, raw.pages, raw.board.company_name, skip)
    except (ValueError, TypeError, KeyError) as exc:
        return BoardPostings(ok=False, error=f"bad response: {type(exc).__name__}: {exc}", **base)
    unique: dict[str, Posting] = {}
    for posting in postings:
        if posting.external_id in unique or posting.external_id in unchanged:
            skipped += 1
        else:
            unique[posting.external_id] = posting
    return BoardPostings(ok=True, postings=list(unique.values()), skipped=skipped,
                         unchanged_ids=sorted(unchanged), **base)
