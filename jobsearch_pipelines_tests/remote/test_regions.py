"""Region memberships are data: every code is a real ISO 3166 country, and the facts the classifier relies on hold."""

from __future__ import annotations

import pycountry
import pytest

from jobsearch_pipelines.lib.remote import regions as r

EU_27 = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
         "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}


def test_every_member_is_an_iso_3166_alpha2_code() -> None:
    iso = {c.alpha_2 for c in pycountry.countries}
    for code, region in r.regions().items():
        assert region.members, code
        assert region.members <= iso, (code, sorted(region.members - iso))


def test_eu_is_the_27_member_states() -> None:
    assert r.eu() == EU_27
    assert {pycountry.countries.get(alpha_2=c).name for c in ("GB", "CH", "NO")}.isdisjoint(
        {pycountry.countries.get(alpha_2=c).name for c in r.eu()})


def test_eu_is_not_europe() -> None:
    europe = r.members("EUROPE")
    assert r.eu() < r.members("EEA") < europe < r.members("EMEA")
    for outside_eu in ("GB", "CH", "NO", "IS", "UA", "RS"):
        assert outside_eu in europe and outside_eu not in r.eu()
    assert r.members("EEA") - r.eu() == {"IS", "LI", "NO"}
    assert "CH" not in r.members("EEA") and "CH" in r.members("EFTA")


@pytest.mark.parametrize(("region", "inside", "outside"), [
    ("DACH", {"DE", "AT", "CH"}, {"NL"}),
    ("NORDICS", {"DK", "FI", "IS", "NO", "SE"}, {"EE"}),
    ("UK_IE", {"GB", "IE"}, {"FR"}),
    ("BENELUX", {"BE", "NL", "LU"}, {"DE"}),
    ("SCHENGEN", {"CH", "NO", "BG", "RO"}, {"IE", "CY", "GB"}),
    ("NORTH_AMERICA", {"US", "CA"}, {"BR"}),
    ("LATAM", {"MX", "BR", "AR", "CO"}, {"US", "ES", "PT"}),
    ("APAC", {"IN", "SG", "AU", "JP"}, {"DE", "AE"}),
    ("MENA", {"AE", "EG", "MA"}, {"CY", "GR"}),
])
def test_memberships(region: str, inside: set[str], outside: set[str]) -> None:
    assert inside <= r.members(region)
    assert not outside & r.members(region)


def test_regions_that_exclude_the_eu() -> None:
    for code in ("NORTH_AMERICA", "LATAM", "AMERICAS", "APAC", "ASIA", "MIDDLE_EAST", "MEA", "AFRICA", "GCC", "ANZ"):
        assert not r.members(code) & r.eu(), code


def test_worldwide_is_every_country_and_scopes_expand() -> None:
    assert r.members("WORLDWIDE") == {c.alpha_2 for c in pycountry.countries}
    assert r.expand(["DE", "NORDICS"]) == {"DE"} | r.members("NORDICS")
    assert r.covers(["EMEA"], "DE") and not r.covers(["EU"], "GB") and r.covers(["UK_IE"], "IE")
    assert "EU" in r.regions_containing("DE") and "EU" not in r.regions_containing("GB")


def test_aliases_are_unique_and_lower_case() -> None:
    seen: dict[str, str] = {}
    for code, region in r.regions().items():
        for alias in region.aliases:
            assert alias == alias.lower()
            assert alias not in seen, f"{alias!r} names both {seen[alias]} and {code}"
            seen[alias] = code
