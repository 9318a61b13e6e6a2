"""The LLM path against a local OpenAI-compatible server on 127.0.0.1, and ``jobsearch jobs classify-remote``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.lib.remote.factory import ClassifierSettings, build_classifier
from jobsearch_pipelines.lib.remote.llm import LlmRemoteClassifier
from jobsearch_pipelines.lib.remote.models import PostingInput
from jobsearch_pipelines_tests.skills.fake_openai import Reply, error_reply, fake_openai_server

POSTING = PostingInput("Backend Engineer", ("Remote - Europe",), "We hire anywhere in the EU. Python and Go.")


def answer(**fields: Any) -> Reply:
    body = {"is_remote_eu": True, "confidence": "high", "reason": "The EU is explicitly open.",
            "evidence": "anywhere in the EU", "workplace_type": "remote", "regions": ["EU"], "countries": [],
            **fields}
    return 200, {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "test-model",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(body)},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 300, "completion_tokens": 40, "total_tokens": 340}}, {}


def _classifier(base_url: str) -> LlmRemoteClassifier:
    model = build_classifier(ClassifierSettings(classifier="llm", llm_base_url=base_url, llm_model="test-model",
                                                max_retries=1, timeout_seconds=5))
    assert isinstance(model, LlmRemoteClassifier)
    return model


def test_answer_with_evidence_in_the_posting_is_kept() -> None:
    with fake_openai_server() as server:
        server.chat_script.append(answer())
        model = _classifier(server.base_url)
        result = model.classify(POSTING)
        [(path, request)] = server.requests
    assert path.endswith("/chat/completions") and request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "EMEA includes the EU" in system and "NOT in the EU: United Kingdom, Switzerland, Norway" in system
    assert "Remote - Europe" in user and "anywhere in the EU" in user
    assert (result.is_remote_eu, result.confidence, result.regions) == (True, "high", ["EU"])
    assert result.classifier == "remote-llm-1:test-model"
    assert result.reason == "The EU is explicitly open. — 'anywhere in the EU'"
    assert (model.stats.calls, model.stats.kept, model.stats.prompt_tokens) == (1, 1, 300)


@pytest.mark.parametrize(("reply", "why"), [
    (answer(evidence="must live in Berlin", is_remote_eu=False), "evidence: not found in the posting"),
    (answer(evidence="EU"), "evidence: too short"),
    (answer(confidence="certain"), "confidence"),
    ((200, {"id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "not json"}, "finish_reason": "stop"}]}, {}),
     "call failed: JSONDecodeError"),
    (error_reply(500), "call failed: InternalServerError"),
])
def test_unverifiable_or_failed_answers_fall_back_to_the_rules(reply: Reply, why: str) -> None:
    with fake_openai_server() as server:
        server.chat_script.extend([reply, reply])  # the SDK retries a 500 once
        model = _classifier(server.base_url)
        result = model.classify(POSTING)
    assert result.classifier.startswith("remote-local-1 (llm answer rejected: ") and why in result.classifier
    assert result.is_remote_eu and result.regions == ["EU"]  # the rules' own answer
    assert model.stats.kept == 0 and why in model.stats.rejected[0]["reason"]


def _write(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    {"id": 1, "title": "Data Engineer", "location": "Remote - Europe", "description": "Open to anyone in the EU."},
    {"id": "gh-2", "title": "SRE", "locations": ["Remote (US only)"], "description": None},
    {"id": 3, "title": "Designer", "locations": ["Berlin", None], "description": "<p>Hybrid role: 3 days a week in "
     "our Berlin office.</p>", "vendor_fields": {"workplaceType": "Hybrid"}},
    {"id": 4, "title": "PM", "location": "Remote", "description": "You must be within ±2 h of CET."},
]


def test_cli_classifies_with_the_local_rules(tmp_path: Path) -> None:
    source, target = _write(tmp_path / "jobs.jsonl", ROWS), tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["jobs", "classify-remote", "--input", str(source), "--output", str(target),
                                      "--classifier", "local"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["id"] for line in lines] == [1, "gh-2", 3, 4]
    for line in lines:
        assert {"id", "workplace_type", "is_remote_eu", "confidence", "reason", "regions", "countries"} <= set(line)
    assert (lines[0]["is_remote_eu"], lines[0]["confidence"], lines[0]["regions"]) == (True, "high", ["EU"])
    assert lines[0]["reason"] == "Remote within the EU — 'Open to anyone in the EU.'"
    assert (lines[1]["is_remote_eu"], lines[1]["countries"]) == (False, ["US"])
    assert (lines[2]["is_remote_eu"], lines[2]["workplace_type"]) == (False, "hybrid")
    assert lines[3]["is_remote_eu"] and lines[3]["timezone"] == [-1.0, 3.0] and lines[3]["confidence"] == "medium"
    assert "4 posting(s), 2 remote-EU" in result.stderr


def test_cli_with_the_llm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write(tmp_path / "jobs.jsonl", ROWS[:2])
    with fake_openai_server() as server:
        server.chat_script.extend([answer(evidence="Open to anyone in the EU"),
                                   answer(evidence="Remote (US only)", is_remote_eu=False, regions=[],
                                          countries=["US"], reason="US only.")])
        monkeypatch.setenv("JOBSEARCH_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("JOBSEARCH_LLM_MODEL", "test-model")
        result = CliRunner().invoke(cli, ["jobs", "classify-remote", "--input", str(source), "--output", "-",
                                          "--classifier", "llm"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["is_remote_eu"] and first["classifier"] == "remote-llm-1:test-model"
    assert not second["is_remote_eu"] and second["countries"] == ["US"] and second["reason"].startswith("US only.")


def test_cli_llm_without_configuration_is_a_usage_error(tmp_path: Path) -> None:
    source = _write(tmp_path / "jobs.jsonl", ROWS[:1])
    result = CliRunner().invoke(cli, ["jobs", "classify-remote", "--input", str(source), "--output", "-",
                                      "--classifier", "llm"])
    assert result.exit_code == 2 and "needs JOBSEARCH_LLM_MODEL" in result.output


@pytest.mark.parametrize(("row", "message"), [
    ("not json", "line 1: not JSON"),
    ({"title": "x"}, "line 1: field 'id' is required"),
    ({"id": 1, "locations": "Remote"}, "line 1: field 'locations' must be a list of strings or null"),
    ({"id": 1, "location": ["Remote"]}, "line 1: field 'location' must be a string or null"),
    ({"id": 1, "vendor_fields": [1]}, "line 1: field 'vendor_fields' must be an object or null"),
    ([1, 2], "line 1: expected an object"),
])
def test_cli_bad_input_names_the_line_and_field(tmp_path: Path, row: Any, message: str) -> None:
    source = _write(tmp_path / "bad.jsonl", [row])
    result = CliRunner().invoke(cli, ["jobs", "classify-remote", "--input", str(source), "--output", "-"])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_cli_scores_the_labelled_set_per_split() -> None:
    result = CliRunner().invoke(cli, ["jobs", "eval-remote"])
    assert result.exit_code == 0, result.output
    rows = {line.split("|")[1].strip(): line.split("|")[2:] for line in result.output.splitlines()
            if line.startswith("| ") and not line.startswith("| subset")}
    assert {"all", "split=dev", "split=test", "split=fresh"} <= set(rows)
    for split in ("split=dev", "split=test", "split=fresh"):
        postings, positives, _accuracy, precision, recall = (float(x) for x in rows[split][:5])
        assert postings >= 100 and positives >= 40
        assert precision >= 0.95 and recall >= 0.90, (split, precision, recall)
