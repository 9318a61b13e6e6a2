"""Time-zone fit: which countries lie within a few hours of a user's preferred time zones (from tzdata's zone.tab)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO country code -> IANA zones, from the ``tzdata`` package's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].upper(), []).append(parts[2])
    return {code: tuple(names) for code, names in zones.items()}


def utc_offset_hours(zone: str, at: datetime) -> float | None:
    """The UTC offset of an IANA zone or a literal offset ("UTC+2", "+05:30") at ``at``; None if unknown."""
    text = zone.strip()
    if text.upper() in ("UTC", "GMT", "Z"):
        return 0.0
    match = _OFFSET.match(text)
    if match:
        sign = -1.0 if match.group(1) == "-" else 1.0
        return sign * (int(match.group(2)) + int(match.group(3) or 0) / 60)
    try:
        offset = at.astimezone(ZoneInfo(text)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return None if offset is None else offset.total_seconds() / 3600


def countries_near(zones: Iterable[str], at: datetime, max_hours: float = 3.0) -> frozenset[str]:
    """Countries with at least one zone within ``max_hours`` of one of ``zones`` at ``at``."""
    wanted = [o for o in (utc_offset_hours(z, at) for z in zones) if o is not None]
    if not wanted:
        return frozenset()
    out = set()
    for code, names in country_zones().items():
        offsets = _country_offsets(code, names, at.strftime("%Y-%m"))
        if any(abs(o - w) <= max_hours for o in offsets for w in wanted):
            out.add(code)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _country_offsets(code: str, names: tuple[str, ...], month: str) -> tuple[float, ...]:
    at = datetime.fromisoformat(f"{month}-15T12:00:00+00:00")
    return tuple(sorted({o for o in (utc_offset_hours(n, at) for n in names) if o is not None}))
