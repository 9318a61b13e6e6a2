"""Operations: incidents and alerts for operators, and the platform's health summary (no Dagster import)."""
