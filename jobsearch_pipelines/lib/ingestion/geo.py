"""Country codes and workplace type from the free-text locations ATS boards publish.

Structured vendor fields win (Lever ``country``, Ashby ``addressCountry``, Workable ``countryCode`` ...); these
heuristics fill the gaps for free text such as "Remote - United States", "Berlin, DE" or "San Francisco, CA".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pycountry

_ALIASES = {
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US",
    "united states of america": "US", "america": "US", "russia": "RU", "turkey": "TR", "korea": "KR",
    "south korea": "KR", "holland": "NL", "the netherlands": "NL", "uae": "AE", "czech republic": "CZ",
    "vietnam": "VN", "taiwan": "TW", "iran": "IR", "bolivia": "BO", "venezuela": "VE", "moldova": "MD",
    "tanzania": "TZ", "laos": "LA", "syria": "SY", "deutschland": "DE", "österreich": "AT", "schweiz": "CH",
    "españa": "ES", "italia": "IT", "polska": "PL", "nederland": "NL", "sverige": "SE", "danmark": "DK",
    "norge": "NO", "suomi": "FI", "brasil": "BR", "méxico": "MX", "mexico": "MX", "ivory coast": "CI",
}

_CITIES = {
    # Europe
    "london": "GB", "manchester": "GB", "edinburgh": "GB", "bristol": "GB", "cambridge uk": "GB",
    "dublin": "IE", "cork": "IE", "berlin": "DE", "munich": "DE", "münchen": "DE", "hamburg": "DE",
    "frankfurt": "DE", "cologne": "DE", "köln": "DE", "stuttgart": "DE", "düsseldorf": "DE", "leipzig": "DE",
    "paris": "FR", "lyon": "FR", "toulouse": "FR", "amsterdam": "NL", "rotterdam": "NL", "utrecht": "NL",
    "eindhoven": "NL", "the hague": "NL", "brussels": "BE", "antwerp": "BE", "ghent": "BE",
    "luxembourg": "LU", "zurich": "CH", "zürich": "CH", "geneva": "CH", "basel": "CH", "vienna": "AT",
    "wien": "AT", "graz": "AT", "madrid": "ES", "barcelona": "ES", "valencia": "ES", "malaga": "ES",
    "málaga": "ES", "lisbon": "PT", "lisboa": "PT", "porto": "PT", "milan": "IT", "milano": "IT", "rome": "IT",
    "turin": "IT", "stockholm": "SE", "gothenburg": "SE", "malmö": "SE", "copenhagen": "DK", "aarhus": "DK",
    "oslo": "NO", "helsinki": "FI", "tallinn": "EE", "riga": "LV", "vilnius": "LT", "warsaw": "PL",
    "kraków": "PL", "krakow": "PL", "wrocław": "PL", "wroclaw": "PL", "gdańsk": "PL", "prague": "CZ",
    "brno": "CZ", "bratislava": "SK", "budapest": "HU", "bucharest": "RO", "cluj-napoca": "RO", "cluj": "RO",
    "sofia": "BG", "athens": "GR", "zagreb": "HR", "ljubljana": "SI", "belgrade": "RS", "kyiv": "UA",
    "kiev": "UA", "lviv": "UA", "istanbul": "TR", "tel aviv": "IL", "reykjavik": "IS",
    # Americas
    "new york": "US", "new york city": "US", "nyc": "US", "san francisco": "US", "sf": "US",
    "san francisco bay area": "US", "bay area": "US", "los angeles": "US", "seattle": "US", "austin": "US",
    "boston": "US", "chicago": "US", "denver": "US", "atlanta": "US", "miami": "US", "washington dc": "US",
    "washington, d.c.": "US", "palo alto": "US", "mountain view": "US", "menlo park": "US",
    "san jose": "US", "san diego": "US", "portland": "US", "philadelphia": "US", "pittsburgh": "US",
    "salt lake city": "US", "dallas": "US", "houston": "US", "phoenix": "US", "raleigh": "US",
    "toronto": "CA", "vancouver": "CA", "montreal": "CA", "montréal": "CA", "ottawa": "CA", "waterloo": "CA",
    "calgary": "CA", "mexico city": "MX", "são paulo": "BR", "sao paulo": "BR", "rio de janeiro": "BR",
    "buenos aires": "AR", "bogotá": "CO", "bogota": "CO", "medellín": "CO", "medellin": "CO",
    "santiago": "CL", "lima": "PE", "montevideo": "UY",
    # Asia-Pacific, Africa, Middle East
    "singapore": "SG", "tokyo": "JP", "osaka": "JP", "seoul": "KR", "beijing": "CN", "shanghai": "CN",
    "shenzhen": "CN", "hong kong": "HK", "taipei": "TW", "bangalore": "IN", "bengaluru": "IN",
    "hyderabad": "IN", "pune": "IN", "mumbai": "IN", "delhi": "IN", "new delhi": "IN", "gurgaon": "IN",
    "gurugram": "IN", "chennai": "IN", "noida": "IN", "sydney": "AU", "melbourne": "AU", "brisbane": "AU",
    "perth": "AU", "auckland": "NZ", "wellington": "NZ", "dubai": "AE", "abu dhabi": "AE", "riyadh": "SA",
    "cape town": "ZA", "johannesburg": "ZA", "lagos": "NG", "nairobi": "KE", "cairo": "EG", "jakarta": "ID",
    "manila": "PH", "kuala lumpur": "MY", "bangkok": "TH", "ho chi minh city": "VN", "hanoi": "VN",
}



def _subdivision_codes(country: str) -> frozenset[str]:
    return frozenset(s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code=country) or [])


_US_STATES = _subdivision_codes("US")
_CA_PROVINCES = _subdivision_codes("CA") - {"NL", "PE"}  # Newfoundland / PEI codes clash with countries
_US_STATE_NAMES = frozenset(
    s.name.lower() for s in pycountry.subdivisions.get(country_code="US") or []  # type: ignore[union-attr]
)
_SPLIT = re.compile(r"\s*(?:[,;/|()\[\]·•]|\s-\s|\s–\s|\s—\s|\bor\b|\band\b|:)\s*", re.IGNORECASE)
_REMOTE = re.compile(r"\b(remote|work from home|wfh|anywhere|distributed|telecommut\w*|home[- ]based)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|office[- ]based|in[- ]person)\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def country_code(name: str | None) -> str | None:
    """ISO 3166 alpha-2 code of a country name, alias or code ("Germany", "UK", "de"); None if unknown."""
    if not name:
        return None
    value = name.strip().strip(".").strip()
    lower = value.lower()
    if lower in _ALIASES:
        return _ALIASES[lower]
    if len(value) == 2 and value.isalpha():
        country = pycountry.countries.get(alpha_2=value.upper())
        return country.alpha_2 if country else None
    if len(value) < 4:
        return None
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=16384)
def _codes_in_location(location: str) -> tuple[str, ...]:
    parts = [p.strip() for p in _SPLIT.split(location) if p and p.strip()]
    found: list[str] = []
    city_country: str | None = None
    for part in parts:
        lower = part.lower()
        if lower in _CITIES:
            city_country = _CITIES[lower]
            found.append(city_country)
            continue
        if lower in _US_STATE_NAMES:
            found.append("US")
            continue
        if len(part) == 2 and part.isupper():
            # "San Francisco, CA" is California, "Berlin, DE" is Germany: a known city decides, else US states win.
            if city_country and country_code(part) == city_country:
                found.append(city_country)
            elif part in _US_STATES and city_country in (None, "US"):
                found.append("US")
            elif part in _CA_PROVINCES and city_country in (None, "CA"):
                found.append("CA")
            elif code := country_code(part):
                found.append(code)
            continue
        code = country_code(part)
        if code:
            found.append(code)
    return tuple(found)


def country_codes(locations: Iterable[str | None], known: Iterable[str | None] = ()) -> list[str]:
    """Distinct ISO alpha-2 codes: the ``known`` structured ones first, then those found in the location texts."""
    out: list[str] = []
    for value in known:
        code = country_code(value) if value else None
        if code and code not in out:
            out.append(code)
    for location in locations:
        if not location:
            continue
        for code in _codes_in_location(location):
            if code not in out:
                out.append(code)
    return out


def workplace_from_text(*texts: str | None) -> str | None:
    """remote/hybrid/onsite from free text ("Hybrid - NYC", "Remote (EU)"); hybrid beats remote beats onsite."""
    joined = " | ".join(t for t in texts if t)
    if not joined:
        return None
    if _HYBRID.search(joined):
        return "hybrid"
    if _REMOTE.search(joined):
        return "remote"
    if _ONSITE.search(joined):
        return "onsite"
    return None


def normalize_workplace(value: str | None) -> str | None:
    """Vendor workplace enums to remote/hybrid/onsite: Ashby ``OnSite``, Lever ``on-site``/``onsite``, ``on_site``."""
    if not value:
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    if key in ("remote", "fullyremote", "remoteonly", "telecommute"):
        return "remote"
    if key in ("hybrid", "flexible"):
        return "hybrid"
    if key in ("onsite", "office", "inoffice", "inperson"):
        return "onsite"
    return None  # "unspecified" and unknown values


# Shared with ``lib/remote`` (place names in location strings and job descriptions).
COUNTRY_ALIASES = _ALIASES
CITY_COUNTRIES = _CITIES
US_STATE_CODES = _US_STATES
CA_PROVINCE_CODES = _CA_PROVINCES
