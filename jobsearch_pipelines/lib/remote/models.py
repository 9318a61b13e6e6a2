"""What a remote-eligibility classifier takes and what every classifier implements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from jobsearch_pipelines.lib.remote.classify import Eligibility


@dataclass(frozen=True)
class PostingInput:
    """One posting as the classifiers read it: title, location strings, plain-text description, vendor fields."""

    title: str | None
    locations: Sequence[str] = field(default_factory=tuple)
    description: str | None = None
    vendor_fields: Mapping[str, Any] | None = None

    def text(self) -> str:
        """Everything an answer may quote: title, locations and description."""
        return "\n".join(p for p in (self.title or "", *self.locations, self.description or "") if p)


class RemoteClassifier(Protocol):
    @property
    def version(self) -> str: ...

    def classify(self, posting: PostingInput) -> Eligibility: ...


class LocalRemoteClassifier:
    """The rule-based classifier (``classify.py``): no network, deterministic."""

    @property
    def version(self) -> str:
        from jobsearch_pipelines.lib.remote.classify import CLASSIFIER_VERSION

        return CLASSIFIER_VERSION

    def classify(self, posting: PostingInput) -> Eligibility:
        from jobsearch_pipelines.lib.remote.classify import classify

        return classify(posting.title, list(posting.locations), posting.description, posting.vendor_fields)
