"""ATS job-board ingestion: vendor clients, one normalised posting schema, diffing/upsert planning, cleanup.

Plain Python (no Dagster): the Dagster assets in ``defs/ingestion`` are thin wrappers around these modules.
"""
