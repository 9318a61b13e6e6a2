"""Maintenance: retention cleanup of jobs, events, notifications and decayed preferences (no Dagster import)."""
