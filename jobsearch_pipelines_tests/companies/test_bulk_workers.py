"""Bulk mode with analysis processes finds exactly what the in-process scan finds."""

from __future__ import annotations

import io
import multiprocessing
import subprocess
import sys
from typing import Any

import pytest

from jobsearch_pipelines.lib.companies import bulk
from jobsearch_pipelines.lib.companies.bulk import scan_stream
from jobsearch_pipelines_tests.companies.world import World


@pytest.mark.slow
def test_worker_processes_give_the_same_result(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # one page per batch: the pool takes two at a time, the reading process analyses the pages read meanwhile
    monkeypatch.setattr(bulk, "BATCH_SIZE", 1)
    inline = scan_stream(io.BytesIO(world.new_warc), "new.warc.gz", workers=0)
    pooled = scan_stream(io.BytesIO(world.new_warc), "new.warc.gz", workers=1)
    assert (pooled.records_seen, pooled.pages_parsed, pooled.screened_out, pooled.skip_reasons) == (
        inline.records_seen, inline.pages_parsed, inline.screened_out, inline.skip_reasons)
    assert {d: r.verdict.category for d, r in pooled.domains.items() if r.verdict} == {
        d: r.verdict.category for d, r in inline.domains.items() if r.verdict}
    assert sorted(d.domain for d in pooled.selected(0.65)) == sorted(d.domain for d in inline.selected(0.65))
    # pages analysed here and in the pool come out in the order they were read (a domain's first page leads)
    assert {d: [p.evidence.warc_offset for p in r.pages] for d, r in pooled.domains.items()} == {
        d: [p.evidence.warc_offset for p in r.pages] for d, r in inline.domains.items()}


def test_one_analysis_process_by_default_when_there_is_a_second_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert bulk.default_workers() == 1
    monkeypatch.setattr(bulk.os, "sched_getaffinity", lambda pid: {0})
    assert bulk.default_workers() == 0


def test_analysis_processes_import_no_database_or_http_code() -> None:
    """What an analysis process imports decides how soon it starts; SQLAlchemy and httpx alone cost 0.5 s."""
    code = ("import sys, jobsearch_pipelines.lib.companies.classify as c; "
            "print(sorted(m for m in ('sqlalchemy', 'httpx', 'dagster') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _report_default_workers(queue: Any) -> None:
    from jobsearch_pipelines.lib.companies.bulk import default_workers

    queue.put(default_workers())


def test_no_analysis_processes_inside_a_daemonic_process() -> None:
    """A Celery prefork worker's child is daemonic and may not start processes: the scan then analyses in place."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_report_default_workers, args=(queue,), daemon=True)
    child.start()
    assert queue.get(timeout=60) == 0
    child.join(30)
