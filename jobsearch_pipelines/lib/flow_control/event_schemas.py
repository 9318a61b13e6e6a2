"""Data schemas of the flow-control demo events (the original's ``workflow.*`` events), registered on import.

``lib/events/schemas.py`` imports this module the first time a schema is looked up, so every process that
sends events knows these names.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from jobsearch_pipelines.lib.events.schemas import EventData, register_event_schema

USER_PROCESSING = "workflow.user-processing-workflow"
API_SYNC = "workflow.api-sync-workflow"
EMAIL_NOTIFICATION = "workflow.email-notification-workflow"
SEARCH_INDEX = "workflow.search-index-workflow"
ORDER_PROCESSING = "workflow.order-processing-workflow"
COMPREHENSIVE = "workflow.comprehensive-workflow"

_Id = Field(min_length=1, max_length=128)


class UserProcessingData(EventData):
    userId: str = _Id
    data: dict[str, Any] = Field(default_factory=dict)


class ApiSyncData(EventData):
    endpoint: str = Field(min_length=1, max_length=2048)


class EmailNotificationData(EventData):
    organizationId: str = _Id
    message: str = Field(min_length=1, max_length=10_000)
    recipient: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class SearchIndexData(EventData):
    documentId: str = Field(min_length=1, max_length=255)
    content: str = Field(max_length=1_000_000)


class OrderProcessingData(EventData):
    orderId: str | int = Field(description="the order id (string or number)")
    priority: int | None = Field(default=None, ge=-600, le=600)


class ComprehensiveData(EventData):
    userId: str = _Id
    organizationId: str = _Id
    jobId: int = Field(ge=1)
    priority: int | None = Field(default=None, ge=-600, le=600)


for _name, _schema in {
    USER_PROCESSING: UserProcessingData,
    API_SYNC: ApiSyncData,
    EMAIL_NOTIFICATION: EmailNotificationData,
    SEARCH_INDEX: SearchIndexData,
    ORDER_PROCESSING: OrderProcessingData,
    COMPREHENSIVE: ComprehensiveData,
}.items():
    register_event_schema(_name, _schema)
