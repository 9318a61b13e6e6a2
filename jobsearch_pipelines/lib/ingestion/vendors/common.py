"""Small helpers shared by the vendor parsers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from jobsearch_pipelines.lib.ingestion.models import PayloadError

PARSER_VERSION = "2"  # bump when parsing changes, so every stored posting is parsed again once
SkipFn = Callable[[str, str], bool]  # (external id, source hash) -> True when the stored job is identical


def _canonical_json(raw: Any) -> bytes:
    """Compact JSON of a decoded posting (orjson: five times faster than ``json``, which stays the fallback
    for what orjson refuses: integers beyond 64 bits, lone surrogates from "\\udc80" escapes)."""
    try:
        return orjson.dumps(raw, default=str)
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(raw, separators=(",", ":"), default=str).encode()


def source_hash(raw: Any, company: str | None) -> str:
    """A hash of the raw vendor posting (plus what else the parser reads): equal means "parses the same"."""
    # Key order is kept as sent (APIs emit a stable order; a reordering only costs one re-parse).
    body = raw if isinstance(raw, bytes) else _canonical_json(raw)
    digest = hashlib.blake2b(body, digest_size=32)
    digest.update(f"\x00{company or ''}\x00{PARSER_VERSION}".encode())
    return digest.hexdigest()


def vendor_fields(raw: Any, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """The location and work-arrangement fields of a raw posting that are present (kept for lib/remote)."""
    raw = as_dict(raw)
    picked = {key: raw[key] for key in keys if raw.get(key) not in (None, "", [], {})}
    return picked or None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def require_list(payload: Any, key: str | None, field: str) -> list[Any]:
    """``payload[key]`` (or the payload itself when ``key`` is None) as a list, else a PayloadError naming it."""
    value = payload if key is None else (payload.get(key) if isinstance(payload, dict) else None)
    if not isinstance(value, list):
        got = type(value).__name__ if value is not None else "nothing"
        raise PayloadError(field, f"expected a list, got {got}")
    return value


def external_id(value: Any) -> str | None:
    """A posting id as a string ("4012345", a UUID), None when missing."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


@dataclass
class RawPostingFilter:
    """The first step of every parser, per raw posting: drop the unusable ones (counted) and pass over the ones
    whose stored job was parsed from identical raw data (``skip`` says so), so only new or changed ones parse."""

    company: str | None
    skip: SkipFn | None
    skipped: int = 0

    def admit(self, job_id: str | None, raw: Any, *, unusable: bool) -> str | None:
        """The posting's source hash when it must be parsed; None when unusable (no id, no title, not public)
        or unchanged."""
        if unusable or not job_id:
            self.skipped += 1
            return None
        raw_hash = source_hash(raw, self.company)
        if self.skip is not None and self.skip(job_id, raw_hash):
            return None
        return raw_hash
