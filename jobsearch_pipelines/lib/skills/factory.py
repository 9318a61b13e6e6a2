"""Choose and build an extractor from settings: the LLM one when a model and endpoint are configured, else local."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from jobsearch_pipelines.lib.skills.embeddings import (
    CachedEmbedder,
    Embedder,
    HashedNgramEmbedder,
    MemoryVectorStore,
    OpenAIEmbedder,
    SentenceTransformerEmbedder,
    VectorStore,
    sentence_transformers_available,
)
from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.models import MAX_SKILLS, SkillExtractor
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy
from jobsearch_pipelines.lib.skills.vector_search import TaxonomyIndex

EXTRACTORS = ("auto", "local", "llm")
# auto = the local all-MiniLM-L6-v2 model when the ``embeddings`` extra is installed, else hashed n-grams (for the
# LLM's candidates); the local extractor maps spans with hashed n-grams unless a provider is set explicitly
# (bench/skill_mapping.py: MiniLM maps more held-out aliases at the same precision, but costs ~1 ms per new span).
EMBEDDING_PROVIDERS = ("auto", "hashed", "openai", "sentence-transformers")


@dataclass(frozen=True)
class ExtractorSettings:
    extractor: str = "auto"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    embeddings_provider: str = "auto"
    embeddings_model: str | None = None
    embeddings_base_url: str | None = None
    requests_per_minute: int = 60
    top_k: int = 50
    max_skills: int = MAX_SKILLS
    timeout_seconds: float = 60.0
    max_retries: int = 4

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_model and (self.llm_base_url or self.llm_api_key))

    def validate(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise ValueError(f"extractor: expected one of {', '.join(EXTRACTORS)}, got {self.extractor!r}")
        if self.embeddings_provider not in EMBEDDING_PROVIDERS:
            raise ValueError(
                f"embeddings_provider: expected one of {', '.join(EMBEDDING_PROVIDERS)}, "
                f"got {self.embeddings_provider!r}"
            )
        if self.extractor == "llm" and not self.llm_configured:
            raise ValueError("extractor: 'llm' needs JOBSEARCH_LLM_MODEL and JOBSEARCH_LLM_BASE_URL or an API key")
        if self.requests_per_minute < 1:
            raise ValueError("requests_per_minute: must be >= 1")
        if not 1 <= self.max_skills <= 100:
            raise ValueError("max_skills: must be between 1 and 100")


def settings_from_env(extractor: str = "auto") -> ExtractorSettings:
    """Settings from JOBSEARCH_LLM_* / OPENAI_API_KEY / JOBSEARCH_EMBEDDINGS_* environment variables."""
    env = os.environ.get
    return ExtractorSettings(
        extractor=extractor,
        llm_base_url=env("JOBSEARCH_LLM_BASE_URL") or None,
        llm_api_key=env("JOBSEARCH_LLM_API_KEY") or env("OPENAI_API_KEY") or None,
        llm_model=env("JOBSEARCH_LLM_MODEL") or None,
        embeddings_provider=env("JOBSEARCH_EMBEDDINGS_PROVIDER") or "auto",
        embeddings_model=env("JOBSEARCH_EMBEDDINGS_MODEL") or None,
        embeddings_base_url=env("JOBSEARCH_EMBEDDINGS_BASE_URL") or None,
        requests_per_minute=int(env("JOBSEARCH_LLM_REQUESTS_PER_MINUTE") or 60),
    )


def openai_client(base_url: str | None, api_key: str | None, timeout: float, max_retries: int) -> Any:
    """An ``openai.OpenAI`` client; its own retries back off exponentially on 429/5xx and honour Retry-After."""
    import openai

    return openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=max_retries)


def build_embedder(
    settings: ExtractorSettings, store: VectorStore | None = None, client: Any | None = None
) -> CachedEmbedder:
    inner: Embedder
    if settings.embeddings_provider == "openai":
        if not settings.embeddings_model:
            raise ValueError("embeddings_model: required with the 'openai' embeddings provider")
        inner = OpenAIEmbedder(
            client
            or openai_client(
                settings.embeddings_base_url or settings.llm_base_url,
                settings.llm_api_key,
                settings.timeout_seconds,
                settings.max_retries,
            ),
            settings.embeddings_model,
        )
    elif settings.embeddings_provider == "sentence-transformers" or (
        settings.embeddings_provider == "auto" and sentence_transformers_available()
    ):
        inner = SentenceTransformerEmbedder(settings.embeddings_model)
    else:
        inner = HashedNgramEmbedder()
    return CachedEmbedder(inner, store or MemoryVectorStore())


def build_extractor(settings: ExtractorSettings, engine: Engine | None = None) -> SkillExtractor:
    """The configured extractor; vectors are cached in the ``embeddings`` table when an engine is given."""
    settings.validate()
    use_llm = settings.extractor == "llm" or (settings.extractor == "auto" and settings.llm_configured)
    if not use_llm:
        if settings.embeddings_provider in ("auto", "hashed"):
            return LocalExtractor(max_skills=settings.max_skills)
        from jobsearch_pipelines.lib.skills.store import DbVectorStore

        store = DbVectorStore(engine) if engine is not None else None
        return LocalExtractor(max_skills=settings.max_skills, embedder=build_embedder(settings, store))
    from datetime import timedelta

    from jobsearch_pipelines.lib.flow_control.gcra import GcraLimiter
    from jobsearch_pipelines.lib.skills.llm import LlmExtractor
    from jobsearch_pipelines.lib.skills.store import DbVectorStore

    client = openai_client(settings.llm_base_url, settings.llm_api_key, settings.timeout_seconds, settings.max_retries)
    store = DbVectorStore(engine) if engine is not None else None
    embedder = build_embedder(settings, store, client if not settings.embeddings_base_url else None)
    index = TaxonomyIndex(default_taxonomy(), embedder)
    limiter = GcraLimiter(settings.requests_per_minute, timedelta(minutes=1))
    return LlmExtractor(
        client,
        settings.llm_model or "",
        index,
        top_k=settings.top_k,
        max_skills=settings.max_skills,
        limiter=limiter,
    )
