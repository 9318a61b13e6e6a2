"""The fast cue matcher finds exactly what the cue regexes find (it only avoids running them)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobsearch_pipelines.lib.companies import cues
from jobsearch_pipelines.lib.companies.charset import decode_body
from jobsearch_pipelines.lib.companies.cue_matcher import expand, required_literal
from jobsearch_pipelines_tests.companies.warc_builders import PAGES_DIR

MATCHER = cues._MATCHER
PAGE_TEXTS = [decode_body(p.read_bytes())[0].lower() for p in sorted(PAGES_DIR.glob("*.html"))]
VOCABULARY = sorted({w for text in PAGE_TEXTS for w in text.split()} | {"our clients", "werbeagentur", "top 10"})


def _reference(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for cue in MATCHER.cues:
        if cue.regex.search(text):
            found.setdefault(cue.category, set()).add(cue.label)
    return found


def test_expansion_and_required_literals() -> None:
    assert expand(r"\b(?:our|for) clients\b") == [("our clients", True, True), ("for clients", True, True)]
    assert expand(r"\bwerbe\w*\b") == [("werbe", True, False)]
    assert sorted(p for p, _, _ in expand(r"\bag[êe]ncia\b|\bcases?\b")) == ["agencia", "agência", "case", "cases"]
    assert expand(r"\btop \d+\b") is None and expand(r"(?<!x)beratung") is None
    assert required_literal(r"\bbest \w+ (?:\w+ )?(?:companies|firms)\b") == "best"
    assert required_literal(r"(?:\w+ )?x") is None


def test_matcher_equals_the_regexes_on_the_labelled_pages() -> None:
    for text in PAGE_TEXTS:
        assert MATCHER.find(text) == _reference(text)


def test_matcher_equals_the_regexes_on_a_sample_of_the_independent_pages() -> None:
    """Every twentieth page the outside helpers wrote, in two dozen languages: an anchor list that misses a phrase of
    its regex (a Latvian accusative, say) shows here."""
    from jobsearch_pipelines.lib.companies.extract import analyze_html

    pages = sorted(PAGES_DIR.parent.glob("pages_independent_*/*.html"))[::20]
    assert len(pages) > 100
    for path in pages:
        text = analyze_html(decode_body(path.read_bytes())[0], "https://x.example/", keep_text=True).lowered_text
        assert text and MATCHER.find(text) == _reference(text), path.name


def test_matcher_equals_the_regexes_on_shuffled_page_words() -> None:
    rng = random.Random(11)
    for _ in range(100):
        text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(5, 400)))
        assert MATCHER.find(text) == _reference(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=60), st.text(alphabet="abcé/$€1 -", max_size=30))
def test_matcher_equals_the_regexes_on_generated_text(words: list[str], noise: str) -> None:
    text = noise + " ".join(words) + noise
    assert MATCHER.find(text) == _reference(text)


def test_every_explicit_anchor_list_serves_a_cue_the_automaton_cannot_match_alone() -> None:
    """A label whose cues are all finite phrase sets never reads its anchors: such an entry is dead."""
    anchored = {cue.label for cue in MATCHER.cues if cue.phrases is None}
    assert set(cues.EXPLICIT_ANCHORS) <= anchored, set(cues.EXPLICIT_ANCHORS) - anchored


def test_no_cue_regex_runs_over_every_page() -> None:
    """A pattern with an alternative that has no literal of its own (and no explicit anchors) runs its regex over
    every page's whole text: one such cue cost 35 % of cue matching (fifteenth session)."""
    assert [MATCHER.cues[i].label for i in MATCHER._always] == []
    titles = cues._SELF_DESCRIPTION_MATCHER  # titles and descriptions: the same (three such cues cost 0.03 ms a page)
    assert [titles.cues[i].label for i in titles._always] == []


def test_explicit_anchors_serve_one_pattern_of_their_label() -> None:
    """Anchors written for one regex would hide another regex's matches of the same label: refused at build."""
    import pytest

    from jobsearch_pipelines.lib.companies.cue_matcher import CueMatcher

    anchors = {"fee": ("salary",)}
    fine = CueMatcher([("s", "fee", r"\bsuccess fee\b"), ("s", "fee", r"\b\d+ ?% (?:\w+ ){0,3}salary\b")], anchors)
    assert fine.find("a success fee") == {"s": {"fee"}} and fine.find("18 % of annual salary") == {"s": {"fee"}}
    with pytest.raises(ValueError, match="'fee': explicit anchors"):
        CueMatcher([("s", "fee", r"\bfree replace\w* of \w+\b"), ("s", "fee", r"\b\d+ ?% (?:\w+ ){0,3}salary\b")],
                   anchors)


def test_practices_are_matched_as_their_regexes_match() -> None:
    texts = ["studio rossi – commercialisti a padova", "ó briain kiely solicitors | technology law",
             "kirkgate hr | hr consultancy for yorkshire smes", "software for accountancy firms and law firms",
             "kodnik – odoo partner | uvedba erp – računovodstvo"]
    for text in texts:
        expected = {label for label, pattern in cues.PRACTICES if re.search(pattern, text)}
        assert cues.find_self_description(text).get("practice", set()) == expected, text
