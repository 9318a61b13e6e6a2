"""Golden record: merge a company's facts into one value per field — newest evidence wins.

Per field, only facts close to the best confidence seen for that field compete (a page title never beats
JSON-LD, whatever its age); among those, the newest capture wins, then confidence, then method rank, then
the latest observation. List fields take the union of the competing facts (confidence ≥ 0.5 or close to the
best) from the winner's crawl, so the pages of one crawl jointly describe a company's services.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jobsearch_pipelines.lib.companies.models import METHOD_RANK

CONFIDENCE_MARGIN = 0.2
LIST_FLOOR = 0.5  # list fields also take DOM-level items (services pages) next to JSON-LD ones
# Company column ← fact field
SCALAR_FIELDS = {"name": "name", "website": "website_url", "description": "description", "logo_url": "logo_url",
                 "size": "size", "careers_url": "careers_url"}
LIST_FIELDS = {"services": "services", "industries": "industries", "locations": "locations", "emails": "emails",
               "phones": "phones", "same_as": "same_as"}


@dataclass(frozen=True)
class FactRecord:
    """A stored fact as the merger sees it."""

    id: int | None
    field: str
    value: Any
    confidence: float
    method: str
    capture_timestamp: str | None
    crawl_id: str | None
    observed_at: str  # ISO timestamp, compared as text


def _rank(fact: FactRecord) -> tuple[str, float, int, str, int]:
    return (fact.capture_timestamp or "", fact.confidence, METHOD_RANK.get(fact.method, 0), fact.observed_at,
            fact.id or 0)


def _contenders(facts: Sequence[FactRecord], floor: float = 1.0) -> list[FactRecord]:
    top = max(f.confidence for f in facts)
    threshold = min(round(top - CONFIDENCE_MARGIN, 6), floor)
    return [f for f in facts if f.confidence >= threshold]


def normalize_value(field: str, value: Any) -> Any:
    """Canonical form used for dedupe keys and comparisons (emails lower-case, phones digits, URLs bare)."""
    if isinstance(value, list):
        items = [normalize_value(field, v) for v in value]
        return sorted({json_key(i): i for i in items if i not in (None, "")}.values(), key=json_key)
    if isinstance(value, dict):
        return {k: normalize_value(field, v) for k, v in sorted(value.items())}
    if not isinstance(value, str):
        return value
    text = re.sub(r"\s+", " ", value).strip()
    if field == "emails":
        return text.lower().removeprefix("mailto:")
    if field == "phones":
        return re.sub(r"[^\d+]", "", text)
    if field in {"same_as", "website_url", "careers_url", "logo_url", "canonical_url"}:
        parts = urlsplit(text)
        if parts.netloc:
            return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"
    return text


def json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def merge(facts: Iterable[FactRecord]) -> dict[str, tuple[Any, FactRecord]]:
    """``{company column: (value, winning fact)}`` for every column some fact informs."""
    by_field: dict[str, list[FactRecord]] = {}
    for fact in facts:
        by_field.setdefault(fact.field, []).append(fact)
    golden: dict[str, tuple[Any, FactRecord]] = {}
    for column, field in SCALAR_FIELDS.items():
        if by_field.get(field):
            winner = max(_contenders(by_field[field]), key=_rank)
            golden[column] = (winner.value, winner)
    for column, field in LIST_FIELDS.items():
        if not by_field.get(field):
            continue
        contenders = _contenders(by_field[field], LIST_FLOOR)
        winner = max(contenders, key=_rank)
        same_crawl = [f for f in contenders if f.crawl_id == winner.crawl_id]
        values: list[Any] = []
        seen: set[str] = set()
        for fact in sorted(same_crawl, key=_rank, reverse=True):
            for item in fact.value if isinstance(fact.value, list) else [fact.value]:
                key = json_key(normalize_value(field, item)).casefold()
                if key not in seen:
                    seen.add(key)
                    values.append(item)
        golden[column] = (values[:50], winner)
    if "locations" in golden:
        golden["location"] = (golden["locations"][0][0], golden["locations"][1])
        address = next((f for f in sorted(by_field["locations"], key=_rank, reverse=True) if f.method == "jsonld"),
                       None)
        if address:
            golden["address"] = (address.value[0], address)
    return golden
