"""The local (rule-based) remote-eligibility classifier: evidence in, one ``Eligibility`` out.

Evidence comes in three layers, read in this order: the vendor's structured fields (``vendor.py``), the location
strings (``locations.py``), then the description's sentences (``description.py``). The work arrangement is the
vendor's, unless a location offers a remote option or the description states office days; the scope (where a
hire may live) is the most specific statement of all layers: a description that narrows "Remote - Europe" to
"must have EU work authorisation" wins, a location "Remote - US" beats a boilerplate "work from anywhere".

``is_remote_eu`` is true when the job is fully remote and its scope admits at least one EU member state.
Confidence: high for an explicit EU statement or an EU country; medium for a wider region, a time-zone window
or a vendor's country field; low when guessed (from the title or an office's country, or no place at all).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jobsearch_pipelines.lib.remote.description import Statement, read_description
from jobsearch_pipelines.lib.remote.locations import LocationPart, read_locations, workplace_marker
from jobsearch_pipelines.lib.remote.places import find_places
from jobsearch_pipelines.lib.remote.regions import eu, expand, is_region, region_name, regions
from jobsearch_pipelines.lib.remote.timezones import Window, countries_in_window
from jobsearch_pipelines.lib.remote.vendor import vendor_evidence

CLASSIFIER_VERSION = "remote-local-1"
CONFIDENCES = ("high", "medium", "low")


@dataclass
class Eligibility:
    """Where a hire may live for one job, and the original's remote-EU judgement."""

    workplace_type: str | None
    scope: list[str]  # ISO countries and region codes; for hybrid/on-site jobs, the offices' countries
    is_remote_eu: bool
    confidence: str
    reason: str
    excluded: list[str] = field(default_factory=list)
    timezone: tuple[float, float] | None = None
    evidence: list[dict[str, str]] = field(default_factory=list)
    classifier: str = CLASSIFIER_VERSION

    @property
    def regions(self) -> list[str]:
        return [c for c in self.scope if is_region(c)]

    @property
    def countries(self) -> list[str]:
        return [c for c in self.scope if not is_region(c)]

    def eligible_countries(self) -> frozenset[str]:
        """Every country a hire may live in (the scope expanded, the window applied, exclusions removed)."""
        countries = set(expand(self.scope))
        if self.timezone is not None:
            window = countries_in_window(*self.timezone)
            countries = (countries & window) if self.scope else set(window)
        return frozenset(countries - set(self.excluded))

    def to_dict(self) -> dict[str, Any]:
        return {
            "workplace_type": self.workplace_type, "is_remote_eu": self.is_remote_eu, "confidence": self.confidence,
            "reason": self.reason, "regions": self.regions, "countries": self.countries, "excluded": self.excluded,
            "timezone": list(self.timezone) if self.timezone else None, "evidence": self.evidence,
            "classifier": self.classifier,
        }


@dataclass
class _Scope:
    codes: list[str]
    source: str  # location, vendor, description, auth, timezone, widen, title, office
    quote: str
    window: Window | None = None

    def countries(self) -> frozenset[str]:
        if self.window is not None:
            return countries_in_window(self.window.low, self.window.high)
        return expand(self.codes)


def _dedupe(codes: Sequence[str]) -> list[str]:
    """Codes once each, dropping a country already covered by a region in the same list only when the list
    is a region plus its own members written out ("Europe (Germany)" stays both: the reason quotes them)."""
    return list(dict.fromkeys(codes))


def _union(scopes: Sequence[_Scope], source: str) -> _Scope | None:
    if not scopes:
        return None
    codes = _dedupe([c for s in scopes for c in s.codes])
    return _Scope(codes, source, "; ".join(dict.fromkeys(s.quote for s in scopes)))


def _specific(candidates: Sequence[_Scope]) -> _Scope | None:
    """The most specific scope: the one covering the fewest countries (ties: the earlier, more structured)."""
    best: _Scope | None = None
    for candidate in candidates:
        if best is None or len(candidate.countries()) < len(best.countries()):
            best = candidate
    return best


def classify(title: str | None, locations: Sequence[str] | str | None, description: str | None,
             vendor_fields: Mapping[str, Any] | None = None) -> Eligibility:
    """Classify one posting (title, location strings, plain-text description, optional vendor fields)."""
    if isinstance(locations, str):
        locations = [locations]
    vendor = vendor_evidence(vendor_fields)
    parts = read_locations([*(locations or []), *vendor.locations])
    statements = read_description(description)
    title_marker = workplace_marker(title, title=True) if title else None
    evidence: list[dict[str, str]] = []

    workplace, workplace_quote, workplace_explicit, workplace_source = _workplace(
        vendor.workplace, vendor.workplace_field, parts, statements, title_marker, title)
    if workplace_quote:
        evidence.append({"source": "workplace", "quote": workplace_quote})

    remote_parts = [p for p in parts if p.workplace == "remote" or p.region_only]
    office_parts = [p for p in parts if p not in remote_parts]
    office_codes = _dedupe([c for p in office_parts for c in p.codes])

    if workplace != "remote":
        scope = office_codes or _dedupe([c for p in parts for c in p.codes]) or [c for c, _ in vendor.countries]
        quote = office_parts[0].text if office_parts and office_codes else (workplace_quote or "")
        return _finish_not_remote(workplace, scope, workplace_quote or quote, workplace_explicit, evidence)

    # --- where may a remote hire live -----------------------------------------------------------------
    located = [p for p in remote_parts if p.codes]
    source = "location"
    if not located and not remote_parts and workplace_source in ("vendor", "title"):
        located = [p for p in parts if p.codes and p.workplace is None]  # "remote" + plain places: where to live
        source = "vendor"
    location_scope = _union([_Scope(p.codes, source, p.text) for p in located], source)
    if location_scope is None and vendor.countries:
        location_scope = _Scope([c for c, _ in vendor.countries], "vendor", vendor.countries[0][1])
    restrict = [s for s in statements if s.kind == "restrict" and not s.soft]
    auth = [s for s in statements if s.kind == "auth" and not s.soft]
    chosen = _narrowest(location_scope, _description_scope(restrict, auth))
    windows = [p.window for p in remote_parts if p.window is not None]
    windows += [s.window for s in statements if s.kind == "window" and s.window is not None and not s.soft]
    window_scope = _Scope([], "timezone", windows[0].text, windows[0]) if windows else None
    candidates: list[_Scope] = [c for c in (chosen, window_scope) if c is not None]
    # No rule stated: a line of places ("Worldwide", "Americas and Europe"), else a sentence that widens ("we hire
    # worldwide"), else where the current team lives.
    widen = next((s for s in statements if s.kind == "widen" and not s.soft), None)
    for kind in ("place_line", "widen", "team"):
        if candidates:
            break
        if kind == "widen":
            if widen is not None:
                candidates.append(_Scope(["WORLDWIDE"], "widen", widen.quote))
            continue
        found = _union([_Scope(s.codes, kind, s.quote) for s in statements if s.kind == kind and not s.soft
                        and s.codes], kind)
        if found is not None:
            candidates.append(found)
    if not candidates and title:
        title_places = [p.code for p in find_places(title) if p.kind in ("country", "region")]
        if title_places:
            candidates.append(_Scope(title_places, "title", title))
    if not candidates and office_codes:
        candidates.append(_Scope(office_codes, "office", office_parts[0].text))

    chosen = _specific(candidates)
    excluded = _dedupe([c for s in statements if s.kind == "exclude" and not s.soft for c in s.codes
                        if not is_region(c)])
    if chosen is None:
        return Eligibility("remote", [], False, "low", _reason_unknown(workplace_quote), excluded, None,
                           evidence)
    evidence.append({"source": chosen.source, "quote": chosen.quote})
    window = chosen.window or (windows[0] if windows else None)
    scope = chosen.codes
    timezone = (window.low, window.high) if window is not None else None
    result = Eligibility("remote", scope, False, "low", "", excluded, timezone, evidence)
    eu_hits = result.eligible_countries() & eu()
    result.is_remote_eu = bool(eu_hits)
    result.confidence = _confidence(chosen, result.is_remote_eu, workplace_explicit)
    result.reason = _reason(result, chosen)
    return result


def _description_scope(restrict: list[Statement], auth: list[Statement]) -> _Scope | None:
    """Residence and authorisation statements together: where both are stated, the narrower wins."""
    residence = _union([_Scope(s.codes, "description", s.quote) for s in restrict], "description")
    authorised = _union([_Scope(s.codes, "auth", s.quote) for s in auth], "auth")
    if residence is None or authorised is None:
        return residence or authorised
    a, b = residence.countries(), authorised.countries()
    if a & b:
        return residence if len(a) <= len(b) else authorised
    return residence


def _narrowest(location: _Scope | None, described: _Scope | None) -> _Scope | None:
    """The location's scope, narrowed by the description when the description narrows every option the location
    offers ("Remote - Europe" + "must have EU work authorisation" -> EU). A description rule that covers only
    one of several listed options ("Remote - US or Europe" + "US applicants must be authorised to work in the
    US") or contradicts the location leaves the location's scope: the location is the job's own field."""
    if location is None or described is None:
        return location or described
    if location.source == "vendor":  # plain places or a country field, not a "Remote - X": the rule is more specific
        return described
    loc, desc = location.countries(), described.countries()
    if not desc < loc:
        return location
    if all(desc & (_Scope([code], "x", "").countries()) for code in location.codes):
        return described
    return location


def _workplace(vendor: str | None, vendor_field: str | None, parts: list[LocationPart], statements: list[Statement],
               title_marker: str | None, title: str | None) -> tuple[str | None, str | None, bool, str]:
    """(arrangement, the text that says so, whether it was stated rather than assumed, which layer said it)."""
    office_days = next((s for s in statements if s.kind in ("hybrid", "onsite") and not s.soft), None)
    remote_part = next((p for p in parts if p.workplace == "remote"), None)
    region_part = next((p for p in parts if p.region_only), None)
    mixed_options = remote_part is not None and remote_part.codes and any(
        p.workplace in ("hybrid", "onsite", None) and p.codes for p in parts)
    if office_days is not None and not mixed_options:
        return office_days.kind, office_days.quote, True, "description"
    if remote_part is not None:
        return "remote", remote_part.text, True, "location"
    if region_part is not None and vendor in (None, "remote"):
        return "remote", region_part.text, False, "location"
    if title_marker == "remote" and vendor in (None, "remote"):
        return "remote", title, True, "title"
    if vendor is not None:
        return vendor, vendor_field, True, "vendor"
    if title_marker in ("hybrid", "onsite"):
        return title_marker, title, True, "title"
    hybrid_part = next((p for p in parts if p.workplace in ("hybrid", "onsite")), None)
    if hybrid_part is not None:
        return hybrid_part.workplace, hybrid_part.text, True, "location"
    remote_statement = next((s for s in statements if s.kind == "remote"), None)
    if remote_statement is not None:
        return "remote", remote_statement.quote, True, "description"
    weak = next((s for s in statements if s.kind == "remote_weak"), None)
    if weak is not None and not any(p.codes for p in parts):
        return "remote", weak.quote, False, "description"
    placed = next((p for p in parts if p.codes), None)
    if placed is not None:
        return "onsite", placed.text, False, "location"
    return None, None, False, "none"


def _names(codes: Sequence[str], limit: int = 4) -> str:
    names = [region_name(c) for c in codes[:limit]]
    more = len(codes) - limit
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""
    return text + (f" and {more} more" if more > 0 else "")


def _q(quote: str | None) -> str:
    quote = " ".join((quote or "").split())
    if len(quote) > 140:
        quote = quote[:139].rsplit(" ", 1)[0] + "…"
    return f" — '{quote}'" if quote else ""


def _finish_not_remote(workplace: str | None, scope: list[str], quote: str | None, explicit: bool,
                       evidence: list[dict[str, str]]) -> Eligibility:
    where = f" in {_names(scope)}" if scope else ""
    if workplace == "hybrid":
        reason = f"Hybrid{where}: regular office days, not fully remote{_q(quote)}"
    elif workplace == "onsite":
        reason = f"On-site{where}: not remote{_q(quote)}"
    else:
        reason = f"Work arrangement not stated; not known to be remote{_q(quote)}"
    confidence = "high" if explicit and workplace else "medium" if workplace else "low"
    return Eligibility(workplace, _dedupe(scope), False, confidence, reason, evidence=evidence)


def _reason_unknown(quote: str | None) -> str:
    return f"Remote, but the posting does not say where a hire may live{_q(quote)}"


def _confidence(chosen: _Scope, is_eu: bool, workplace_explicit: bool) -> str:
    if chosen.source in ("title", "office", "team"):
        level = "low"
    elif chosen.source in ("timezone", "vendor", "widen", "place_line"):
        level = "medium"
    else:
        eu_named = any(c in eu() or (is_region(c) and regions()[c].members <= eu()) for c in chosen.codes)
        if is_eu:
            level = "high" if eu_named else "medium"
        else:
            level = "high" if all(not is_region(c) for c in chosen.codes) else "medium"
    if not workplace_explicit and level == "high":
        level = "medium"
    return level


def scope_summary(scope: Sequence[str], timezone: Sequence[float] | None = None,
                  excluded: Sequence[str] = ()) -> str:
    """"Remote within the EU", "Remote anywhere in the world", "Remote within UTC-1 to UTC+3 (not Germany)"."""
    if not scope and timezone:
        where = f"within {Window(timezone[0], timezone[1], '').label()}"
    elif list(scope) == ["WORLDWIDE"]:
        where = "anywhere in the world"
    else:
        where = f"within {_names(list(scope))}"
    if excluded:
        where += f" (not {_names(list(excluded))})"
    return f"Remote {where}"


def quote_of(reason: str | None) -> str | None:
    """The evidence a reason quotes ("... — 'Remote - EU'" -> "Remote - EU")."""
    if not reason or " — '" not in reason:
        return None
    return reason.rsplit(" — '", 1)[1].rstrip("'") or None


def _reason(result: Eligibility, chosen: _Scope) -> str:
    timezone = (chosen.window.low, chosen.window.high) if chosen.window is not None else None
    head = scope_summary([] if chosen.window is not None else result.scope, timezone, result.excluded)
    if result.is_remote_eu:
        return f"{head}{_q(chosen.quote)}"
    return f"{head} only: no EU country{_q(chosen.quote)}"
