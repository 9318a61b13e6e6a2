"""Choose the remote-eligibility classifier: the LLM one when a model and an endpoint are configured, else local."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from jobsearch_pipelines.lib.remote.models import LocalRemoteClassifier, RemoteClassifier

CLASSIFIERS = ("auto", "local", "llm")


@dataclass(frozen=True)
class ClassifierSettings:
    classifier: str = "auto"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    requests_per_minute: int = 60
    timeout_seconds: float = 60.0
    max_retries: int = 4

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_model and (self.llm_base_url or self.llm_api_key))

    def validate(self) -> None:
        if self.classifier not in CLASSIFIERS:
            raise ValueError(f"classifier: expected one of {', '.join(CLASSIFIERS)}, got {self.classifier!r}")
        if self.classifier == "llm" and not self.llm_configured:
            raise ValueError("classifier: 'llm' needs JOBSEARCH_LLM_MODEL and JOBSEARCH_LLM_BASE_URL or an API key")
        if self.requests_per_minute < 1:
            raise ValueError("requests_per_minute: must be >= 1")


def settings_from_env(classifier: str = "auto") -> ClassifierSettings:
    """The same JOBSEARCH_LLM_* / OPENAI_API_KEY variables the skill extractor reads."""
    env = os.environ.get
    return ClassifierSettings(
        classifier=classifier,
        llm_base_url=env("JOBSEARCH_LLM_BASE_URL") or None,
        llm_api_key=env("JOBSEARCH_LLM_API_KEY") or env("OPENAI_API_KEY") or None,
        llm_model=env("JOBSEARCH_LLM_MODEL") or None,
        requests_per_minute=int(env("JOBSEARCH_LLM_REQUESTS_PER_MINUTE") or 60),
    )


def build_classifier(settings: ClassifierSettings) -> RemoteClassifier:
    settings.validate()
    use_llm = settings.classifier == "llm" or (settings.classifier == "auto" and settings.llm_configured)
    if not use_llm:
        return LocalRemoteClassifier()
    from jobsearch_pipelines.lib.flow_control.gcra import GcraLimiter
    from jobsearch_pipelines.lib.remote.llm import LlmRemoteClassifier
    from jobsearch_pipelines.lib.skills.factory import openai_client

    client = openai_client(settings.llm_base_url, settings.llm_api_key, settings.timeout_seconds,
                           settings.max_retries)
    limiter = GcraLimiter(settings.requests_per_minute, timedelta(minutes=1))
    return LlmRemoteClassifier(client, settings.llm_model or "", limiter=limiter)
