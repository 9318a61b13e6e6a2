"""Bulk-mode throughput: pages/s of the WARC scan pipeline vs bare warcio iteration of the same file.

Generates a Common-Crawl-like gzip WARC (warcinfo, then request/response/metadata records per page) of N HTML
pages (default 30,000: a Common Crawl WARC file holds about 40,000 responses, some 3 billion pages in 80,000 files;
a scan's fixed cost, the analysis process starting with its imports and text model, about 0.4 s, is then a small
part as on a real file, where a 6,000-page file made it a third of the scan), then measures in fresh processes,
best of R runs:

* bare warcio: iterate every record and read each response body (the floor any warcio-based scanner pays;
  the baseline of the "vs bare" column: bare seconds / seconds on the same file, higher is faster);
* bare FastWARC: the same with FastWARC (what the bulk scan reads per-record gzip WARC files with);
* bulk pipeline (the defaults: prescreen on, one analysis process beside the reading one on a machine with two
  or more CPUs): parse, prescreen, analyse, group by domain and score;
* bulk pipeline (prescreen on, workers=0): the same in one process;
* bulk pipeline (prescreen off): full DOM analysis of every page (default workers);
* bulk pipeline + persistence: the default scan, then saving the selected domains into a fresh SQLite db.

Peak memory is each child process's max RSS plus its analysis worker's.
Run: ``.venv/bin/python bench/companies.py [--pages N]``.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "jobsearch_pipelines_tests" / "companies" / "pages"
_VOCABULARY = ("the of and to in for is on that with as by at from this are be or an will your our you it we can "
               "more about new has have all one time city club team market home price water school review travel "
               "recipe season game music story health local world garden family summer winter photo video weather "
               "news community council report shop delivery product size colour fabric cotton warranty")
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _filler(rng: random.Random, paragraphs: int) -> str:
    script = "<script>" + "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}" * 20 + \
             "</script><style>" + ".c{margin:0;padding:0;color:#333}" * 60 + "</style>"
    nav = "<nav>" + "".join(f'<a href="/section-{i}/">{rng.choice(WORDS).title()}</a>' for i in range(25)) + "</nav>"
    body = "".join(f"<div class='block'><h3>{_sentence(rng, 4)}</h3><p>{_sentence(rng, 60)}</p>"
                   f"<a href='/item/{rng.randint(1, 10**6)}'>{_sentence(rng, 3)}</a></div>" for _ in range(paragraphs))
    return script + nav + body


def _generic_page(rng: random.Random, i: int) -> bytes:
    kind = rng.choice(["blog", "news", "shop", "forum", "recipe"])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_sentence(rng, 5)} | {kind} {i}</title>"
            f"<meta name='description' content='{_sentence(rng, 15)}'></head><body>"
            f"{_filler(rng, rng.randint(20, 40))}<footer>© 2026 {kind} site {i}</footer></body></html>").encode()


def _company_page(rng: random.Random, template: str) -> bytes:
    html = template.replace("</body>", _filler(rng, rng.randint(12, 25)) + "</body>")
    return html.encode()


def generate(path: Path, pages: int, company_share: float, seed: int = 7) -> dict[str, int]:
    """Write the benchmark WARC; returns counts."""
    rng = random.Random(seed)
    templates = [p.read_bytes().decode("utf-8", "replace") for p in sorted(PAGES.glob("*.html"))]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "jobsearch bench"}))
        companies = 0
        for i in range(pages):
            if rng.random() < company_share:
                body = _company_page(rng, rng.choice(templates))
                url = f"https://company-{i}.example.com/"
                companies += 1
            else:
                body = _generic_page(rng, i)
                url = f"https://site-{i % 997}.example.org/page/{i}"
            date = "2026-09-15T08:30:00Z"
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), warc_headers_dict={"WARC-Date": date},
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http, warc_headers_dict={"WARC-Date": date}))
            writer.write_record(writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 87\r\n"),
                warc_content_type="application/warc-fields", warc_headers_dict={"WARC-Date": date}))
    return {"pages": pages, "company_pages": companies}


# ----------------------------------------------------------------------------------------------- measurements


def bare_warcio(path: str) -> tuple[float, int]:
    start = time.perf_counter()
    pages = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                record.content_stream().read()
                pages += 1
    return time.perf_counter() - start, pages


def bare_fastwarc(path: str) -> tuple[float, int]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    start = time.perf_counter()
    pages = 0
    with open(path, "rb") as stream:
        for record in FastIterator(stream, record_types=WarcRecordType.any_type, parse_http=True):
            if record.record_type == WarcRecordType.response:
                record.reader.read()
                pages += 1
    return time.perf_counter() - start, pages


def bulk_pipeline(path: str, prescreen: bool, workers: int | None = None) -> tuple[float, int]:
    from jobsearch_pipelines.lib.companies.bulk import scan_stream

    start = time.perf_counter()
    with open(path, "rb") as stream:
        outcome = scan_stream(stream, path, use_prescreen=prescreen, workers=workers)
    return time.perf_counter() - start, outcome.records_seen


def bulk_with_db(path: str) -> tuple[float, int]:
    from jobsearch_pipelines.db import migrate
    from jobsearch_pipelines.db.engine import make_engine
    from jobsearch_pipelines.lib.companies.service import run_warc_scan

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        start = time.perf_counter()
        report = run_warc_scan(engine, path, None)
        elapsed = time.perf_counter() - start
        engine.dispose()
    return elapsed, report.records_seen


def _child(name: str, path: str) -> tuple[float, int, int]:
    fn = {"bare": lambda: bare_warcio(path), "bare_fast": lambda: bare_fastwarc(path),
          "bulk": lambda: bulk_pipeline(path, True),
          "bulk_full": lambda: bulk_pipeline(path, False), "bulk_db": lambda: bulk_with_db(path),
          "bulk_w0": lambda: bulk_pipeline(path, True, workers=0)}[name]
    seconds, pages = fn()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return seconds, pages, own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # + analysis worker


def measure(names: list[str], path: str, runs: int) -> dict[str, tuple[float, int, int]]:
    """Each measurement in a fresh process; runs interleaved (bare, bulk, …, bare, bulk, …) so that the load
    of a shared machine hits every measurement alike; best time per measurement, max RSS."""
    ctx = multiprocessing.get_context("spawn")
    results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in names}
    from jobsearch_pipelines.cli.progress import progress_bar

    with progress_bar("measuring", total=runs * len(names), unit="measurements") as progress:
        for _ in range(runs):
            for name in names:  # an executor's process may start its own workers (a Pool's daemons may not)
                with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
                    results[name].append(pool.submit(_child, name, path).result())
                progress.advance()
    return {name: (min(r[0] for r in rs), rs[0][1], max(r[2] for r in rs)) for name, rs in results.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30_000)
    parser.add_argument("--company-share", type=float, default=0.2, help="Share of company pages in the WARC.")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        counts = generate(path, args.pages, args.company_share)
        size_mb = path.stat().st_size / 1e6
        print(f"WARC: {counts['pages']} HTML pages ({counts['company_pages']} company pages), "
              f"{3 * counts['pages'] + 1} records, {size_mb:.1f} MB gzip; best of {args.runs} runs\n")
        from jobsearch_pipelines.lib.companies.bulk import default_workers

        labels = {"bare": "bare warcio iteration (read every body)",
                  "bare_fast": "bare FastWARC iteration (read every body)",
                  "bulk": f"bulk pipeline, defaults (workers={default_workers()})",
                  "bulk_w0": "bulk pipeline, workers=0 (one process)",
                  "bulk_full": "bulk pipeline, prescreen off (DOM for every page)",
                  "bulk_db": "bulk pipeline + persistence (SQLite)"}
        measured = measure(list(labels), str(path), args.runs)
        bare_seconds = measured["bare"][0]
        print(f"| {'measurement':52} | HTML pages | records | seconds | pages/s | vs bare | peak RSS MB |")
        print(f"|{'-' * 54}|------------|---------|---------|---------|---------|-------------|")
        for name, label in labels.items():
            seconds, seen, rss = measured[name]
            records = seen if name.startswith("bulk") else counts["pages"]
            print(f"| {label:52} | {counts['pages']:10} | {records:7} | {seconds:7.2f} | "
                  f"{counts['pages'] / seconds:7.0f} | {bare_seconds / seconds:7.2f} | {rss / 1024:11.0f} |")
        print("\nvs bare = bare warcio seconds / seconds on the same file (the bulk rows read every record: "
              f"{3 * counts['pages'] + 1}; bare rows read the {counts['pages']} responses' bodies)")

if __name__ == "__main__":
    main()
