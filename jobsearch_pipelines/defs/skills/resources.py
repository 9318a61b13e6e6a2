"""The ``skill_extraction`` resource: which extractor runs (LLM when configured, local otherwise) and its limits."""

from __future__ import annotations

import os

import dagster as dg
from sqlalchemy import Engine

from jobsearch_pipelines.lib.skills.factory import ExtractorSettings, build_extractor
from jobsearch_pipelines.lib.skills.models import MAX_SKILLS, SkillExtractor

ENV_FIELDS = {
    "llm_base_url": "JOBSEARCH_LLM_BASE_URL",
    "llm_api_key": "JOBSEARCH_LLM_API_KEY",
    "llm_model": "JOBSEARCH_LLM_MODEL",
    "embeddings_provider": "JOBSEARCH_EMBEDDINGS_PROVIDER",
    "embeddings_model": "JOBSEARCH_EMBEDDINGS_MODEL",
    "embeddings_base_url": "JOBSEARCH_EMBEDDINGS_BASE_URL",
}


class SkillExtractionResource(dg.ConfigurableResource):
    """Extractor configuration; secrets and URLs come from environment variables (``dg.EnvVar``)."""

    extractor: str = "auto"  # auto | local | llm
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    embeddings_provider: str = "auto"  # auto | hashed | openai | sentence-transformers
    embeddings_model: str | None = None
    embeddings_base_url: str | None = None
    requests_per_minute: int = 60
    top_k: int = 50
    max_skills: int = MAX_SKILLS

    def settings(self) -> ExtractorSettings:
        return ExtractorSettings(
            extractor=self.extractor,
            llm_base_url=self.llm_base_url,
            llm_api_key=self.llm_api_key,
            llm_model=self.llm_model,
            embeddings_provider=self.embeddings_provider,
            embeddings_model=self.embeddings_model,
            embeddings_base_url=self.embeddings_base_url,
            requests_per_minute=self.requests_per_minute,
            top_k=self.top_k,
            max_skills=self.max_skills,
        )

    def build(self, engine: Engine) -> SkillExtractor:
        return build_extractor(self.settings(), engine)


def skill_extraction_resource() -> SkillExtractionResource:
    """Bound to the environment: each field set in the environment is read through ``dg.EnvVar`` at run time."""
    values: dict[str, object] = {field: dg.EnvVar(env) for field, env in ENV_FIELDS.items() if os.environ.get(env)}
    if "llm_api_key" not in values and os.environ.get("OPENAI_API_KEY"):
        values["llm_api_key"] = dg.EnvVar("OPENAI_API_KEY")
    return SkillExtractionResource(**values)  # type: ignore[arg-type]


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"skill_extraction": skill_extraction_resource()})
