"""Taxonomy coverage and validation; HTML to text; tokens; SkillSpan reading and span scoring."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from jobsearch_pipelines.lib.skills.embeddings import CachedEmbedder, HashedNgramEmbedder, MemoryVectorStore
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer
from jobsearch_pipelines.lib.skills.skillspan import bio_spans, read_conll, score_spans
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy, parse_taxonomy
from jobsearch_pipelines.lib.skills.text import (
    html_to_text,
    sentences,
    token_spans,
    token_strings,
    tokenize,
    word_list,
)
from jobsearch_pipelines.lib.skills.vector_search import TaxonomyIndex, chunk_text
from jobsearch_pipelines_tests.skills.postings import BENEFITS, INTROS

ORIGINAL_TAGS = word_list(
    "javascript typescript python java csharp ruby php go rust swift kotlin scala elixir react vue angular svelte "
    "nextjs nuxt nodejs express nestjs django flask fastapi rails spring laravel postgresql mysql mongodb redis "
    "elasticsearch cassandra dynamodb sqlite aws azure gcp docker kubernetes terraform ansible jenkins circleci "
    "github-actions git ci-cd linux bash ios android react-native flutter sql machine-learning deep-learning "
    "tensorflow pytorch pandas numpy scikit-learn jest pytest cypress selenium rest-api graphql grpc websocket "
    "microservices serverless event-driven agile tdd html css sass tailwind webpack vite"
)


def test_taxonomy_covers_the_original_81_and_is_much_larger() -> None:
    taxonomy = default_taxonomy()
    assert len(ORIGINAL_TAGS) == 81
    missing = [tag for tag in ORIGINAL_TAGS if taxonomy.by_slug(tag) is None]
    assert missing == []
    assert len(taxonomy) >= 450
    categories = {s.category for s in taxonomy.skills}
    assert {"Business Tools", "Data & ML", "Testing", "Cloud & Infrastructure"} <= categories
    for business in ("excel", "sap", "salesforce"):
        assert taxonomy.by_slug(business) is not None


def test_original_aliases_resolve() -> None:
    gazetteer = Gazetteer(default_taxonomy())
    for alias, slug in [
        ("golang", "go"),
        ("k8s", "kubernetes"),
        ("postgres", "postgresql"),
        ("react.js", "react"),
        ("sklearn", "scikit-learn"),
        ("amazon-web-services", "aws"),
        ("c-sharp", "csharp"),
        ("shell-scripting", "bash"),
        ("html5", "html"),
        ("ruby-on-rails", "rails"),
    ]:
        words = [t.text for t in tokenize(alias)]
        assert {m.skill.slug for m in gazetteer.match(words)} == {slug}, alias


def test_case_sensitive_aliases() -> None:
    gazetteer = Gazetteer(default_taxonomy())
    assert [m.skill.slug for m in gazetteer.match(["Experience", "with", "SAP"])] == ["sap"]
    assert gazetteer.match(["the", "sap", "rises"]) == []
    assert [m.skill.slug for m in gazetteer.match(["Senior", "IT", "consultant"])] == ["information-technology"]
    assert gazetteer.match(["it", "is"]) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a mapping"),
        ({"Lang": [{"slug": "x"}]}, "Lang[0].name"),
        ({"Lang": [{"name": "Go", "slug": "Go!"}]}, "Lang[0].slug"),
        ({"Lang": [{"name": "Go"}, {"name": "Golang", "slug": "go"}]}, "Lang[1].slug: 'go' already used"),
        ({"Lang": [{"name": "Go", "aliases": "golang"}]}, "Lang[0].aliases: expected a list"),
        ({"L" * 65: [{"name": "Go"}]}, "at most 64 characters"),
    ],
)
def test_taxonomy_validation_names_the_field(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_taxonomy(data)


def test_html_to_text_blocks_lists_entities() -> None:
    html = (
        "<div><h2>Role</h2><p>Build&nbsp;APIs &amp; tools.</p><ul><li>Go</li><li>SQL</li></ul><style>p{}</style></div>"
    )
    assert html_to_text(html) == "Role\nBuild APIs & tools.\n- Go\n- SQL"
    assert html_to_text("Plain text\n\n\n\nwith gaps") == "Plain text\n\nwith gaps"
    assert html_to_text(None) == "" and html_to_text("") == ""


def test_a_script_tag_written_as_text_hides_nothing_after_it() -> None:
    # Vue postings write "<script setup>" in their stack line: no closing tag follows, so the rest is text.
    vue = "Stack: Vue 3 (Composition API, <script setup>), Nuxt 3, TypeScript.\nTests with Vitest and Playwright."
    assert html_to_text(vue) == ("Stack: Vue 3 (Composition API, ), Nuxt 3, TypeScript.\n"
                                 "Tests with Vitest and Playwright.")
    assert html_to_text("<p>Go</p><script>track('x')</script><p>Rust</p>") == "Go\nRust"


def test_an_html_table_row_reads_as_a_markdown_row() -> None:
    table = "<table><tr><th>Area</th><th>System</th></tr><tr><td>Finance</td><td>Dynamics 365</td></tr></table>"
    assert html_to_text(table) == "| Area | System |\n| Finance | Dynamics 365 |"


def test_tokens_keep_technical_names_whole() -> None:
    words = [t.text for t in tokenize("C++, C#, .NET, node.js, CI/CD and e-commerce; no_std.")]
    assert words == ["C++", ",", "C#", ",", ".NET", ",", "node.js", ",", "CI", "/", "CD", "and", "e-commerce", ";",
                     "no_std", "."]
    # Windows-1252's right quote read as Latin-1 (U+0092) and the soft hyphen stay inside their word
    assert [t.text for t in tokenize("\x95Bachelor\x92s degree, hydrocol\xadloids")] == [
        "\x95", "Bachelor\x92s", "degree", ",", "hydrocol\xadloids"]
    text = "One. Two words\nThree"
    assert [text[s:e] for s, e in sentences(text)] == ["One.", "Two words", "Three"]


def test_token_spans_found_from_the_words_match_the_tokenizer() -> None:
    """``token_spans`` finds each word after the one before; on any text it agrees with ``tokenize``."""
    rng = random.Random(7)
    pieces = ["C++", "node.js", "e-commerce", "..", "Go", "go", "(AWS)", "—", "\u2019s", "\x92", "\xad", "日本",
              "a", "  ", "\n", "\t", "CI/CD", "#", "Bachelor\x92s", ".NET", "1.2.3", "x", "&amp;"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "\n"]) for _ in range(rng.randint(1, 25)))
        expected = [(t.start + 5, t.end + 5) for t in tokenize(text)]
        assert token_spans(text, token_strings(text), 5) == expected, repr(text)


def test_span_scoring_strict_and_relaxed() -> None:
    gold = [[(0, 2), (5, 6)], [(1, 2)]]
    predicted = [[(0, 2), (4, 6)], [(3, 4)]]
    scores = score_spans(gold, predicted)
    assert (scores["strict"].precision, scores["strict"].recall) == (1 / 3, 1 / 3)
    assert (scores["relaxed"].precision, scores["relaxed"].recall) == (2 / 3, 2 / 3)
    assert bio_spans(["B-K", "I-K", "O", "I-K", "B-K", "B-K"]) == [(0, 2), (3, 4), (4, 5), (5, 6)]


def test_read_conll_and_bad_rows(tmp_path: Path) -> None:
    good = tmp_path / "ok.conll"
    good.write_text("Java\tO\tB-Knowledge\nrocks\tO\tO\n\nNext\tO\tO\n")
    sentences_read = read_conll(good)
    assert [s.tokens for s in sentences_read] == [["Java", "rocks"], ["Next"]]
    bad = tmp_path / "bad.conll"
    bad.write_text("Java B-Knowledge\n")
    with pytest.raises(ValueError, match=r"bad\.conll:1"):
        read_conll(bad)


def test_chunks_cover_the_whole_text() -> None:
    words = [f"w{i}" for i in range(1000)]
    chunks = chunk_text(" ".join(words), max_words=120, overlap=20)
    assert chunks[0].split()[0] == "w0" and chunks[-1].split()[-1] == "w999"
    assert all(len(c.split()) <= 120 for c in chunks)
    assert chunks[1].split()[0] == "w100"
    packed = chunk_text("One two three. Four five six.\nSeven eight.", max_words=6, overlap=2)
    assert packed == ["One two three. Four five six.", "Seven eight."]
    assert chunk_text("   ") == []


def test_hashed_embedder_and_cache_and_vector_search() -> None:
    inner = HashedNgramEmbedder()
    embedder = CachedEmbedder(inner, MemoryVectorStore())
    vectors = embedder.embed(["postgres database", "PostgreSQL", "postgres database"])
    assert vectors.shape == (3, inner.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.computed == 2  # duplicate text embedded once
    embedder.embed(["PostgreSQL"])
    assert embedder.computed == 2 and inner.calls == 1
    index = TaxonomyIndex(default_taxonomy(), embedder)
    rng = random.Random(7)
    filler = " ".join(rng.choice(INTROS + BENEFITS) for _ in range(60))  # ~1,000 words without skills
    long_text = filler + "\nOur stack: Kubernetes, Terraform and PostgreSQL."
    assert len(long_text.split()) > 800
    top = [c.skill.slug for c in index.top_k(long_text, k=50)]
    assert {"kubernetes", "terraform", "postgresql"} <= set(top)  # found beyond the first 512 tokens


def test_db_vector_store_round_trip_and_concurrent_inserts(engine: object) -> None:
    from jobsearch_pipelines.lib.skills.store import DbVectorStore

    store = DbVectorStore(engine)  # type: ignore[arg-type]
    first = {"a" * 64: np.arange(4, dtype=np.float32), "b" * 64: np.ones(4, dtype=np.float32)}
    store.put_many("m", first)
    store.put_many("m", {"a" * 64: np.zeros(4, dtype=np.float32), "c" * 64: np.full(4, 2, dtype=np.float32)})
    found = store.get_many("m", ["a" * 64, "c" * 64, "d" * 64])
    assert set(found) == {"a" * 64, "c" * 64}
    assert found["a" * 64].tolist() == [0.0, 1.0, 2.0, 3.0]  # the first vector stays
    assert store.get_many("other-model", ["a" * 64]) == {}
