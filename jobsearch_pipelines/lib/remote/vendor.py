"""Structured evidence from the fields an ATS sends with a posting (the ``vendor_fields`` kept by ingestion).

One reader for every vendor's keys, so the same dict works from the database and from the CLI: Ashby
``workplaceType``/``isRemote``/``location``/``secondaryLocations``/``address``; Greenhouse ``location`` and
``offices``; Lever ``workplaceType``, ``country``, ``categories.location``/``allLocations``; Workable
``telecommuting``/``workplace``/``remote``, ``locations[]``, ``country``/``city``; SmartRecruiters
``location{remote, hybrid, country, city, fullLocation}``; Recruitee ``remote``/``hybrid``/``on_site``,
``country_code``, ``locations[]``; Personio ``office``/``additionalOffices``/``keywords``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jobsearch_pipelines.lib.ingestion.geo import country_code, normalize_workplace


@dataclass
class VendorEvidence:
    """What the structured fields state: the workplace (and which field said so), extra location strings,
    and country codes (with the field each came from)."""

    workplace: str | None = None
    workplace_field: str | None = None
    locations: list[str] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)  # (ISO code, "field: value")

    def add_location(self, value: Any) -> None:
        text = _text(value)
        if text and text not in self.locations:
            self.locations.append(text)

    def add_country(self, value: Any, source: str) -> None:
        text = _text(value)
        code = country_code(text) if text else None
        if code and code not in [c for c, _ in self.countries]:
            self.countries.append((code, f"{source}: {text}"))

    def set_workplace(self, value: str | None, source: str) -> None:
        if value and self.workplace is None:
            self.workplace, self.workplace_field = value, source


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _address_country(address: Any) -> Any:
    address = _dict(address)
    postal = _dict(address.get("postalAddress")) or address
    return postal.get("addressCountry")


def _place_text(loc: Mapping[str, Any]) -> str | None:
    full = _text(loc.get("fullLocation")) or _text(loc.get("location")) or _text(loc.get("name"))
    if full:
        return full
    parts = [_text(loc.get(k)) for k in ("city", "region", "state", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def vendor_evidence(fields: Mapping[str, Any] | None) -> VendorEvidence:
    """Read every known vendor key of ``fields`` (unknown keys are ignored; wrong types are skipped)."""
    out = VendorEvidence()
    if not fields:
        return out
    for key in ("workplaceType", "workplace_type", "workplace", "locationType", "location_type"):
        value = normalize_workplace(_text(fields.get(key)))
        out.set_workplace(value, f"{key}: {fields.get(key)}")
    location_obj = _dict(fields.get("location"))
    for source, flags in (("", fields), ("location.", location_obj)):
        if flags.get("hybrid") is True:
            out.set_workplace("hybrid", f"{source}hybrid: true")
        for key in ("remote", "telecommuting", "isRemote", "is_remote"):
            if flags.get(key) is True:
                out.set_workplace("remote", f"{source}{key}: true")
        if flags.get("on_site") is True or flags.get("onsite") is True:
            out.set_workplace("onsite", f"{source}on_site: true")

    for key in ("location", "locationName", "office", "location_name"):
        out.add_location(fields.get(key))
    if location_obj:
        out.add_location(_place_text(location_obj))
        out.add_country(location_obj.get("countryCode") or location_obj.get("country"), "location.country")
    for item in _list(fields.get("secondaryLocations")):
        item = _dict(item)
        out.add_location(item.get("location") or item.get("locationName"))
        out.add_country(_address_country(item.get("address")), "secondaryLocations.address")
    for item in _list(fields.get("offices")):
        item = _dict(item)
        out.add_location(item.get("name"))
        out.add_location(item.get("location"))
    for value in _list(fields.get("additionalOffices")):
        out.add_location(value)
    categories = _dict(fields.get("categories"))
    out.add_location(categories.get("location"))
    for value in _list(categories.get("allLocations")):
        out.add_location(value)
    for item in _list(fields.get("locations")):
        if isinstance(item, Mapping):
            if item.get("hidden") is True:
                continue
            out.add_location(_place_text(item))
            out.add_country(item.get("countryCode") or item.get("country_code") or item.get("country"), "locations")
        else:
            out.add_location(item)
    out.add_country(_address_country(fields.get("address")), "address")
    for key in ("country", "countryCode", "country_code"):
        out.add_country(fields.get(key), key)
    if not out.locations and (fields.get("city") or fields.get("country")):
        out.add_location(_place_text(fields))
    return out
