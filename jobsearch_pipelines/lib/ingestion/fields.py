"""Normalisers for the posting fields every vendor spells differently: employment type, seniority, salary, dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_EMPLOYMENT = {
    "fulltime": "full_time", "full": "full_time", "permanent": "full_time", "regular": "full_time",
    "fulltimeemployee": "full_time", "fulltimepermanent": "full_time", "employee": "full_time",
    "parttime": "part_time", "part": "part_time", "fullorparttime": "full_time",
    "contract": "contract", "contractor": "contract", "freelance": "contract", "freelancer": "contract",
    "fixedterm": "temporary", "temporary": "temporary", "temp": "temporary", "seasonal": "temporary",
    "intern": "internship", "internship": "internship", "trainee": "internship", "student": "internship",
    "workingstudent": "internship", "werkstudent": "internship", "apprenticeship": "internship",
}


def normalize_employment_type(value: str | None) -> str | None:
    """"FullTime", "Full-time", "full_time", "permanent", "Intern" ... to full_time/part_time/contract/..."""
    if not value:
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    if key in _EMPLOYMENT:
        return _EMPLOYMENT[key]
    for needle, result in (("intern", "internship"), ("parttime", "part_time"), ("fulltime", "full_time"),
                           ("contract", "contract"), ("freelanc", "contract"), ("temporar", "temporary")):
        if needle in key:
            return result
    return None


_SENIORITY_TITLE = [
    (re.compile(r"\b(intern|internship|praktikum|werkstudent|working student|apprentice)\b", re.I), "intern"),
    (re.compile(r"\b(chief|c[tefo]o|vp|vice president|head of|svp|evp)\b", re.I), "executive"),
    (re.compile(r"\b(director)\b", re.I), "director"),
    (re.compile(r"\b(principal|distinguished|fellow)\b", re.I), "principal"),
    (re.compile(r"\b(staff)\b", re.I), "staff"),
    (re.compile(r"\b(lead|tech lead|team lead)\b", re.I), "lead"),
    (re.compile(r"\b(manager)\b", re.I), "manager"),
    (re.compile(r"\b(senior|sr\.?|snr)\b|\b(iii|iv|3|4)$", re.I), "senior"),
    (re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|associate|new grad)\b|\b(i)$", re.I), "junior"),
    (re.compile(r"\b(mid[- ]?level|intermediate|ii|2)$|\bmid\b", re.I), "mid"),
]
_SENIORITY_LEVEL = {
    "internship": "intern", "intern": "intern", "student": "intern", "entrylevel": "junior", "entry": "junior",
    "junior": "junior", "associate": "junior", "graduate": "junior", "midlevel": "mid", "mid": "mid",
    "experienced": "mid", "intermediate": "mid", "midseniorlevel": "senior", "senior": "senior",
    "seniorlevel": "senior", "lead": "lead", "manager": "manager", "director": "director",
    "executive": "executive", "cLevel".lower(): "executive", "principal": "principal", "staff": "staff",
}


def seniority(title: str | None, level: str | None = None) -> str | None:
    """Seniority from the title (most specific word wins), else from a vendor level field ("Mid-Senior level")."""
    if title:
        for pattern, result in _SENIORITY_TITLE:
            if pattern.search(title):
                return result
    if level:
        key = re.sub(r"[^a-z]", "", level.lower())
        if key in _SENIORITY_LEVEL:
            return _SENIORITY_LEVEL[key]
        for needle, result in (("intern", "intern"), ("entry", "junior"), ("junior", "junior"),
                               ("senior", "senior"), ("mid", "mid"), ("director", "director"),
                               ("executive", "executive"), ("manager", "manager")):
            if needle in key:
                return result
    return None


_INTERVALS = {
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "peryearsalary": "year", "1year": "year",
    "yr": "year", "pa": "year", "perannum": "year", "annum": "year", "peryear": "year", "salary": "year",
    "month": "month", "monthly": "month", "permonthsalary": "month", "1month": "month", "mo": "month",
    "permonth": "month", "week": "week", "weekly": "week", "perweeksalary": "week", "1week": "week",
    "day": "day", "daily": "day", "perdaywage": "day", "1day": "day", "perday": "day",
    "hour": "hour", "hourly": "hour", "perhourwage": "hour", "1hour": "hour", "hr": "hour", "perhour": "hour",
}


def normalize_interval(value: str | None) -> str | None:
    """Ashby "1 YEAR", Lever "per-year-salary", Recruitee "month" ... to year/month/week/day/hour."""
    if not value:
        return None
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if key in _INTERVALS:
        return _INTERVALS[key]
    for word in ("year", "month", "week", "day", "hour"):
        if word in key:
            return word
    return None


_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "C$": "CAD",
                     "A$": "AUD", "US$": "USD", "zł": "PLN", "kr": "SEK"}
_CODES = "USD|EUR|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|JPY|SGD|BRL|MXN|ILS|HUF|RON"
_CUR = rf"(?:US\$|C\$|A\$|[$€£¥₹]|\b(?:{_CODES})\b)"
_SALARY = re.compile(
    rf"(?P<c1>{_CUR})?\s?(?P<lo>\d{{1,3}}(?:[,.\s]\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<k1>[kK]\b)?\s*(?P<c2>{_CUR})?"
    rf"\s*(?:-|–|—|to)\s*"
    rf"(?P<c3>{_CUR})?\s?(?P<hi>\d{{1,3}}(?:[,.\s]\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<k2>[kK]\b)?\s*(?P<c4>{_CUR})?"
    rf"(?:\s*(?:/|per|a|an)\s*(?P<interval>year|annum|yr|month|mo|week|day|hour|hr)\b)?",
    re.IGNORECASE,
)


def _amount(number: str, kilo: bool) -> float:
    value = float(re.sub(r"[,.\s](?=\d{3}(?!\d))", "", number).replace(",", ""))
    return value * 1000 if kilo else value


_RANGE_HINT = re.compile(r"\d\s*[kK]?\s*(?:-|–|—|to)\D{0,6}\d")
_MARKERS = ("$", "€", "£", "¥", "₹", *_CODES.split("|"))


def _marker_positions(text: str) -> list[int]:
    positions = []
    for token in _MARKERS:
        start = text.find(token)
        while start != -1:
            positions.append(start)
            start = text.find(token, start + 1)
    return sorted(positions)


def salary_from_text(text: str | None) -> tuple[float, float, str, str] | None:
    """(min, max, currency, interval) from text like "$120,000 - $150,000 per year" or "€70K – €90K"; else None.

    Only ranges with a currency are accepted, so years ("2020 - 2024") and headcounts are not mistaken for pay.
    The full pattern only runs on short windows around currency markers that also contain a range.
    """
    if not text:
        return None
    for position in _marker_positions(text):
        window = text[max(0, position - 40):position + 60]
        if _RANGE_HINT.search(window):
            found = _salary_in(window)
            if found:
                return found
    return None


def _salary_in(text: str) -> tuple[float, float, str, str] | None:
    for match in _SALARY.finditer(text):
        cur = match.group("c1") or match.group("c2") or match.group("c3") or match.group("c4")
        if not cur:
            continue
        high = _amount(match.group("hi"), bool(match.group("k2")))
        low = _amount(match.group("lo"), bool(match.group("k1")))
        if match.group("k2") and not match.group("k1") and low < 1000:
            low *= 1000  # "70 - 90k": the k applies to both ends
        if low <= 0 or high < low:
            continue
        symbol = cur.upper() if cur.isalpha() else cur
        currency = _CURRENCY_SYMBOLS.get(symbol, symbol.upper())
        interval = normalize_interval(match.group("interval")) or ("hour" if high < 500 else "year")
        if interval == "year" and high < 5000:
            continue  # "3 - 5 years of experience" next to a stray currency sign
        return low, high, currency, interval
    return None


def parse_time(value: object) -> datetime | None:
    """A timestamp as aware UTC: ISO strings (any offset, "Z", date only, "2024-01-10 10:00:00 UTC"), epoch ms/s."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # Lever createdAt is epoch milliseconds
        return datetime.fromtimestamp(seconds, UTC)
    text = str(value).strip()
    if text.isdigit():
        return parse_time(int(text))
    text = re.sub(r"\s+UTC$", "+00:00", text).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def to_number(value: object) -> float | None:
    """A positive number from an int/float/numeric string, else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        return None
    return number if number > 0 else None
