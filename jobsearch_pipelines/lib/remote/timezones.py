"""Time-zone windows in postings ("within ±2 h of CET", "UTC-1 to UTC+3", "EST or PST") and the countries
inside a window (from the ``tzdata`` package's zone.tab: a country is inside when one of its zones is, in
winter or in summer)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Standard offsets; summer abbreviations carry their own. IST is read as India (the common case in postings).
ABBREVIATIONS: dict[str, float] = {
    "cet": 1, "cest": 2, "met": 1, "wet": 0, "west": 1, "eet": 2, "eest": 3, "gmt": 0, "utc": 0, "bst": 1,
    "msk": 3, "est": -5, "edt": -4, "et": -5, "cst": -6, "cdt": -5, "ct": -6, "mst": -7, "mdt": -6, "mt": -7,
    "pst": -8, "pdt": -7, "pt": -8, "akst": -9, "hst": -10, "brt": -3, "art": -3, "aest": 10, "aedt": 11,
    "awst": 8, "jst": 9, "kst": 9, "sgt": 8, "hkt": 8, "nzst": 12, "nzdt": 13, "sast": 2, "wat": 1, "cat": 2,
    "eat": 3, "ist": 5.5, "pkt": 5, "ict": 7, "wib": 7,
}
NAMED: dict[str, float] = {
    "central european": 1, "central europe": 1, "eastern european": 2, "western european": 0,
    "greenwich": 0, "british": 0, "uk": 0, "london": 0, "pacific": -8, "us pacific": -8, "eastern": -5,
    "us eastern": -5, "central": -6, "us central": -6, "mountain": -7, "us mountain": -7, "east coast": -5,
    "west coast": -8, "berlin": 1, "paris": 1, "amsterdam": 1, "india": 5.5, "indian": 5.5, "sydney": 10,
    "singapore": 8, "brazil": -3, "brazilian": -3, "new york": -5, "san francisco": -8,
}
_ZONE = (r"(?:(?P<{n}abbr>\b(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b)"
         r"|(?P<{n}named>\b(?:" + "|".join(sorted(NAMED, key=len, reverse=True)) + r")\s+(?:standard\s+)?time\b))"
         r"(?:\s*(?P<{n}sign>[+\-−–])\s*(?P<{n}hours>\d{{1,2}})(?:[:.](?P<{n}minutes>\d{{2}}))?(?!\s*(?:h|hours?"
         r"|hrs?)\b))?")
_TOL = (r"(?:±|\+\s*/\s*-|\+\s*/\s*−|\+-|plus\s+or\s+minus|plus/minus"
        r"|give\s+or\s+take)\s*(?P<tol>\d{1,2}(?:\.\d)?)\s*(?:h\b|hours?|hrs?)?")
_RANGE = re.compile(_ZONE.format(n="a") + r"\s*(?:to|and|through|until|-|–|—)\s*"
                    + r"(?:(?P<bsign2>[+\-−])\s*(?P<bhours2>\d{1,2})\b|"
                    + _ZONE.format(n="b") + ")", re.IGNORECASE)
_AROUND = re.compile(_ZONE.format(n="a") + r"\s*\(?\s*" + _TOL, re.IGNORECASE)
_WITHIN = re.compile(r"(?:within|±|\+/-|plus or minus|up to)\s*(?:±|\+/-)?\s*(?P<tol>\d{1,2}(?:\.\d)?)\s*(?:h\b"
                     r"|hours?|hrs?)"
                     r"\s*(?:of|from|around|\(?\+/-\)?\s*(?:of|from)?)\s*(?:the\s+)?" + _ZONE.format(n="a"),
                     re.IGNORECASE)
_SPLIT_TOL = re.compile(_ZONE.format(n="a") + r"\s*[-−]\s*(?P<tol>\d{1,2})\s*(?:h\b|hours?)?\s*/\s*\+\s*\d{1,2}",
                        re.IGNORECASE)
_SINGLE = re.compile(_ZONE.format(n="a"), re.IGNORECASE)
_TZ_CONTEXT = re.compile(r"time\s*-?\s*zones?|timezones?|\btz\b|\bhours\b|business hours|working hours|"
                         r"\b(?:utc|gmt)\s*[+\-−]", re.IGNORECASE)
_OVERLAP = re.compile(r"\boverlap", re.IGNORECASE)
SINGLE_ZONE_TOLERANCE = 1.0


@dataclass(frozen=True)
class Window:
    """UTC offsets (hours) a hire's time zone must fall between, and the text that said so."""

    low: float
    high: float
    text: str
    start: int = 0
    end: int = 0

    def label(self) -> str:
        return f"UTC{_fmt(self.low)} to UTC{_fmt(self.high)}"


def _fmt(hours: float) -> str:
    sign = "+" if hours >= 0 else "-"
    whole = abs(hours)
    return f"{sign}{int(whole)}" + (f":{round((whole % 1) * 60):02d}" if whole % 1 else "")


def _offset(match: re.Match[str], n: str) -> float | None:
    abbr, named = match.group(f"{n}abbr"), match.group(f"{n}named")
    if abbr:
        base = ABBREVIATIONS[abbr.lower()]
    elif named:
        key = re.sub(r"\s+", " ", named.lower()).replace(" standard time", "").replace(" time", "").strip()
        base = NAMED.get(key)
        if base is None:
            return None
    else:
        return None
    if match.group(f"{n}sign") and match.group(f"{n}hours"):
        sign = -1 if match.group(f"{n}sign") in "-−–" else 1
        minutes = int(match.group(f"{n}minutes") or 0) / 60
        base += sign * (int(match.group(f"{n}hours")) + minutes)
    return base


def find_window(text: str, *, location: bool = False) -> Window | None:
    """The time-zone window a sentence (or location string) states, if any.

    Overlap requirements ("4 hours of overlap with EST") say when to work, not where to live: they are ignored.
    A single zone ("must work in CET", "Remote (EST)") is read as that zone ± 1 h; prose needs a time-zone word
    nearby so "ET" in an unrelated sentence is not a time zone.
    """
    if _OVERLAP.search(text):
        return None
    for pattern, kind in ((_WITHIN, "within"), (_SPLIT_TOL, "around"), (_AROUND, "around"), (_RANGE, "range")):
        match = pattern.search(text)
        if match is None:
            continue
        base = _offset(match, "a")
        if base is None:
            continue
        if kind == "range":
            if match.group("bsign2"):
                other = (-1 if match.group("bsign2") in "-−" else 1) * int(match.group("bhours2"))
                other = ABBREVIATIONS.get((match.group("aabbr") or "utc").lower(), 0) + other
            else:
                other = _offset(match, "b")
            if other is None:
                continue
            low, high = min(base, other), max(base, other)
        else:
            tol = float(match.group("tol"))
            low, high = base - tol, base + tol
        if high - low > 14:
            continue
        return Window(low, high, match.group(), match.start(), match.end())
    context = location or _TZ_CONTEXT.search(text) is not None
    offsets = []
    first = last = None
    for match in _SINGLE.finditer(text):
        value = _offset(match, "a")
        if value is None or (not context and not match.group("anamed")):
            continue
        if text[max(0, match.start() - 6):match.start()].lower().rstrip(" -").endswith("asia"):
            continue  # "Asia-Pacific time zones": a region, not US Pacific time
        if match.group("aabbr") and match.group("aabbr").lower() in ("et", "ct", "mt", "pt") and \
                not match.group("aabbr").isupper():
            continue  # "et", "pt" in prose
        if match.group("aabbr") and not location and match.group("aabbr").islower() and \
                match.group("aabbr").lower() not in ("utc", "gmt", "cet", "cest", "eet", "est", "pst"):
            continue
        offsets.append(value)
        first = first or match
        last = match
    if not offsets or first is None or last is None:
        return None
    low, high = min(offsets) - SINGLE_ZONE_TOLERANCE, max(offsets) + SINGLE_ZONE_TOLERANCE
    return Window(low, high, text[first.start():last.end()], first.start(), last.end())


@lru_cache(maxsize=1)
def country_offsets() -> dict[str, tuple[float, ...]]:
    """ISO country -> the distinct UTC offsets of its zones in mid-January and mid-July."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    moments = (datetime(2025, 1, 15, 12), datetime(2025, 7, 15, 12))
    out: dict[str, set[float]] = {}
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        try:
            zone = ZoneInfo(parts[2])
        except (ZoneInfoNotFoundError, ValueError):
            continue
        for moment in moments:
            offset = moment.replace(tzinfo=zone).utcoffset()
            if offset is not None:
                out.setdefault(parts[0].upper(), set()).add(offset.total_seconds() / 3600)
    return {code: tuple(sorted(values)) for code, values in out.items()}


@lru_cache(maxsize=256)
def countries_in_window(low: float, high: float) -> frozenset[str]:
    """Countries with a zone whose winter or summer offset lies in [low, high]."""
    return frozenset(code for code, offsets in country_offsets().items()
                     if any(low - 1e-9 <= o <= high + 1e-9 for o in offsets))
