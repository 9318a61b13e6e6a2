"""Region codes (EU, EEA, EUROPE, EMEA, DACH, LATAM, APAC, WORLDWIDE, ...) and their member countries.

The memberships are data (``data/remote/regions.yaml``); this module only loads them, resolves ``includes``
and answers "which countries does this scope cover". A scope is a list of ISO 3166 alpha-2 codes and region
codes, e.g. ``["DE", "NORDICS"]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry
import yaml

WORLDWIDE = "WORLDWIDE"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    members: frozenset[str]
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def all_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def _load_raw() -> dict[str, dict]:
    text = resources.files("jobsearch_pipelines").joinpath("data", "remote", "regions.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise ValueError("regions.yaml: expected a mapping of region code -> definition")
    return raw


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every region with its members resolved (``includes`` followed transitively)."""
    raw = _load_raw()

    def members(code: str, seen: tuple[str, ...]) -> frozenset[str]:
        if code in seen:
            raise ValueError(f"regions.yaml: {code}: includes itself ({' -> '.join((*seen, code))})")
        spec = raw.get(code)
        if spec is None:
            raise ValueError(f"regions.yaml: unknown region {code!r} in includes of {seen[-1]}")
        if code == WORLDWIDE:
            return all_countries()
        out = set(spec.get("members") or ())
        for child in spec.get("includes") or ():
            out |= members(child, (*seen, code))
        return frozenset(out)

    out = {}
    for code, spec in raw.items():
        aliases = tuple(str(a).lower() for a in spec.get("aliases") or ())
        out[code] = Region(code, str(spec.get("name") or code), members(code, ()), aliases)
    return out


def is_region(code: str) -> bool:
    return code in regions()


def members(code: str) -> frozenset[str]:
    """The countries of a region code, or ``{code}`` for a country."""
    region = regions().get(code)
    return region.members if region is not None else frozenset((code,))


def expand(scope: Iterable[str]) -> frozenset[str]:
    """Every country a scope covers."""
    out: set[str] = set()
    for code in scope:
        out |= members(code)
    return frozenset(out)


def covers(scope: Iterable[str], country: str) -> bool:
    """Whether a hire living in ``country`` is within ``scope``."""
    return any(country in members(code) for code in scope)


@lru_cache(maxsize=512)
def regions_containing(country: str) -> tuple[str, ...]:
    """Region codes whose members include ``country`` (WORLDWIDE always does)."""
    return tuple(code for code, region in regions().items() if country in region.members)


def region_name(code: str) -> str:
    region = regions().get(code)
    if region is not None:
        return region.name
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return {"US": "the US", "GB": "the UK", "NL": "the Netherlands", "CZ": "Czechia"}.get(code, name)


@lru_cache(maxsize=1)
def eu() -> frozenset[str]:
    return members("EU")


def eu_countries_in(scope: Iterable[str]) -> frozenset[str]:
    return expand(scope) & eu()
