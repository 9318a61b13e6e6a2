"""The jobs/new-batch events of a run: one per run, split only beyond the schema's 10,000 ids."""

from __future__ import annotations

from jobsearch_pipelines.lib.events.schemas import validate_event_data
from jobsearch_pipelines.lib.ingestion.events import MAX_IDS_PER_EVENT, new_batch_events


def test_one_event_per_run_with_a_client_id() -> None:
    [event] = new_batch_events([3, 1, 2, 2], "greenhouse", "run-1")
    assert event == {"name": "jobs/new-batch", "data": {"jobIds": [1, 2, 3], "source": "greenhouse"},
                     "id": "ingestion:run-1:0"}
    assert new_batch_events([], "mixed", "run-1") == []


def test_more_than_the_schema_cap_is_split_and_each_event_validates() -> None:
    events = new_batch_events(list(range(1, 25_001)), "mixed", "run-2")
    assert [len(e["data"]["jobIds"]) for e in events] == [MAX_IDS_PER_EVENT, MAX_IDS_PER_EVENT, 5_000]
    assert [e["id"] for e in events] == ["ingestion:run-2:0", "ingestion:run-2:1", "ingestion:run-2:2"]
    for event in events:
        validate_event_data(event["name"], event["data"])
