"""Read location strings: each part's work arrangement marker, the places it names and any time-zone window.

A string may hold several locations ("San Francisco, CA, US; Remote, US", "Remote-Friendly | Seattle, WA"):
it is split on ";", "|" and new lines, and each part is read on its own. Inside one part a remote marker covers
every place of the part ("Cardiff, London or Remote (UK)", "Remote (US only)", "Anywhere in France, Belgium").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobsearch_pipelines.lib.remote.places import Place, find_places
from jobsearch_pipelines.lib.remote.timezones import Window, find_window

REMOTE = re.compile(r"\b(remote(?:ly)?|anywhere|work[- ]from[- ]home|wfh|home[- ]?based|home[- ]?office|"
                    r"telecommut\w*|distributed|virtual|worldwide|world[- ]wide|global(?:ly)?|"
                    r"location[- ]independent|remoto|télétravail|teletrabajo|off[- ]?site|home)\b", re.IGNORECASE)
TITLE_REMOTE = re.compile(r"\b(remote(?:ly)?|work[- ]from[- ]home|wfh|home[- ]based|telecommut\w*)\b", re.IGNORECASE)
HYBRID = re.compile(r"\bhybrid\b|\bhybride?\b", re.IGNORECASE)
ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|office|in[- ]person|hq|headquarters|vor ort|presencial)\b",
                    re.IGNORECASE)
_EITHER = re.compile(r"remote\s*(?:or|/|&|and)\s*hybrid|hybrid\s*(?:or|/|&)\s*remote", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|\||\n|\s•\s)\s*")


@dataclass
class LocationPart:
    """One location: its text, the arrangement it states (None: no marker), places and time-zone window."""

    text: str
    workplace: str | None
    places: list[Place] = field(default_factory=list)
    window: Window | None = None

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(p.code for p in self.places))

    @property
    def region_only(self) -> bool:
        """A location that is only regions ("Europe", "EMEA"): no office is a continent, so the job is remote."""
        return self.workplace is None and bool(self.places) and all(p.kind == "region" for p in self.places)


def workplace_marker(text: str, *, title: bool = False) -> str | None:
    """remote / hybrid / onsite from the words of one location (or a title: there only "remote"-like words count,
    not "Global Expansion"); None when it says nothing."""
    remote = (TITLE_REMOTE if title else REMOTE).search(text) is not None
    hybrid = HYBRID.search(text) is not None
    if remote and hybrid:
        return "remote" if _EITHER.search(text) else "hybrid"
    if hybrid:
        return "hybrid"
    if remote:
        return "remote"
    return "onsite" if ONSITE.search(text) else None


def read_location(text: str) -> list[LocationPart]:
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(" -–,")
        if not part:
            continue
        out.append(LocationPart(part, workplace_marker(part), find_places(part), find_window(part, location=True)))
    return out


def read_locations(texts: Iterable[str]) -> list[LocationPart]:
    parts: list[LocationPart] = []
    seen: set[str] = set()
    for text in texts:
        for part in read_location(text):
            key = part.text.lower()
            if key not in seen:
                seen.add(key)
                parts.append(part)
    return parts
