"""Skill extraction: taxonomy, gazetteer and CRF tagging, embeddings and vector search, LLM and local extractors."""
