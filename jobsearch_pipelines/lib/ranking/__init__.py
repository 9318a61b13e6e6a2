"""Per-user job ranking: hard filters, then a weighted score with its reasons (pure pandas/numpy, no Dagster)."""
