"""The bulk WARC scan of several files through the Celery profile, with one and with two workers, against the
same job in process, all in one run (this machine is noisy: compare the ratios).

``scan_pending_warc_files`` makes one step per pending WARC file; in the Celery profile each step is a task on the
``warc`` queue. On 2 cores the point is that it works and what the broker round trips cost, not a speed-up.
Needs PostgreSQL, RabbitMQ and Redis on 127.0.0.1 (started as in ``.ci/run`` / the celery tests).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import dagster as dg  # noqa: E402
from companies import generate  # noqa: E402
from dagster._core.definitions.reconstruct import ReconstructableRepository  # noqa: E402
from sqlalchemy import create_engine, text, update  # noqa: E402

from jobsearch_pipelines.cli.progress import progress_bar  # noqa: E402
from jobsearch_pipelines.db import migrate  # noqa: E402
from jobsearch_pipelines.db.engine import make_engine, session_scope  # noqa: E402
from jobsearch_pipelines.db.schema import WarcScan  # noqa: E402
from jobsearch_pipelines.defs.companies.jobs import scan_pending_warc_files  # noqa: E402
from jobsearch_pipelines.defs.companies.resources import CommonCrawlResource  # noqa: E402
from jobsearch_pipelines.defs.resources import DatabaseResource  # noqa: E402
from jobsearch_pipelines.lib.companies.bulk import get_or_create_scan  # noqa: E402
from jobsearch_pipelines.lib.instance_config import PG_URL_ENV, prepare_dagster_home  # noqa: E402

ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
BIN = Path(sys.executable).parent


def _reset(url: str, paths: list[str]) -> None:
    with session_scope(make_engine(url)) as session:
        for path in paths:
            get_or_create_scan(session, path)
        session.execute(update(WarcScan).values(status="pending"))


def _celery_run(workers: int, env: dict[str, str], tmp: Path) -> float:
    with ExitStack() as stack:
        procs = []
        for n in range(workers):
            log = (tmp / f"worker{workers}_{n}.log").open("wb")
            stack.callback(log.close)
            procs.append(subprocess.Popen([str(BIN / "jobsearch"), "worker", "-n", f"bench{n}-{uuid.uuid4().hex[:6]}",
                                           "-c", "1"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
            stack.callback(_stop, procs[-1])
        deadline = time.monotonic() + 120
        while not all("ready" in (tmp / f"worker{workers}_{n}.log").read_text(errors="replace")
                      for n in range(workers)):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                log = (tmp / f"worker{workers}_0.log").read_text(errors="replace")[:3000]
                raise SystemExit(f"workers did not start:\n{log}")
            time.sleep(0.5)
        repo = ReconstructableRepository.for_module("jobsearch_pipelines.definitions", "defs",
                                                    working_directory=str(ROOT))
        started = time.perf_counter()
        with dg.DagsterInstance.get() as instance, dg.execute_job(
                repo.get_reconstructable_job("scan_pending_warc_files"), instance=instance) as result:
            if not result.success:
                failure = next((e.message for e in result.all_events if e.is_failure), "")
                raise SystemExit(f"the Celery run failed: {failure}")
        return time.perf_counter() - started


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, 2)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--pages", type=int, default=1500, help="HTML pages per WARC file.")
    args = parser.parse_args()
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    names = [f"bench_celery_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    app_url, dagster_url = (ADMIN.rsplit("/", 1)[0] + "/" + name for name in names)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            with progress_bar("writing WARC files", total=args.files, unit="files") as progress:
                paths = []
                for n in range(args.files):
                    path = tmp / f"segment-{n:05d}.warc.gz"
                    generate(path, args.pages, 0.2, seed=n)
                    paths.append(str(path))
                    progress.advance()
            migrate.upgrade(app_url)
            os.environ.update({PG_URL_ENV: dagster_url, "JOBSEARCH_DATABASE_URL": app_url,
                               "JOBSEARCH_EXECUTOR": "celery", "DAGSTER_HOME": str(tmp / "home")})
            prepare_dagster_home(tmp / "home", postgres=True)
            env = dict(os.environ)
            subprocess.run([str(BIN / "dagster"), "instance", "migrate"], env=env, check=True, capture_output=True)
            for queue in ("dagster", "warc"):
                subprocess.run(["rabbitmqctl", "-q", "purge_queue", queue], capture_output=True)

            _reset(app_url, paths)
            started = time.perf_counter()
            assert scan_pending_warc_files.execute_in_process(
                resources={"database": DatabaseResource(url=app_url), "commoncrawl": CommonCrawlResource()},
                instance=dg.DagsterInstance.ephemeral()).success
            in_process = time.perf_counter() - started
            rows = [("in process (baseline)", in_process)]
            for workers in (1, 2):
                _reset(app_url, paths)
                rows.append((f"Celery, {workers} worker(s)", _celery_run(workers, env, tmp)))
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    pages = args.files * args.pages
    print(f"\nBulk WARC scan: {args.files} files x {args.pages} HTML pages, one step per file "
          f"(machine: {os.cpu_count()} cores)\n")
    print(f"{'mode':<24} {'seconds':>8} {'pages/s':>9} {'vs in process':>14}")
    for name, seconds in rows:
        print(f"{name:<24} {seconds:>8.1f} {pages / seconds:>9.0f} {in_process / seconds:>13.2f}x")


if __name__ == "__main__":
    main()
