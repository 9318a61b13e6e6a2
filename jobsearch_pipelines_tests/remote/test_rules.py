"""Each rule of the local classifier both ways, on postings shaped like real ones (boilerplate included)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from jobsearch_pipelines.lib.remote.classify import Eligibility, classify

BOILERPLATE = (
    "About us\nWe build payment infrastructure for 4,000 businesses in 30 countries, with offices in New York, "
    "London and Berlin.\n\nWhat you'll do\n- Design and build APIs in Go and PostgreSQL\n- Own services end to end\n"
    "\nBenefits\n- Learning budget\n- Home office stipend\n\nWe are an equal opportunity employer and value "
    "diversity. We do not discriminate on the basis of race, religion, national origin, gender or age."
)


def c(location: str | Sequence[str] | None, description: str = "", title: str = "Senior Backend Engineer",
      vendor: Mapping[str, Any] | None = None) -> Eligibility:
    text = f"{description}\n\n{BOILERPLATE}" if description is not None else BOILERPLATE
    return classify(title, [location] if isinstance(location, str) else list(location or []), text, vendor)


def yes(result: Eligibility, confidence: str | None = None) -> None:
    assert result.is_remote_eu, result.reason
    assert result.workplace_type == "remote"
    if confidence:
        assert result.confidence == confidence, result.reason


def no(result: Eligibility) -> None:
    assert not result.is_remote_eu, result.reason


# --- EMEA -------------------------------------------------------------------------------------------
def test_emea_admits_the_eu() -> None:
    result = c("Remote - EMEA")
    yes(result, "medium")
    assert result.regions == ["EMEA"] and "EMEA" in result.reason and "'Remote - EMEA'" in result.reason


def test_mena_and_emea_narrowed_to_the_uk_do_not() -> None:
    no(c("Remote - MENA"))
    no(c("Remote - Middle East & Africa"))
    result = c("Remote - EMEA", "For this role you must be based in the United Kingdom.")
    no(result)
    assert result.countries == ["GB"]


def test_emea_narrowed_to_eu_member_states_is_high() -> None:
    result = c("Remote - EMEA", "This position is open to candidates in EU member states only.")
    yes(result, "high")
    assert result.regions == ["EU"]


# --- time zones -------------------------------------------------------------------------------------
def test_cet_window_admits_the_eu() -> None:
    result = c("Remote", "You should be within ±2 h of CET to collaborate with the team.")
    yes(result, "medium")
    assert result.timezone == (-1.0, 3.0) and "UTC-1 to UTC+3" in result.reason
    yes(c("Remote (UTC-1 to UTC+3)"))
    yes(c("Remote", "Must work in the CET timezone."))


def test_us_time_zones_do_not() -> None:
    result = c("Remote", "You must be located in EST or PST time zones.")
    no(result)
    assert result.timezone == (-9.0, -4.0)
    no(c("Remote", "Candidates must be within 2 hours of US Pacific time."))


def test_overlap_with_us_hours_restricts_nothing() -> None:
    result = c("Remote - Europe", "You'll need 4 hours of overlap with US Eastern time.")
    yes(result)
    assert result.timezone is None


# --- UK only ----------------------------------------------------------------------------------------
def test_uk_only_is_not_eu() -> None:
    result = c("Remote - UK", "Must be based in the United Kingdom with the right to work in the UK.")
    no(result)
    assert result.confidence == "high" and result.countries == ["GB"]
    no(c("Remote (UK only)"))
    no(c(["London, UK", "Remote - United Kingdom"]))


def test_uk_and_ireland_is() -> None:
    yes(c("Remote - UK & Ireland"))
    yes(c(["Remote - United Kingdom", "Remote - Ireland"]))


# --- Switzerland ------------------------------------------------------------------------------------
def test_switzerland_is_not_eu() -> None:
    no(c("Remote - Switzerland"))
    result = c("Remote", "Fully remote. We can only hire people who live in Switzerland.")
    no(result)
    assert result.countries == ["CH"] and "Switzerland" in result.reason


def test_switzerland_or_germany_is() -> None:
    yes(c("Remote - Switzerland or Germany"), "high")
    yes(c("Remote - DACH"))


# --- Europe -----------------------------------------------------------------------------------------
def test_remote_europe() -> None:
    result = c("Remote - Europe")
    yes(result, "medium")
    assert result.regions == ["EUROPE"]


def test_remote_europe_narrowed_outside_the_eu() -> None:
    no(c("Remote - Europe", "Candidates must reside in Norway, Switzerland or the UK."))


def test_remote_us_and_remote_europe_together() -> None:
    yes(c(["Remote - United States", "Remote - Europe"]))


# --- anywhere -----------------------------------------------------------------------------------------
def test_anywhere() -> None:
    result = c("Anywhere")
    yes(result, "medium")
    assert result.regions == ["WORLDWIDE"]
    yes(c("Remote", "We hire globally: work from anywhere in the world."))
    yes(c("Remote - Worldwide"))


def test_anywhere_in_a_non_eu_place() -> None:
    no(c("Anywhere in the United States"))
    no(c("Remote", "Work from anywhere in Canada."))
    result = c("Anywhere in France, Belgium, Spain")
    yes(result, "high")
    assert result.countries == ["FR", "BE", "ES"]


def test_location_beats_a_boilerplate_anywhere() -> None:
    no(c("Remote (US)", "We believe great work can happen anywhere: work from anywhere!"))


# --- hybrid -------------------------------------------------------------------------------------------
def test_hybrid_with_office_days_is_not_remote() -> None:
    result = c("Berlin, Germany (Hybrid)", "2-3 days per week in our Berlin office.")
    no(result)
    assert result.workplace_type == "hybrid" and result.confidence == "high"
    result = c("Remote - Portugal", "This is a hybrid role: you'll join us in the Lisbon office 3 days a week.")
    no(result)
    assert result.workplace_type == "hybrid"
    no(c("Hybrid - London"))


def test_occasional_travel_stays_remote() -> None:
    yes(c("Remote - Portugal", "Fully remote; we meet twice a year at company offsites and visit the Lisbon "
                               "office once a month."))
    yes(c(["Berlin (Hybrid)", "Remote - Germany"]))


# --- work authorisation -------------------------------------------------------------------------------
def test_eu_work_authorisation() -> None:
    result = c("Remote - Europe", "Must have EU work authorization. We cannot sponsor visas.")
    yes(result, "high")
    assert result.regions == ["EU"]
    yes(c("Remote", "You must be eligible to work in the EU."), "high")


def test_us_work_authorisation() -> None:
    result = c("Remote", "Applicants must be currently authorized to work in the United States on a full-time "
                         "basis without sponsorship.")
    no(result)
    assert result.countries == ["US"]


# --- a restriction stated only in the description ---------------------------------------------------
def test_restriction_only_in_the_description() -> None:
    no(c("Remote", "This role is open to candidates residing in Canada."))
    no(c("Remote", "We are a remote-first company. Candidates must reside in one of the following US states: "
                   "California, Texas, New York."))
    yes(c("Remote", "We currently hire in these countries: Germany, Spain, Portugal and Poland."), "high")
    yes(c("Remote", "You must be based in Poland or Romania."))


def test_description_widens_an_office_location() -> None:
    # Greenhouse: only a city, no remote field; the description makes it remote within the EU
    yes(c("San Francisco, CA", "This role is fully remote within the EU."))


def test_preferences_and_negations_restrict_nothing() -> None:
    yes(c("Remote - Europe", "UK-based candidates preferred."))
    yes(c("Remote - EU", "You don't need to be based in Germany."))


# --- vendor fields --------------------------------------------------------------------------------------
def test_vendor_remote_field_with_a_plain_place() -> None:
    yes(c("Lisbon", vendor={"workplaceType": "Remote"}))
    no(c("Lisbon", vendor={"workplaceType": "Hybrid"}))
    no(c("Toronto", vendor={"location": {"remote": True, "country": "ca"}}))


def test_unknown_scope_and_unknown_arrangement_are_low_confidence_no() -> None:
    result = c("Remote")
    no(result)
    assert result.confidence == "low" and "does not say where" in result.reason
    result = c(None)
    no(result)
    assert result.workplace_type is None and result.confidence == "low"


@pytest.mark.parametrize(("location", "expected"), [
    ("Remote - LATAM", False), ("Remote - APAC", False), ("Remote (Spain)", True), ("US Remote", False),
    ("Remote - Nordics", True), ("Remote, Poland; Remote, United Kingdom", True), ("Remote - North America", False),
    ("EMEA (Remote)", True), ("Remote-UK&I", True), ("Remote - EEA", True), ("Remote - Schengen Area", True),
    ("Europe", True), ("Remote - India", False), ("-REMOTE, BULGARIA-", True), ("Remote - Turkey", False),
])
def test_location_strings(location: str, expected: bool) -> None:
    assert c(location, "").is_remote_eu is expected


# --- widening sentences, the current team, "Anywhere, <country>" ------------------------------------
@pytest.mark.parametrize("sentence", [
    "Kentik operates and hires worldwide, except for positions that have specific geographic requirements.",
    "Kraken employs people worldwide.",
    "OmniTI is open to hiring worldwide, though some projects may prefer team members in Western time zones.",
    "We're totally open to international employees if the fit is right.",
    "You can work from wherever you like.",
    "We are considering **Worldwide** applicants.",
    "For technical hires, we're looking anywhere all around the world.",
])
def test_sentences_that_open_the_role_to_the_world(sentence: str) -> None:
    result = c("Remote", sentence)
    yes(result, "medium")
    assert result.regions == ["WORLDWIDE"]


@pytest.mark.parametrize("sentence", [
    "We prefer to hire worldwide talent only for contract roles.",  # a preference in the widening clause
    "We are a global company with customers in 30 countries.",
    "Our product is used worldwide.",
])
def test_sentences_that_do_not_widen(sentence: str) -> None:
    no(c("Remote", sentence))


def test_the_team_list_includes_its_last_country() -> None:
    result = c("Remote", "Team is distributed across the United States, Canada, New Zealand, the United Kingdom, "
                         "Nigeria, and Germany with the highest concentration in the U.S.")
    yes(result, "low")
    assert "DE" in result.countries
    no(c("Remote", "Team is distributed across the United States, Canada and the United Kingdom."))


def test_where_the_team_lives_says_where_the_company_employs() -> None:
    yes(c("Remote", "We have team members all over Germany."), "low")
    yes(c("Remote", "We have team members all over the US, as well as an engineering team in Greece."), "low")
    yes(c("Remote", "Nowadays our team is based almost exclusively in Europe."), "low")
    no(c("Remote", "We have team members all over the US and Canada."))


def test_a_stated_worldwide_rule_beats_the_current_team() -> None:
    result = c("Remote", "At the moment we work from Australia, Chile and the USA, but we hire worldwide.")
    yes(result, "medium")


def test_anywhere_qualified_by_a_country_is_that_country() -> None:
    result = c("Anywhere, USA")
    no(result)
    assert result.countries == ["US"]
    yes(c("Anywhere"), "medium")


def test_asia_pacific_time_zones_are_not_us_pacific_time() -> None:
    yes(c("Remote", "Worldwide. We hire across the Americas, Europe, and Asia-Pacific time zones."))
    no(c("Remote", "You must work in Pacific time."))


def test_office_days_out_of_an_office_are_hybrid() -> None:
    result = c("Remote", "The company works 2 days/week out of our Durham office and 3 days/week from home.")
    assert result.workplace_type == "hybrid"
    no(result)
