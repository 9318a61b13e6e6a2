"""The LLM extractor against a local OpenAI-compatible server: parsing, guards, retries, usage, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobsearch_pipelines.lib.flow_control.gcra import GcraLimiter
from jobsearch_pipelines.lib.skills.factory import ExtractorSettings, build_extractor
from jobsearch_pipelines.lib.skills.llm import LlmExtractor, find_evidence
from jobsearch_pipelines.lib.skills.text import job_text, source_text
from jobsearch_pipelines_tests.skills.fake_openai import chat_reply, error_reply, fake_openai_server

TITLE = "Senior Backend Engineer"
DESCRIPTION = (
    "<h3>Requirements</h3><ul><li>5+ years of experience with Go and PostgreSQL.</li>"
    "<li>Running services on Kubernetes.</li></ul><h3>Nice to have</h3><ul><li>Some Terraform.</li></ul>"
)


def _extractor(base_url: str, **overrides: object) -> LlmExtractor:
    settings = ExtractorSettings(
        extractor="llm", llm_base_url=base_url, llm_model="test-model", max_retries=3, embeddings_provider="hashed"
    )
    for key, value in overrides.items():
        settings = ExtractorSettings(**{**settings.__dict__, key: value})
    extractor = build_extractor(settings)
    assert isinstance(extractor, LlmExtractor)
    return extractor


def test_structured_output_is_requested_parsed_and_verified() -> None:
    with fake_openai_server() as server:
        server.chat_script.append(
            chat_reply(
                [
                    {
                        "tag": "go",
                        "level": "required",
                        "confidence": 0.95,
                        "evidence": "experience with Go and PostgreSQL",
                    },
                    {
                        "tag": "kubernetes",
                        "level": "required",
                        "confidence": 0.8,
                        "evidence": "services on  kubernetes",
                    },
                    {"tag": "terraform", "level": "preferred", "confidence": 1.7, "evidence": "Some Terraform."},
                ]
            )
        )
        extractor = _extractor(server.base_url)
        result = extractor.extract(TITLE, DESCRIPTION)
    ((_path, request),) = [r for r in server.requests if r[0].endswith("/chat/completions")]
    assert request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    user = request["messages"][1]["content"]
    assert "- go: Go" in user and "- postgresql: PostgreSQL" in user
    text = source_text(TITLE, DESCRIPTION)
    by_slug = {s.slug: s for s in result.skills}
    assert set(by_slug) == {"go", "kubernetes", "terraform"}
    assert by_slug["terraform"].confidence == 1.0  # clamped
    for skill in result.skills:
        mention = skill.mentions[0]
        assert text[mention.start : mention.end] == mention.text
    assert by_slug["kubernetes"].mentions[0].text == "services on Kubernetes"  # case/whitespace-insensitive find
    assert [m.text for m in by_slug["go"].mentions] == ["experience with Go and PostgreSQL"]  # "Go" is inside it
    assert [m.text for m in by_slug["terraform"].mentions] == ["Some Terraform."]
    assert [s.level for s in result.skills] == ["required", "required", "preferred"]
    assert result.usage == {"prompt_tokens": 120, "completion_tokens": 40}


def test_hallucinated_tags_and_evidence_not_in_the_text_are_rejected() -> None:
    with fake_openai_server() as server:
        server.chat_script.append(
            chat_reply(
                [
                    {
                        "tag": "quantum-basket-weaving",
                        "level": "required",
                        "confidence": 0.9,
                        "evidence": "experience with Go",
                    },
                    {"tag": "cobol", "level": "required", "confidence": 0.9, "evidence": "experience with Go"},
                    {"tag": "go", "level": "required", "confidence": 0.9, "evidence": "10 years of Go at Google"},
                    {"tag": "postgresql", "level": "required", "confidence": 0.9, "evidence": "SQL"},
                    {
                        "tag": "kubernetes",
                        "level": "mandatory",
                        "confidence": 0.9,
                        "evidence": "services on Kubernetes",
                    },
                    {"tag": "terraform", "level": "preferred", "confidence": 0.6, "evidence": "Some Terraform."},
                    {"tag": "terraform", "level": "required", "confidence": 0.6, "evidence": "Some Terraform."},
                ]
            )
        )
        extractor = _extractor(server.base_url, top_k=3)
        assert "cobol" not in {c.slug for c in extractor.candidates(job_text(TITLE, DESCRIPTION))}
        result = extractor.extract(TITLE, DESCRIPTION)
    assert [s.slug for s in result.skills] == ["terraform"]
    reasons = [r["reason"] for r in extractor.stats.rejected]
    assert reasons == [
        "tag not among the candidates",
        "tag not among the candidates",
        "evidence not found in the text",
        "evidence too short",
        "unknown level",
        "duplicate tag",
    ]


def test_rate_limited_429_then_success_is_retried_by_the_sdk() -> None:
    with fake_openai_server() as server:
        server.chat_script.extend(
            [
                error_reply(429, retry_after="0"),
                error_reply(503, retry_after="0"),
                chat_reply([{"tag": "go", "level": "required", "confidence": 0.9, "evidence": "experience with Go"}]),
            ]
        )
        result = _extractor(server.base_url).extract(TITLE, DESCRIPTION)
        assert server.count("/chat/completions") == 3
    assert [s.slug for s in result.skills] == ["go"]
    assert result.usage == {"prompt_tokens": 120, "completion_tokens": 40}


def test_persistent_errors_raise_after_the_retries() -> None:
    import openai

    with fake_openai_server() as server:
        server.chat_script.extend([error_reply(500)] * 3)
        with pytest.raises(openai.InternalServerError):
            _extractor(server.base_url, max_retries=2).extract(TITLE, DESCRIPTION)
        assert server.count("/chat/completions") == 3


def test_calls_are_spaced_by_the_gcra_limiter() -> None:
    clock = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock[0] += seconds

    with fake_openai_server() as server:
        extractor = _extractor(server.base_url)
        extractor.limiter = GcraLimiter(2, timedelta(minutes=1), burst=0, clock=lambda: clock[0], sleep=sleep)
        extractor.extract(TITLE, DESCRIPTION)
        extractor.extract(TITLE, DESCRIPTION + " ")
        assert server.count("/chat/completions") == 2
    assert sleeps == [30.0]


def test_empty_text_makes_no_call() -> None:
    with fake_openai_server() as server:
        result = _extractor(server.base_url).extract("", None)
        assert result.skills == [] and server.requests == []


def test_non_json_content_is_a_clear_error() -> None:
    with fake_openai_server() as server:
        body = chat_reply([])[1]
        body["choices"][0]["message"]["content"] = "Sure! Here are the skills: Go"
        server.chat_script.append((200, body, {}))
        with pytest.raises(ValueError, match="llm response: content is not JSON"):
            _extractor(server.base_url).extract(TITLE, DESCRIPTION)


def test_openai_embeddings_provider_for_vector_search() -> None:
    with fake_openai_server() as server:
        extractor = _extractor(server.base_url, embeddings_provider="openai", embeddings_model="text-embedding-test")
        candidates = extractor.candidates("Kubernetes and Docker in production")
        embedding_calls = server.count("/embeddings")
        assert embedding_calls >= 2  # taxonomy (batched) + the job chunks
        extractor.candidates("Kubernetes and Docker in production")
        assert server.count("/embeddings") == embedding_calls  # cached: nothing embedded twice
    assert {"kubernetes", "docker"} <= {c.slug for c in candidates}


def test_find_evidence() -> None:
    text = "Strong   knowledge of\nPostgreSQL and Redis."
    assert find_evidence(text, "knowledge of PostgreSQL").text == "knowledge of\nPostgreSQL"  # type: ignore[union-attr]
    assert find_evidence(text, "MySQL and Redis") is None


def test_other_alias_occurrences_become_mentions() -> None:
    description = "<p>We run PostgreSQL at scale.</p><p>You tune Postgres queries every week.</p>"
    with fake_openai_server() as server:
        server.chat_script.append(
            chat_reply(
                [{"tag": "postgresql", "level": "required", "confidence": 0.9, "evidence": "PostgreSQL at scale"}]
            )
        )
        result = _extractor(server.base_url).extract("DBA", description)
    (skill,) = result.skills
    text = source_text("DBA", description)
    assert [m.text for m in skill.mentions] == ["PostgreSQL at scale", "Postgres"]
    assert all(text[m.start : m.end] == m.text for m in skill.mentions)


def test_evidence_must_name_the_skill() -> None:
    """Evidence found in the text is not enough: it must contain one of the skill's aliases or map to the skill."""
    with fake_openai_server() as server:
        server.chat_script.append(
            chat_reply(
                [
                    {"tag": "kubernetes", "level": "required", "confidence": 0.9, "evidence": "experience with Go"},
                    {"tag": "postgresql", "level": "required", "confidence": 0.9, "evidence": "Go and PostgreSQL"},
                    {"tag": "terraform", "level": "preferred", "confidence": 0.6, "evidence": "Some Terraform."},
                ]
            )
        )
        extractor = _extractor(server.base_url)
        result = extractor.extract(TITLE, DESCRIPTION)
    assert {s.slug for s in result.skills} == {"postgresql", "terraform"}
    assert [(r["item"]["tag"], r["reason"]) for r in extractor.stats.rejected] == [
        ("kubernetes", "evidence does not name the skill")
    ]
    kubernetes = extractor.index.taxonomy.by_slug("kubernetes")
    assert kubernetes is not None and extractor.names_skill("k8s clusters", kubernetes)
