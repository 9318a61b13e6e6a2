"""The naming rule for run config: this project's own jobs take snake_case keys (``recent_crawls``); event
payloads keep the original's camelCase (``userId``, ``jobId``: that is its API).

The first build used camelCase in some run config. Those keys are still accepted, as deprecated aliases:
``resolve_deprecated`` copies each one given onto its snake_case field and logs a warning naming both.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import dagster as dg


class ConfigWithDeprecatedKeys(dg.Config):
    """A run config whose ``DEPRECATED_KEYS`` (old camelCase name -> snake_case field) are optional aliases."""

    DEPRECATED_KEYS: ClassVar[dict[str, str]] = {}

    def resolve_deprecated(self, log: Any) -> Self:
        updates = {}
        for old, new in self.DEPRECATED_KEYS.items():
            value = getattr(self, old)
            if value is not None:
                log.warning(f"config key {old!r} is deprecated: use {new!r}")
                updates[new] = value
        return self.model_copy(update=updates)
