"""Ranking: the job_rankings asset and the per-user jobs/rerank function."""
