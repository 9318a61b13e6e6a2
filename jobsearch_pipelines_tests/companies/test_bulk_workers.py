"""Bulk mode with analysis processes finds exactly what the in-process scan finds."""

from __future__ import annotations

import io

import pytest

from jobsearch_pipelines.lib.companies.bulk import scan_stream
from jobsearch_pipelines_tests.companies.world import World


@pytest.mark.slow
def test_worker_processes_give_the_same_result(world: World) -> None:
    inline = scan_stream(io.BytesIO(world.new_warc), "new.warc.gz")
    pooled = scan_stream(io.BytesIO(world.new_warc), "new.warc.gz", workers=1)
    assert (pooled.records_seen, pooled.pages_parsed, pooled.screened_out, pooled.skip_reasons) == (
        inline.records_seen, inline.pages_parsed, inline.screened_out, inline.skip_reasons)
    assert {d: r.verdict.category for d, r in pooled.domains.items() if r.verdict} == {
        d: r.verdict.category for d, r in inline.domains.items() if r.verdict}
    assert sorted(d.domain for d in pooled.selected(0.65)) == sorted(d.domain for d in inline.selected(0.65))
