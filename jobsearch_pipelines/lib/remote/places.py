"""Find the places a text names: countries, regions, cities and states, each resolved to a country or region code.

One longest-match gazetteer over word tokens serves location strings ("Remote - UK & Ireland", "US-CA-Menlo
Park", "Anywhere in France, Belgium, Spain") and description sentences ("must be based in the EU"). Short
codes are case-sensitive: "US" is the country, "us" the pronoun; in descriptions only a few unambiguous codes
count ("IT" there is information technology, not Italy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from jobsearch_pipelines.lib.ingestion.geo import CA_PROVINCE_CODES, CITY_COUNTRIES, COUNTRY_ALIASES, US_STATE_CODES
from jobsearch_pipelines.lib.remote.regions import regions

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}[A-Za-z]?|[^\W_]+|&", re.UNICODE)
# Short lower-case words that are places whatever their case; other gazetteer words of <= 3 letters must be
# written in capitals ("US", "UAE").
_SAFE_LOWER = frozenset({"uk", "usa", "uae", "eu", "eea", "emea", "apac", "latam", "dach", "cee", "anz", "amer",
                         "nyc", "uki", "gcc", "apj"})
# Codes a description may use in capitals (anything else in capitals there is more likely an acronym).
_DESCRIPTION_CODES = frozenset({"US", "UK", "EU", "USA", "UAE", "EEA"})
_EXTRA_COUNTRIES = {
    "czechia": "CZ", "türkiye": "TR", "turkiye": "TR", "the netherlands": "NL", "netherlands": "NL",
    "united states": "US", "the united states": "US", "the us": "US", "the usa": "US", "the uk": "GB",
    "united kingdom": "GB", "the united kingdom": "GB", "south korea": "KR", "north korea": "KP", "russia": "RU",
    "iran": "IR", "syria": "SY", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "vietnam": "VN",
    "viet nam": "VN", "laos": "LA", "moldova": "MD", "macedonia": "MK", "north macedonia": "MK",
    "bosnia": "BA", "bosnia and herzegovina": "BA", "bosnia & herzegovina": "BA", "kosovo": "RS",
    "ivory coast": "CI", "cote d'ivoire": "CI", "côte d'ivoire": "CI", "palestine": "PS", "taiwan": "TW",
    "hong kong": "HK", "macau": "MO", "macao": "MO", "cape verde": "CV", "eswatini": "SZ", "brunei": "BN",
    "micronesia": "FM", "dr congo": "CD", "drc": "CD", "the philippines": "PH", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "great britain": "GB", "britain": "GB", "puerto rico": "PR",
    "u.s.": "US", "u.s.a.": "US", "u.k.": "GB", "united states of america": "US", "us of a": "US",
    "czech republic": "CZ", "slovak republic": "SK", "the czech republic": "CZ", "republic of ireland": "IE",
    "holland": "NL", "deutschland": "DE", "españa": "ES", "italia": "IT", "polska": "PL", "österreich": "AT",
    "schweiz": "CH", "suisse": "CH", "sverige": "SE", "danmark": "DK", "norge": "NO", "suomi": "FI",
    "brasil": "BR", "méxico": "MX", "belgique": "BE", "belgië": "BE", "nederland": "NL", "portugal": "PT",
}
_EXTRA_CITIES = {
    "lisbon": "PT", "bay area": "US", "sf bay area": "US", "silicon valley": "US", "new york city": "US",
    "washington dc": "US", "d.c.": "US", "dc": "US", "cambridge": "GB", "oxford": "GB", "belfast": "GB",
    "glasgow": "GB", "leeds": "GB", "birmingham": "GB", "cardiff": "GB", "nuremberg": "DE", "nürnberg": "DE",
    "bilbao": "ES", "seville": "ES", "sevilla": "ES", "braga": "PT", "coimbra": "PT", "tartu": "EE",
    "timisoara": "RO", "iasi": "RO", "poznan": "PL", "poznań": "PL", "lodz": "PL", "łódź": "PL", "katowice": "PL",
    "thessaloniki": "GR", "nicosia": "CY", "limassol": "CY", "valletta": "MT", "bucuresti": "RO", "ljubljana": "SI",
    "split": "HR", "novi sad": "RS", "minsk": "BY", "tbilisi": "GE", "yerevan": "AM", "baku": "AZ",
    "kharkiv": "UA", "odesa": "UA", "odessa": "UA", "lausanne": "CH", "bern": "CH", "lugano": "CH",
    "espoo": "FI", "tampere": "FI", "oulu": "FI", "uppsala": "SE", "lund": "SE", "trondheim": "NO", "bergen": "NO",
    "odense": "DK", "aalborg": "DK", "galway": "IE", "limerick": "IE", "antwerpen": "BE", "leuven": "BE",
    "haarlem": "NL", "delft": "NL", "groningen": "NL", "nice": "FR", "nantes": "FR", "bordeaux": "FR",
    "lille": "FR", "marseille": "FR", "grenoble": "FR", "montpellier": "FR", "rennes": "FR", "strasbourg": "FR",
    "bologna": "IT", "florence": "IT", "naples": "IT", "genoa": "IT", "salzburg": "AT", "linz": "AT",
    "innsbruck": "AT", "karlsruhe": "DE", "dresden": "DE", "hannover": "DE", "hanover": "DE", "bonn": "DE",
    "mannheim": "DE", "heidelberg": "DE", "freiburg": "DE", "essen": "DE", "dortmund": "DE", "bremen": "DE",
    "tel-aviv": "IL", "herzliya": "IL", "haifa": "IL", "jerusalem": "IL", "doha": "QA", "istanbul": "TR",
    "ankara": "TR", "izmir": "TR", "toronto": "CA", "remote canada": "CA", "guadalajara": "MX", "monterrey": "MX",
    "cordoba": "AR", "córdoba": "AR", "curitiba": "BR", "belo horizonte": "BR", "florianopolis": "BR",
    "florianópolis": "BR", "porto alegre": "BR", "recife": "BR", "cali": "CO", "quito": "EC",
    "san jose costa rica": "CR", "guatemala city": "GT", "panama city": "PA", "santo domingo": "DO",
}


@dataclass(frozen=True)
class Place:
    """A place named in a text: the code it resolves to, what kind of name it was, and where it was written."""

    code: str  # ISO 3166 alpha-2 or a region code
    kind: str  # country, region, city, state
    start: int
    end: int
    text: str


def tokens(text: str) -> list[tuple[str, int, int, str]]:
    """(lower-cased token, start, end, original) for each word of ``text`` ("U.S." is one token, "us")."""
    out = []
    for match in _TOKEN.finditer(text):
        original = match.group()
        lower = original.lower().replace(".", "") if "." in original else original.lower()
        out.append((lower, match.start(), match.end(), original))
    return out


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t[0] for t in tokens(phrase))


@lru_cache(maxsize=1)
def gazetteer() -> dict[tuple[str, ...], tuple[str, str]]:
    """Token tuple -> (code, kind). Later sources override earlier ones (regions over countries over cities)."""
    entries: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(phrase: str, code: str, kind: str) -> None:
        key = _key(phrase)
        if key:
            entries[key] = (code, kind)

    for name, code in {**CITY_COUNTRIES, **_EXTRA_CITIES}.items():
        add(name, code, "city")
    for country_code, kind in (("US", "state"), ("CA", "state"), ("AU", "state")):
        for sub in pycountry.subdivisions.get(country_code=country_code) or []:
            name = sub.name.split("[")[0].strip()
            if country_code == "AU" and name.lower() not in ("new south wales", "queensland", "western australia"):
                continue  # "Victoria" is more often a name than the state
            add(name, country_code, kind)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                add(value, country.alpha_2, "country")
                if "," in value:
                    add(value.split(",")[0], country.alpha_2, "country")
    for name, code in {**COUNTRY_ALIASES, **_EXTRA_COUNTRIES}.items():
        add(name, code, "country")
    add("georgia", "US", "state")  # far more often the US state than the country in postings
    add("country of georgia", "GE", "country")
    for code, region in regions().items():
        add(code.replace("_", " "), code, "region")
        for alias in region.aliases:
            add(alias, code, "region")
    return entries


@lru_cache(maxsize=1)
def _max_len() -> int:
    return max(len(k) for k in gazetteer())


_ANYWHERE_NARROWED = frozenset({"in", "within", "inside", "across", "throughout", "from"})


def find_places(text: str, *, description: bool = False) -> list[Place]:
    """Every place named in ``text``, longest names first, left to right.

    ``description``: the text is prose, so only a few capitalised codes count (US, UK, EU, ...), and two-letter
    state/country codes are not read at all.
    """
    toks = tokens(text)
    gaz = gazetteer()
    out: list[Place] = []
    last_city: str | None = None
    i = 0
    n = len(toks)
    while i < n:
        matched = False
        for length in range(min(_max_len(), n - i), 0, -1):
            key = tuple(t[0] for t in toks[i:i + length])
            found = gaz.get(key)
            if found is None:
                continue
            original = toks[i][3]
            if length == 1 and len(key[0]) <= 3 and key[0] not in _SAFE_LOWER and not original.isupper():
                continue
            if length == 1 and len(key[0]) == 2 and description and original not in _DESCRIPTION_CODES:
                continue
            code, kind = found
            if code == "WORLDWIDE" and key[-1] in ("anywhere",) and i + length < n and \
                    toks[i + length][0] in _ANYWHERE_NARROWED:
                break  # "anywhere in France": the place that follows says where
            start, end = toks[i][1], toks[i + length - 1][2]
            out.append(Place(code, kind, start, end, text[start:end]))
            last_city = code if kind == "city" else last_city
            i += length
            matched = True
            break
        if matched:
            continue
        _lower, start, end, original = toks[i]
        if not description and len(original) == 2 and original.isalpha() and original.isupper():
            code = _two_letter(original, last_city)
            if code:
                out.append(Place(code, "country", start, end, original))
        i += 1
    return _anywhere_qualified(text, out)


def _anywhere_qualified(text: str, places: list[Place]) -> list[Place]:
    """"Anywhere, USA" and "Anywhere - Germany" name one country, not the world: drop the bare "anywhere"."""
    out = []
    for i, place in enumerate(places):
        following = places[i + 1] if i + 1 < len(places) else None
        if (place.code == "WORLDWIDE" and place.text.lower() == "anywhere" and following is not None
                and following.kind in ("country", "region", "state") and following.code != "WORLDWIDE"
                and not text[place.end:following.start].strip(" ,-–—:(/")):
            continue
        out.append(place)
    return out


def _two_letter(token: str, city_country: str | None) -> str | None:
    """A capitalised two-letter code in a location: "Berlin, DE" is Germany, "Austin, TX" Texas, "Remote - CA"
    California (US states win over countries unless a known city says otherwise)."""
    if token == "UK":
        return "GB"
    country = pycountry.countries.get(alpha_2=token)
    if city_country and country is not None and country.alpha_2 == city_country:
        return city_country
    if token in US_STATE_CODES and city_country in (None, "US"):
        return "US"
    if token in CA_PROVINCE_CODES and city_country in (None, "CA"):
        return "CA"
    return country.alpha_2 if country is not None else None
