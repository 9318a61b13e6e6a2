"""The ``remote_classifier`` resource: the LLM classifier when configured (same variables as skills), else local."""

from __future__ import annotations

import os

import dagster as dg

from jobsearch_pipelines.lib.remote.factory import ClassifierSettings, build_classifier
from jobsearch_pipelines.lib.remote.models import RemoteClassifier

ENV_FIELDS = {
    "classifier": "JOBSEARCH_REMOTE_CLASSIFIER",
    "llm_base_url": "JOBSEARCH_LLM_BASE_URL",
    "llm_api_key": "JOBSEARCH_LLM_API_KEY",
    "llm_model": "JOBSEARCH_LLM_MODEL",
}


class RemoteClassifierResource(dg.ConfigurableResource):
    """auto = the LLM when JOBSEARCH_LLM_MODEL and an endpoint or key are set, else the local rules."""

    classifier: str = "auto"  # auto | local | llm
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    requests_per_minute: int = 60

    def build(self) -> RemoteClassifier:
        return build_classifier(ClassifierSettings(
            classifier=self.classifier, llm_base_url=self.llm_base_url, llm_api_key=self.llm_api_key,
            llm_model=self.llm_model, requests_per_minute=self.requests_per_minute))


def remote_classifier_resource() -> RemoteClassifierResource:
    values: dict[str, object] = {field: dg.EnvVar(env) for field, env in ENV_FIELDS.items() if os.environ.get(env)}
    if "llm_api_key" not in values and os.environ.get("OPENAI_API_KEY"):
        values["llm_api_key"] = dg.EnvVar("OPENAI_API_KEY")
    return RemoteClassifierResource(**values)  # type: ignore[arg-type]


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"remote_classifier": remote_classifier_resource()})
