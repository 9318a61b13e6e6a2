"""The supported ATS vendors: how to fetch a board and how to parse its response into postings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.models import Posting

FetchFn = Callable[[BoardFetch, str, str], list[Any]]
# (token, pages, board company, skip) -> (postings, skipped); ``skip(id, source_hash)`` true: not parsed again
ParseFn = Callable[[str, list[Any], "str | None", "Callable[[str, str], bool] | None"], tuple[list[Posting], int]]


@dataclass(frozen=True)
class Vendor:
    """``name`` is the board vendor (API host), ``ats`` the posting source stored in ``jobs.source``."""

    name: str
    ats: str
    default_base_url: str  # may contain "{token}" for per-company hosts (Recruitee, Personio)
    public_url: str  # the human board page, "{token}" filled in
    fetch: FetchFn  # (fetch, base_url, token) -> decoded response pages
    parse: ParseFn

    def base_url(self, configured: str | None, token: str) -> str:
        return (configured or self.default_base_url).rstrip("/").replace("{token}", token)


def _registry() -> dict[str, Vendor]:
    from jobsearch_pipelines.lib.ingestion.vendors import (
        ashby,
        greenhouse,
        lever,
        personio,
        recruitee,
        smartrecruiters,
        workable,
    )

    vendors = [ashby.VENDOR, greenhouse.VENDOR, lever.VENDOR, lever.VENDOR_EU, workable.VENDOR,
               smartrecruiters.VENDOR, recruitee.VENDOR, personio.VENDOR]
    return {v.name: v for v in vendors}


VENDORS: dict[str, Vendor] = _registry()


def get_vendor(name: str) -> Vendor:
    """The vendor called ``name``; a clear error naming the field otherwise."""
    try:
        return VENDORS[name]
    except KeyError:
        raise ValueError(f"vendor: unknown ATS vendor {name!r}; supported: {', '.join(sorted(VENDORS))}") from None
