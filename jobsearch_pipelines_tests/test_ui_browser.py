"""The Dagster UI in a real browser (Debian's headless Chromium driven by Playwright, no browser download):
after the demo run, the asset lineage shows the project's assets with descriptions, the run's page shows its
step logs, and the ``jobs`` asset page shows its freshness, row count, column schema and a chart."""

from __future__ import annotations

import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from click.testing import CliRunner

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines_tests.helpers_processes import BIN, WORKSPACE, background, free_port, wait_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The demo's main job run into a fresh instance, then a webserver on it: (base URL, run id)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is required (scripts/ensure-chromium.sh installs it)"
    root = tmp_path_factory.mktemp("ui")
    env = {**os.environ, "DAGSTER_HOME": str(root / "home"), "JOBSEARCH_DATA_DIR": str(root / "data"),
           "DAGSTER_DISABLE_TELEMETRY": "1"}
    env.pop("JOBSEARCH_DATABASE_URL", None)
    with pytest.MonkeyPatch.context() as patch:
        for key in ("DAGSTER_HOME", "JOBSEARCH_DATA_DIR"):
            patch.setenv(key, env[key])
        result = CliRunner().invoke(cli, ["demo"])
        assert result.exit_code == 0, result.output
        with dg.DagsterInstance.get() as instance:
            run_id = instance.get_runs(dg.RunsFilter(job_name="job_search_pipeline"), limit=1)[0].run_id
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "dagster-webserver"), "-w", WORKSPACE, "-h", "127.0.0.1", "-p", str(port)]
    with background(command, env, root / "webserver.log"):

        def ready() -> bool:
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=5) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(ready, 180, "the webserver")
        yield base, run_id


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser: object) -> Any:
    """A page that dismisses the UI's first-visit community dialog whenever it shows up (it can open late on a
    busy machine and would cover what a test clicks)."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})  # type: ignore[attr-defined]
    page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
    return page


def _page_text(browser: object, url: str, wait_for_text: str, screenshot: Path) -> str:
    page = _new_page(browser)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        page.get_by_text(wait_for_text, exact=False).first.wait_for(timeout=120_000)
        page.screenshot(path=str(screenshot))
        return page.inner_text("body")
    finally:
        page.close()


@pytest.mark.slow
def test_asset_lineage_shows_the_assets_with_descriptions(ui: tuple[str, str], browser: object,
                                                          tmp_path: Path) -> None:
    base, _ = ui
    lineage = _page_text(browser, f"{base}/locations/jobsearch_pipelines/asset-groups/ingestion/lineage",
                         "Materialized", tmp_path / "lineage.png")  # node status loads after the graph
    for asset in ("raw_board_snapshots", "normalized_postings", "jobs", "job_skills", "job_rankings"):
        assert asset in lineage
    catalog = _page_text(browser, f"{base}/assets", "normalized_postings", tmp_path / "catalog.png")
    assert "The jobs table" in catalog and "The snapshots parsed into the one posting schema" in catalog


@pytest.mark.slow
def test_a_finished_run_shows_its_step_logs(ui: tuple[str, str], browser: object, tmp_path: Path) -> None:
    base, run_id = ui
    text = _page_text(browser, f"{base}/runs/{run_id}", "RUN_SUCCESS", tmp_path / "run.png")
    assert "STEP_SUCCESS" in text and "normalize_and_store_postings" in text


@pytest.mark.slow
def test_jobs_asset_page_shows_freshness_row_count_schema_and_a_chart(ui: tuple[str, str], browser: object,
                                                                      tmp_path: Path) -> None:
    base, _ = ui
    page = _new_page(browser)
    try:
        page.goto(f"{base}/assets/jobs", wait_until="domcontentloaded", timeout=120_000)
        page.get_by_text("Fails if more than 2 hours since last materialization").wait_for(timeout=120_000)
        text = page.inner_text("body")
        assert "Row count" in text and "external_id" in text and "country_codes" in text
        row = page.locator("tr", has_text="chart_open_jobs_by_vendor")
        row.get_by_text("Show Markdown").click()
        chart = page.locator('img[src^="data:image/png"]').first
        chart.wait_for(timeout=30_000)
        assert chart.evaluate("img => img.naturalWidth") > 300
        page.screenshot(path=str(tmp_path / "jobs_chart.png"))
    finally:
        page.close()
