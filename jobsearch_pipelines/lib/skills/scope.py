"""Scope rules: technologies a posting names without asking the candidate for them.

* **Excluded**: a negation cue governs the mention ("this is a Java role, not a JavaScript role", "no Rust work in
  this position", "we don't use PHP or Perl"). The cue covers the rest of its clause: a coordinated list of skills
  after it ("no Go, Rust or C++") but not what follows a clause break ("not required" after the mention is a
  level cue, handled by ``levels``).
* **Someone else's**: the clause says another team owns it ("our React Native app is owned by another team"), or it
  is the company's product in a blurb ("millions use our iOS and Android apps").
* **Equipment and perks**: a device follows the mention ("MacBook Pro or Linux laptop"), or the mention sits in a
  benefits section.
* **Company boilerplate**: the mention sits in an "About us" / "Who we are" section (what the company does, not
  what the role asks).

Each rule returns, per token of a sentence, the reason it is out of scope (None = in scope).
"""

from __future__ import annotations

from collections.abc import Sequence

from jobsearch_pipelines.lib.skills.text import word_list

_NEGATION = frozenset(word_list("not no never without neither nor non isn't aren't don't doesn't won't"))
_NOT_NEGATION_NEXT = frozenset(
    word_list("only just limited matter later less longer more doubt problem exception shy hesitate mind stop forget")
)
_CLAUSE_BREAKS = frozenset(word_list(". ; : ! ? ( ) but however though although whereas while instead yet -"))
_NEGATION_REACH = 10  # tokens a negation cue covers at most
_OTHER_OWNER = (
    ("owned", "by"),
    ("maintained", "by"),
    ("handled", "by"),
    ("managed", "by"),
    ("built", "by"),
    ("run", "by"),
)
_OTHER_PARTY = frozenset(word_list("another other separate different sister partner external"))
_PRODUCT_NOUNS = frozenset(
    word_list(
        "app apps application applications product products website websites site sites store game games client "
        "clients device devices users customers"
    )
)
_BLURB_CUES = frozenset(
    word_list(
        "millions thousands users customers downloads download downloaded available rated award-winning used "
        "trusted loved leading popular"
    )
)
_CANDIDATE_CUES = frozenset(
    word_list("you you'll your experience build develop maintain own improve extend work working join help will")
)
_EQUIPMENT = frozenset(
    word_list("laptop laptops macbook macbooks computer computers machine machines workstation workstations equipment")
)
_NOT_EQUIPMENT_NEXT = frozenset(word_list("learning vision science engineering translation readable"))
_EQUIPMENT_REACH = 4
_OUT_OF_SCOPE_SECTIONS = {"benefits": "benefit or perk", "company": "the company's, in its about-us section"}


def out_of_scope(words: Sequence[str], lower: Sequence[str], section: str) -> list[str | None]:
    """Per token: why it is not asked of the candidate, or None."""
    n = len(lower)
    reasons: list[str | None] = [None] * n
    if section in _OUT_OF_SCOPE_SECTIONS:
        return [_OUT_OF_SCOPE_SECTIONS[section]] * n
    _mark_negations(lower, reasons)
    _mark_other_owner(lower, reasons)
    _mark_company_product(lower, reasons)
    _mark_equipment(lower, reasons)
    return reasons


def _clause_bounds(lower: Sequence[str], index: int) -> tuple[int, int]:
    """The clause around ``index``: between clause breaks (and commas are not breaks: lists stay together)."""
    start = index
    while start > 0 and lower[start - 1] not in _CLAUSE_BREAKS:
        start -= 1
    end = index
    while end < len(lower) and lower[end] not in _CLAUSE_BREAKS:
        end += 1
    return start, end


def _mark_negations(lower: Sequence[str], reasons: list[str | None]) -> None:
    n = len(lower)
    for index, word in enumerate(lower):
        if word not in _NEGATION and not word.endswith("n't"):
            continue
        nxt = lower[index + 1] if index + 1 < n else ""
        if nxt in _NOT_NEGATION_NEXT or (word == "no" and nxt == "one"):
            continue
        if word == "not" and index > 0 and lower[index - 1] in {"if", "whether"}:
            continue
        end = index + 1
        while end < n and end - index <= _NEGATION_REACH and lower[end] not in _CLAUSE_BREAKS:
            end += 1
        for position in range(index + 1, end):
            reasons[position] = reasons[position] or f"excluded: '{word}'"


def _mark_other_owner(lower: Sequence[str], reasons: list[str | None]) -> None:
    n = len(lower)
    for index in range(n - 2):
        if (lower[index], lower[index + 1]) not in _OTHER_OWNER:
            continue
        window = lower[index + 2 : index + 5]
        if not any(w in _OTHER_PARTY for w in window) and "team" not in window[:1]:
            continue
        start, end = _clause_bounds(lower, index)
        for position in range(start, end):
            reasons[position] = reasons[position] or "owned by another team"


def _mark_company_product(lower: Sequence[str], reasons: list[str | None]) -> None:
    """"our <skills> app(s)" in a sentence about the product's users, not about the candidate's work."""
    words = set(lower)
    if not words & _BLURB_CUES or words & _CANDIDATE_CUES:
        return
    n = len(lower)
    for index, word in enumerate(lower):
        if word not in {"our", "their"}:
            continue
        end = index + 1
        while end < n and end - index <= 8 and lower[end] not in _PRODUCT_NOUNS and lower[end] not in _CLAUSE_BREAKS:
            end += 1
        if end < n and lower[end] in _PRODUCT_NOUNS:
            for position in range(index + 1, end):
                reasons[position] = reasons[position] or "the company's product"


def _mark_equipment(lower: Sequence[str], reasons: list[str | None]) -> None:
    """A device noun right after a stretch of names ("MacBook Pro or Linux laptop", "a Windows machine")."""
    n = len(lower)
    for index, word in enumerate(lower):
        if word not in _EQUIPMENT or (index + 1 < n and lower[index + 1] in _NOT_EQUIPMENT_NEXT):
            continue
        start = index
        while start > 0 and index - start < _EQUIPMENT_REACH * 2 and lower[start - 1] not in _CLAUSE_BREAKS and (
            lower[start - 1] not in {"with", "using", "in", "of", "for", "on"}
        ):
            start -= 1
        for position in range(start, min(n, index + 1)):
            reasons[position] = reasons[position] or "equipment"
        if word in {"macbook", "macbooks"}:  # a MacBook is equipment wherever it stands
            reasons[index] = "equipment"
