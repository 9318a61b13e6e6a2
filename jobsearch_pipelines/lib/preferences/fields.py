"""The preference vocabulary shared by the event functions (which record preferences) and ranking (which reads them).

Field names are the original system's twelve plus ``target_roles``; each has a kind and, for enumerations, its
allowed values.
``validate_preference`` turns a raw value into its canonical form or raises ``PreferenceError`` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["list", "number", "enum_list"]

SOURCES = ("explicit", "default", "inferred_application", "inferred_feedback", "inferred_view")
COMPANY_TYPES = ("CONSULTANCY", "AGENCY", "STAFFING", "DIRECTORY", "PRODUCT", "OTHER", "UNKNOWN")
WORK_ARRANGEMENTS = ("remote", "hybrid", "onsite")
SENIORITY_LEVELS = (
    "intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director", "executive",
)
CONTRACT_TYPES = ("full_time", "part_time", "contract", "temporary", "internship", "freelance")


@dataclass(frozen=True)
class PreferenceField:
    name: str
    kind: Kind
    choices: tuple[str, ...] = ()
    upper: bool = False  # normalise list items to upper case (country codes, company types)
    description: str = ""


PREFERENCE_FIELDS: dict[str, PreferenceField] = {
    f.name: f
    for f in (
        PreferenceField("preferred_countries", "list", upper=True, description="ISO 3166-1 alpha-2 country codes"),
        PreferenceField("preferred_timezones", "list", description="IANA names or UTC offsets, e.g. Europe/Berlin"),
        PreferenceField("excluded_company_types", "enum_list", COMPANY_TYPES, upper=True),
        PreferenceField("min_salary", "number", description="yearly, in the job's currency"),
        PreferenceField("max_salary", "number", description="yearly, in the job's currency"),
        PreferenceField("seniority_level", "enum_list", SENIORITY_LEVELS),
        PreferenceField("tech_stack", "list", description="skill names or slugs"),
        PreferenceField("preferred_companies", "list", description="company keys or names"),
        PreferenceField("disliked_companies", "list", description="company keys or names"),
        PreferenceField("preferred_skills", "list", description="skill names or slugs"),
        PreferenceField("work_arrangement", "enum_list", WORK_ARRANGEMENTS),
        PreferenceField("contract_type", "enum_list", CONTRACT_TYPES),
        PreferenceField("target_roles", "list", description="role titles wanted, e.g. Backend Engineer"),
    )
}

# Spellings of the original system and of users, mapped to our canonical values.
_SYNONYMS = {
    "fully_remote": "remote",
    "remote_only": "remote",
    "on-site": "onsite",
    "on_site": "onsite",
    "office": "onsite",
    "full-time": "full_time",
    "fulltime": "full_time",
    "part-time": "part_time",
    "parttime": "part_time",
}


class PreferenceError(ValueError):
    """A preference that is not one of ours or has a value of the wrong shape; the message names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def validate_preference(field: str, value: Any) -> Any:
    """The canonical value of ``field`` (lists de-duplicated in order), or ``PreferenceError``."""
    spec = PREFERENCE_FIELDS.get(field)
    if spec is None:
        known = ", ".join(sorted(PREFERENCE_FIELDS))
        raise PreferenceError("field", f"unknown preference field {field!r} (known: {known})")
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PreferenceError(field, f"expected a number, got {type(value).__name__}")
        if value < 0:
            raise PreferenceError(field, "must not be negative")
        return float(value)
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise PreferenceError(field, "expected a string or a list of strings")
    out: list[str] = []
    for raw in items:
        item = raw.strip()
        if not item:
            raise PreferenceError(field, "empty string in list")
        if spec.kind == "enum_list":
            item = _SYNONYMS.get(item.lower(), item.lower())
            if spec.upper:
                item = item.upper()
            if item not in spec.choices:
                raise PreferenceError(field, f"{raw!r} is not one of {', '.join(spec.choices)}")
        elif spec.upper:
            item = item.upper()
        if item not in out:
            out.append(item)
    return out
