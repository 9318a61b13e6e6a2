"""`jobsearch companies`: Classify company pages and discover companies from Common Crawl."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from jobsearch_pipelines.cli.progress import progress_bar
from jobsearch_pipelines.lib.companies.charset import UndecodableBody, decode_body
from jobsearch_pipelines.lib.companies.classify import analyse_page
from jobsearch_pipelines.lib.companies.models import Evidence, PageOutcome, Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage, iter_pages
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE


@click.group(name="companies")
def group() -> None:
    """Classify company pages and discover companies from Common Crawl."""


def _min_score(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise click.BadParameter(f"must be between 0 and 1, got {value}", param_hint="--min-score")
    return value


def load_url_map(path: Path) -> dict[str, str]:
    """A JSON object ``{"file.html": "https://..."}`` or lines ``file.html<whitespace or comma>https://...``."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise click.BadParameter(f"{path}: invalid JSON ({exc})", param_hint="--url-map") from exc
        return {str(k): str(v) for k, v in data.items()}
    mapping: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.replace(",", " ").split()
        if len(parts) != 2:
            raise click.BadParameter(f"{path}:{number}: expected 'file url', got {line!r}", param_hint="--url-map")
        mapping[parts[0]] = parts[1]
    return mapping


def _is_warc(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(64)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path) as unzipped:
                head = unzipped.read(16)
        except (OSError, EOFError):
            return False
    return head.startswith((b"WARC/", b"filedesc://"))  # WARC, or the older ARC format


def _html_pages(folder: Path, url_map: dict[str, str]) -> Iterator[HtmlPage | Skip]:
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".html", ".htm"} and p.is_file()):
        name = str(path.relative_to(folder))
        url = url_map.get(name) or url_map.get(path.name) or path.resolve().as_uri()
        evidence = Evidence(source_url=url)
        try:
            html, charset = decode_body(path.read_bytes())
        except UndecodableBody as exc:
            yield Skip("undecodable", str(exc), evidence)
            continue
        yield HtmlPage(url, html, charset, evidence)


def _skip_line(skip: Skip) -> dict[str, Any]:
    evidence = skip.evidence
    return {"url": evidence.source_url if evidence else None, "reason": skip.reason, "detail": skip.detail,
            "warc_offset": evidence.warc_offset if evidence else None}


@group.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, path_type=Path),
              help="A WARC(.gz) file or a folder of .html files.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines output, one line per page.")
@click.option("--url-map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="For a folder: the URL of each file (JSON object or 'file url' lines).")
@click.option("--min-score", default=DEFAULT_MIN_SCORE, show_default=True, type=float,
              help="Acceptance threshold for is_consultancy.")
def classify(input_path: Path, output: Path, url_map: Path | None, min_score: float) -> None:
    """Classify every page of a WARC file or folder: {"url", "is_consultancy", "score", "category", "name",
    "services", "ats_boards", "reasons"} per line. Skipped records go to OUTPUT.skipped.jsonl with the reason."""
    from jobsearch_pipelines.lib.companies.classify import result_line

    min_score = _min_score(min_score)
    if input_path.is_dir():
        pages: Iterator[HtmlPage | Skip] = _html_pages(input_path, load_url_map(url_map) if url_map else {})
        stream: IO[bytes] | None = None
    elif _is_warc(input_path):
        stream = input_path.open("rb")
        pages = iter_pages(stream, str(input_path))
    else:
        raise click.BadParameter(f"{input_path} is neither a folder nor a WARC/ARC file", param_hint="--input")
    counts: Counter[str] = Counter()
    skipped_path = output.with_name(output.name + ".skipped.jsonl")
    total = input_path.stat().st_size if stream is not None else sum(1 for _ in input_path.rglob("*.htm*"))
    try:
        with output.open("w", encoding="utf-8") as out, skipped_path.open("w", encoding="utf-8") as skipped, \
                progress_bar(f"classifying {input_path.name}", total=total,
                             unit="B" if stream is not None else "pages") as progress:
            position = 0
            for item in pages:
                if stream is not None:  # a WARC: progress in bytes read
                    progress.advance(stream.tell() - position)
                    position = stream.tell()
                else:
                    progress.advance()
                result = analyse_page(item, min_score) if isinstance(item, HtmlPage) else item
                if isinstance(result, PageOutcome):
                    out.write(json.dumps(result_line(result.evidence.source_url, result.analysis, result.verdict),
                                         ensure_ascii=False) + "\n")
                    counts["pages"] += 1
                    counts["consultancies"] += result.verdict.is_consultancy
                else:
                    skipped.write(json.dumps(_skip_line(result), ensure_ascii=False) + "\n")
                    counts[f"skipped:{result.reason}"] += 1
    finally:
        if stream is not None:
            stream.close()
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    click.echo(f"{output}: {summary or 'no pages'} (skipped records: {skipped_path})")


@group.command(name="eval")
@click.option("--labels", "labels_files", required=True, multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="labels.json ([{file, url, category}], HTML files next to it) or labels.csv "
                   "(slug,category,...,split; pages.jsonl next to it); repeat it to pool several sets.")
@click.option("--split", type=click.Choice(["dev", "test"]), help="Only this split of a labels.csv set.")
@click.option("--folds", type=int, help="Cross-validate: judge each page with a text model trained on the other "
                                        "folds of the pooled pages (default: the shipped text model).")
@click.option("--train-also", "train_also", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --folds: sets every fold's text model is also trained on (e.g. the real profiles).")
@click.option("--min-score", default=DEFAULT_MIN_SCORE, show_default=True, type=float)
@click.option("--show-errors/--no-show-errors", default=True, help="List misclassified pages.")
def eval_command(labels_files: tuple[Path, ...], split: str | None, folds: int | None, train_also: tuple[Path, ...],
                 min_score: float, show_errors: bool) -> None:
    """Precision/recall of the classifier on labelled page sets (Markdown table)."""
    from jobsearch_pipelines.lib.companies.evaluate import evaluate, set_name
    from jobsearch_pipelines.lib.companies.text_model import default_model

    try:
        result = evaluate(list(labels_files), _min_score(min_score), split, folds, train_also)
    except (ValueError, KeyError) as exc:
        raise click.BadParameter(str(exc), param_hint="--labels") from exc
    click.echo(result.table())
    shipped = default_model()
    fitted = [set_name(labels) for labels in labels_files
              if shipped is not None and set_name(labels) in shipped.trained_on]
    if folds is None and fitted:
        click.echo(f"Note: the shipped text model was trained on {', '.join(fitted)}, so these figures are fitted; "
                   "--folds K gives held-out ones.")
    if show_errors:
        for row in result.rows:
            if row["expected"] != row["category"] or (row["expected"] == "CONSULTANCY") != row["is_consultancy"]:
                click.echo(f"- {row['file']}: expected {row['expected']}, got {row['category']} "
                           f"(score {row['score']:.2f})")


@group.command(name="train-text-model")
@click.option("--labels", "labels_files", required=True, multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Labelled sets to train on (labels.json or labels.csv, as for eval); repeatable.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: the shipped model file.")
def train_text_model_command(labels_files: tuple[Path, ...], output: Path | None) -> None:
    """Fit the text model the scorer asks when cues and page structure name no category."""
    from jobsearch_pipelines.lib.companies.evaluate import train_text_model
    from jobsearch_pipelines.lib.companies.text_model import MODEL_PATH

    try:
        model = train_text_model(list(labels_files))
    except (ValueError, KeyError) as exc:
        raise click.BadParameter(str(exc), param_hint="--labels") from exc
    target = output or MODEL_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(model.to_json() + "\n", encoding="utf-8")
    click.echo(f"{target}: {len(model.log_probs)} terms, categories {', '.join(model.categories)}")


def _client(index_url: str | None, data_url: str | None, interval: float) -> Any:
    from jobsearch_pipelines.lib.companies.commoncrawl import build_client

    return build_client(index_url=index_url, data_url=data_url, index_interval=interval)


_cc_options = [
    click.option("--index-url", envvar="JOBSEARCH_CC_INDEX_URL", help="CDX index server (default Common Crawl)."),
    click.option("--data-url", envvar="JOBSEARCH_CC_DATA_URL", help="WARC data server (default Common Crawl)."),
    click.option("--index-interval", default=1.0, show_default=True, type=float,
                 help="Seconds between index requests."),
]


def cc_options(fn: Any) -> Any:
    for option in reversed(_cc_options):
        fn = option(fn)
    return fn


@group.command()
@click.option("--domain", "domains", multiple=True, help="A domain to check (repeatable).")
@click.option("--known/--no-known", default=False, help="Also check companies known from job postings.")
@click.option("--recent-crawls", default=6, show_default=True, type=int)
@click.option("--max-pages", default=6, show_default=True, type=int, help="maxPagesPerDomain")
@click.option("--concurrency", default=6, show_default=True, type=int)
@click.option("--min-score", default=DEFAULT_MIN_SCORE, show_default=True, type=float)
@cc_options
def discover(domains: tuple[str, ...], known: bool, recent_crawls: int, max_pages: int, concurrency: int,
             min_score: float, index_url: str | None, data_url: str | None, index_interval: float) -> None:
    """Domain mode without Dagster: harvest, score and persist the given domains."""
    from jobsearch_pipelines.db.engine import get_engine
    from jobsearch_pipelines.lib.companies.discovery import DiscoverySettings
    from jobsearch_pipelines.lib.companies.service import candidate_domains, run_discovery

    settings = DiscoverySettings(recent_crawls, max_pages, concurrency, _min_score(min_score))
    engine = get_engine()
    try:
        settings.validate()
        candidates = candidate_domains(engine, domains, include_known=known, only_new=True)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if not candidates:
        raise click.UsageError("no domains: pass --domain or --known")
    with _client(index_url, data_url, index_interval) as client:
        summary = run_discovery(engine, client, candidates, settings)
    click.echo(json.dumps(summary.as_metadata(), indent=2, ensure_ascii=False))


@group.group()
def scan() -> None:
    """Bulk mode: WARC files scanned one per Dagster partition (``scan_warc_files``)."""


def _read_paths_file(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


@scan.command(name="add")
@click.argument("sources", nargs=-1)
@click.option("--paths-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Common Crawl warc.paths(.gz) list; each line is prefixed with --prefix.")
@click.option("--prefix", default="https://data.commoncrawl.org/", show_default=True)
@click.option("--limit", type=int, help="Only the first N lines of --paths-file.")
def scan_add(sources: tuple[str, ...], paths_file: Path | None, prefix: str, limit: int | None) -> None:
    """Register WARC files (paths, folders of *.warc.gz, URLs) for scanning; the warc_files_sensor adds one
    dynamic partition per file and requests its run."""
    from jobsearch_pipelines.db.engine import get_engine, session_scope
    from jobsearch_pipelines.lib.companies.bulk import get_or_create_scan

    entries: list[str] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            entries.append(source)
            continue
        path = Path(source).expanduser().resolve()
        if path.is_dir():
            entries += [str(p) for p in sorted(path.glob("*.warc*")) if p.is_file()]
        elif path.is_file():
            entries.append(str(path))
        else:
            raise click.BadParameter(f"no such file or folder: {source}", param_hint="SOURCES")
    if paths_file:
        lines = _read_paths_file(paths_file)[:limit] if limit else _read_paths_file(paths_file)
        entries += [prefix.rstrip("/") + "/" + line.lstrip("/") for line in lines]
    if not entries:
        raise click.UsageError("nothing to add: pass SOURCES or --paths-file")
    added = 0
    with session_scope(get_engine()) as session:
        for entry in dict.fromkeys(entries):
            scan_row = get_or_create_scan(session, entry)
            if scan_row.status in {"failed"}:
                scan_row.status = "pending"
            added += scan_row.status == "pending"
    click.echo(f"{added} WARC file(s) pending")


@scan.command(name="run")
@click.argument("source")
@click.option("--min-score", default=DEFAULT_MIN_SCORE, show_default=True, type=float)
@click.option("--prescreen/--no-prescreen", default=True, show_default=True)
@click.option("--workers", default=None, type=click.IntRange(0, 64),
              help="Extra processes analysing pages (default: one when there are two or more CPUs).")
@cc_options
def scan_run(source: str, min_score: float, prescreen: bool, workers: int | None, index_url: str | None,
             data_url: str | None, index_interval: float) -> None:
    """Scan one WARC file now, in this process (local path or URL on the configured data host)."""
    from jobsearch_pipelines.db.engine import get_engine
    from jobsearch_pipelines.lib.companies.service import run_warc_scan

    if not source.startswith(("http://", "https://")):
        path = Path(source).expanduser()
        if not path.is_file():
            raise click.BadParameter(f"no such file: {source}", param_hint="SOURCE")
        source = str(path.resolve())
    with _client(index_url, data_url, index_interval) as client, \
            progress_bar(f"scanning {Path(source).name}", unit="records") as progress:
        report = run_warc_scan(get_engine(), source, client, min_score=_min_score(min_score), use_prescreen=prescreen,
                               workers=workers, on_record=progress.advance)
    click.echo(json.dumps(report.__dict__, indent=2, ensure_ascii=False))


@scan.command(name="list")
def scan_list() -> None:
    """Registered WARC files and their scan status."""
    from sqlalchemy import select

    from jobsearch_pipelines.db.engine import get_engine, session_scope
    from jobsearch_pipelines.db.schema import WarcScan

    with session_scope(get_engine()) as session:
        for row in session.scalars(select(WarcScan).order_by(WarcScan.id)):
            click.echo(f"{row.status:8} pages={row.pages_parsed} skipped={row.pages_skipped} "
                       f"companies={row.companies_found} boards={row.boards_found} {row.warc_path}"
                       + (f"  error: {row.last_error}" if row.last_error else ""))
