"""Company discovery: Common Crawl access, WARC parsing, fact extraction, consultancy scoring, golden records.

Pure domain logic (no Dagster import); the Dagster wrappers live in ``jobsearch_pipelines/defs/companies``.
"""
