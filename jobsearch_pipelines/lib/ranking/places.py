"""Which jobs a user's countries match: the job's remote scope (countries, regions, a time-zone window) when it
has been classified, else the countries of its locations.

A German user matches "Remote - Europe", "EMEA", "EU", "Worldwide" and "within ±2 h of CET" through the regions'
memberships (``lib/remote/regions``); a UK user does not match "Remote - EU only"; an EU user does not match
"Remote (US only)". Rows are indexed by each code of their scope, so a look-up is one dict access per code and
per region containing it, never a pass over the jobs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jobsearch_pipelines.lib.remote.regions import is_region, members, regions_containing
from jobsearch_pipelines.lib.remote.timezones import countries_in_window

SCOPE_COLUMNS = ("remote_scope", "remote_excluded", "timezone_min", "timezone_max", "is_remote_eu",
                 "remote_eu_confidence", "remote_eu_reason")
_EMPTY = np.empty(0, dtype=np.int64)


def _codes(value: object) -> list[str]:
    return [str(c).upper() for c in value] if isinstance(value, list) else []


def _number(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)  # type: ignore


def open_to(scope: Iterable[str], window: tuple[float, float] | None, excluded: Iterable[str], country: str) -> bool:
    """Whether one job's scope admits a person living in ``country`` (the row-wise twin of ``rows_for``)."""
    if country in set(excluded):
        return False
    scope = list(scope)
    if scope:
        return any(country in members(code) for code in scope)
    return window is not None and country in countries_in_window(*window)


@dataclass
class PlaceIndex:
    """Rows by scope code, by time-zone window, and the rows that exclude a country."""

    has_place: np.ndarray
    by_code: dict[str, np.ndarray] = field(default_factory=dict)
    by_window: dict[tuple[float, float], np.ndarray] = field(default_factory=dict)
    excluded: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, jobs: pd.DataFrame) -> PlaceIndex:
        n = len(jobs)
        codes: dict[str, list[int]] = {}
        windows: dict[tuple[float, float], list[int]] = {}
        excluded: dict[str, list[int]] = {}
        has = np.zeros(n, dtype=bool)
        scopes = jobs["remote_scope"].tolist() if "remote_scope" in jobs else [None] * n
        outs = jobs["remote_excluded"].tolist() if "remote_excluded" in jobs else [None] * n
        lows = jobs["timezone_min"].tolist() if "timezone_min" in jobs else [None] * n
        highs = jobs["timezone_max"].tolist() if "timezone_max" in jobs else [None] * n
        for row, (scope, countries, out, low, high) in enumerate(
                zip(scopes, jobs["country_codes"].tolist(), outs, lows, highs, strict=True)):
            scope_codes, low, high = _codes(scope), _number(low), _number(high)
            if scope_codes:
                for code in scope_codes:
                    codes.setdefault(code, []).append(row)
            elif low is not None and high is not None:
                windows.setdefault((low, high), []).append(row)
            else:
                scope_codes = _codes(countries)
                for code in scope_codes:
                    codes.setdefault(code, []).append(row)
            has[row] = bool(scope_codes) or low is not None
            for code in _codes(out):
                excluded.setdefault(code, []).append(row)
        as_array = {k: np.asarray(v, dtype=np.int64) for k, v in codes.items()}
        return cls(has, as_array, {k: np.asarray(v, dtype=np.int64) for k, v in windows.items()},
                   {k: np.asarray(v, dtype=np.int64) for k, v in excluded.items()})

    def rows_for(self, codes: Iterable[str]) -> np.ndarray:
        """Row positions (possibly repeated) of jobs a person living in one of ``codes`` may take; a region code
        among ``codes`` stands for each of its countries."""
        countries: set[str] = set()
        for code in codes:
            countries |= members(code) if is_region(code) else {code}
        if not countries:
            return _EMPTY
        if not any(c in self.excluded for c in countries):  # the common case: one union over distinct keys
            keys = {k for c in countries for k in (c, *regions_containing(c)) if k in self.by_code}
            windows = [w for w in self.by_window if not countries.isdisjoint(countries_in_window(*w))]
            parts = [self.by_code[k] for k in keys] + [self.by_window[w] for w in windows]
            return np.concatenate(parts) if parts else _EMPTY
        found = []
        for country in countries:
            parts = [self.by_code.get(country, _EMPTY)]
            parts += [self.by_code[r] for r in regions_containing(country) if r in self.by_code]
            parts += [rows for (low, high), rows in self.by_window.items() if country in countries_in_window(low, high)]
            rows = np.concatenate(parts)
            if country in self.excluded and len(rows):
                rows = rows[~np.isin(rows, self.excluded[country])]
            found.append(rows)
        return np.concatenate(found)
