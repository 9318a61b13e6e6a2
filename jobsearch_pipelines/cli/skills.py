"""`jobsearch skills`: Extract skills from job postings and evaluate the extractors."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, TextIO

import click

import jobsearch_pipelines
from jobsearch_pipelines.cli.common import validated
from jobsearch_pipelines.cli.progress import progress_bar

# The TECH test split ships with the package (MIT, with its LICENSE) so the evaluation runs from any checkout;
# the other splits are read with --data (e.g. ../shared/data/skillspan).
DEFAULT_SKILLSPAN = Path(jobsearch_pipelines.__file__).resolve().parent / "data" / "skillspan"


@click.group(name="skills")
def group() -> None:
    """Extract skills from job postings and evaluate the extractors."""


def _read_jobs(handle: TextIO, source: str) -> list[dict[str, Any]]:
    jobs: list[dict[str, Any]] = []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"{where}: not JSON ({exc.msg})", param_hint="--input") from exc
        if not isinstance(item, dict):
            raise click.BadParameter(f"{where}: expected an object with id, title, description", param_hint="--input")
        if "id" not in item or item["id"] is None or isinstance(item["id"], (dict, list)):
            raise click.BadParameter(f"{where}: field 'id' is required (string or number)", param_hint="--input")
        for field in ("title", "description"):
            if item.get(field) is not None and not isinstance(item[field], str):
                raise click.BadParameter(f"{where}: field '{field}' must be a string or null", param_hint="--input")
        jobs.append(item)
    return jobs


def _cli_engine() -> Any | None:
    """The application database for the embedding cache, when it exists and is migrated; else None."""
    from jobsearch_pipelines.db.engine import default_database_url, get_engine
    from jobsearch_pipelines.db.migrate import is_up_to_date

    try:
        engine = get_engine(default_database_url())
        return engine if is_up_to_date(engine) else None
    except Exception:
        return None


def _extractor(choice: str) -> Any:
    """The extractor `jobsearch skills extract --extractor CHOICE` runs (a usage error when it is not configured)."""
    from jobsearch_pipelines.lib.skills.factory import build_extractor, settings_from_env

    settings = validated(settings_from_env(choice), "--extractor")
    return build_extractor(settings, _cli_engine() if choice != "local" else None)


@group.command()
@click.option(
    "--input",
    "input_file",
    type=click.File("r", encoding="utf-8"),
    required=True,
    help='JSONL, one {"id", "title", "description"} per line ("-" for stdin); HTML descriptions are fine.',
)
@click.option(
    "--output",
    "output_file",
    type=click.File("w", encoding="utf-8"),
    required=True,
    help='JSONL, one {"id", "skills": [{name, slug, level, confidence, mentions}]} per line ("-": stdout).',
)
@click.option(
    "--extractor",
    type=click.Choice(["auto", "local", "llm"]),
    default="auto",
    show_default=True,
    help="auto = the LLM when JOBSEARCH_LLM_MODEL and an endpoint/key are set, else local.",
)
def extract(input_file: TextIO, output_file: TextIO, extractor: str) -> None:
    """Extract skills from job postings. Mention offsets refer to title + blank line + plain-text description."""
    jobs = _read_jobs(input_file, getattr(input_file, "name", "input"))
    model = _extractor(extractor)
    started = time.perf_counter()
    skills_total = 0
    with progress_bar("extracting skills", total=len(jobs), unit="jobs") as progress:
        for job in jobs:
            result = model.extract(job.get("title"), job.get("description"))
            skills_total += len(result.skills)
            output_file.write(json.dumps({"id": job["id"], "skills": [s.to_dict() for s in result.skills]}) + "\n")
            progress.advance()
    elapsed = time.perf_counter() - started
    click.echo(f"{len(jobs)} job(s), {skills_total} skill(s) in {elapsed:.2f}s with {model.version}", err=True)


@group.command(name="eval")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SKILLSPAN,
    show_default=True,
    help="Folder with skillspan_<split>.conll files.",
)
@click.option("--split", default="tech_test", show_default=True, help="Split to score, e.g. tech_test, tech_dev.")
@click.option(
    "--postings",
    "postings_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Score technologies per posting instead: JSONL of {id, title, description, technologies} (shipped: "
    "jobsearch_pipelines/data/skills_eval/postings_dev.jsonl and postings_test.jsonl).",
)
@click.option("--errors", is_flag=True, help="With --postings: list every false positive and miss.")
@click.option("--extractor", type=click.Choice(["auto", "local", "llm"]), default="local", show_default=True,
              help="With --postings: the extractor to score (as `jobsearch skills extract`).")
def evaluate(data_dir: Path, split: str, postings_file: Path | None, errors: bool, extractor: str) -> None:
    """Score `extract` as users get it: on SkillSpan Knowledge spans (strict = exact span, relaxed = overlap; the CRF
    alone is a diagnostic row), or with --postings on the technologies each posting asks for."""
    if postings_file is not None:
        _evaluate_postings(postings_file, errors, extractor)
        return
    from jobsearch_pipelines.lib.skills.evaluate import evaluate_split, format_table

    path = data_dir / f"skillspan_{split}.conll"
    if not path.is_file():
        raise click.BadParameter(f"no file {path}", param_hint="--data/--split")
    with progress_bar(f"scoring {split}", unit="sentences") as progress:
        scores = evaluate_split(data_dir, split, on_total=progress.set_total, on_sentence=progress.advance)
    click.echo(format_table(split, scores))


def _evaluate_postings(path: Path, errors: bool, extractor: str) -> None:
    from jobsearch_pipelines.lib.skills.evaluate import format_technology_table, read_postings, score_technologies
    from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy

    try:
        postings = read_postings(path)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--postings") from exc
    model = _extractor(extractor)
    with progress_bar(f"scoring {path.name}", total=len(postings), unit="postings") as progress:
        scores = score_technologies(postings, model, default_taxonomy(), on_posting=progress.advance)
    click.echo(format_technology_table(path.name, scores, show_errors=errors))


@group.command(name="candidates")
@click.option("--limit", type=click.IntRange(1, 1000), default=30, show_default=True, help="How many surface forms.")
@click.option("--examples", type=click.IntRange(0, 20), default=3, show_default=True, help="Example postings each.")
@click.option("--min-jobs", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
def candidates(limit: int, examples: int, min_jobs: int, as_json: bool) -> None:
    """The most frequent skill spans no taxonomy skill matched (open jobs), with example postings."""
    from jobsearch_pipelines.db.engine import default_database_url, get_engine, session_scope
    from jobsearch_pipelines.db.migrate import is_up_to_date
    from jobsearch_pipelines.lib.skills.store import candidate_skills

    engine = get_engine(default_database_url())
    if not is_up_to_date(engine):
        raise click.UsageError("the database is not migrated: run `jobsearch db upgrade` first")
    with session_scope(engine) as session:
        found = candidate_skills(session, limit=limit, examples=examples, min_jobs=min_jobs)
    if as_json:
        for item in found:
            click.echo(json.dumps({"surface": item.surface, "jobs": item.jobs, "examples": [
                {"job_id": job_id, "title": title, "text": text} for job_id, title, text in item.examples]}))
        return
    if not found:
        click.echo("no unmapped skill spans (run `jobsearch skills run` first)")
        return
    click.echo(f"{'jobs':>5}  {'surface':<40} examples (job id: as written)")
    for item in found:
        shown = "; ".join(f"{job_id}: {text!r}" for job_id, _title, text in item.examples)
        click.echo(f"{item.jobs:>5}  {item.surface[:40]:<40} {shown}")


@group.command(name="load-taxonomy")
@click.option("--url", help="Database URL (default: $JOBSEARCH_DATABASE_URL or the SQLite file in the data folder).")
def load_taxonomy(url: str | None) -> None:
    """Load the shipped taxonomy into the skills and skill_aliases tables (idempotent)."""
    from jobsearch_pipelines.db.engine import default_database_url, get_engine
    from jobsearch_pipelines.db.migrate import is_up_to_date
    from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db

    engine = get_engine(url or default_database_url())
    if not is_up_to_date(engine):
        raise click.UsageError("the database is not migrated: run `jobsearch db upgrade` first")
    loaded = load_taxonomy_into_db(engine)
    click.echo(
        f"skills created {loaded.skills_created}, updated {loaded.skills_updated}; "
        f"aliases added {loaded.aliases_added}, removed {loaded.aliases_removed}"
    )


@group.command()
@click.argument("text")
@click.option("-k", "top_k", type=click.IntRange(1, 500), default=10, show_default=True)
def search(text: str, top_k: int) -> None:
    """Vector search: the taxonomy skills closest to TEXT (chunked, cosine; embeddings per JOBSEARCH_EMBEDDINGS_*)."""
    from jobsearch_pipelines.lib.skills.factory import build_embedder, settings_from_env
    from jobsearch_pipelines.lib.skills.store import DbVectorStore
    from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy
    from jobsearch_pipelines.lib.skills.vector_search import TaxonomyIndex

    engine = _cli_engine()
    embedder = build_embedder(settings_from_env(), DbVectorStore(engine) if engine is not None else None)
    for candidate in TaxonomyIndex(default_taxonomy(), embedder).top_k(text, top_k):
        click.echo(f"{candidate.score:.3f}  {candidate.skill.slug:<28} {candidate.skill.name}")


@group.command(name="run")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many jobs.")
@click.option("--extractor", type=click.Choice(["auto", "local", "llm"]), default="auto", show_default=True)
def run_pending(limit: int | None, extractor: str) -> None:
    """Extract skills for jobs in the database without an up-to-date extraction (what the daily schedule runs)."""
    from jobsearch_pipelines.db.engine import default_database_url, get_engine
    from jobsearch_pipelines.db.migrate import is_up_to_date
    from jobsearch_pipelines.lib.skills.factory import build_extractor, settings_from_env
    from jobsearch_pipelines.lib.skills.service import extract_pending
    from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db

    engine = get_engine(default_database_url())
    if not is_up_to_date(engine):
        raise click.UsageError("the database is not migrated: run `jobsearch db upgrade` first")
    load_taxonomy_into_db(engine)
    settings = validated(settings_from_env(extractor), "--extractor")
    stats = extract_pending(engine, build_extractor(settings, engine), limit=limit)
    click.echo(json.dumps(stats.as_dict()))


@group.command(name="extract-job")
@click.option("--job-id", type=int, required=True, help="jobs.id of the job to extract.")
@click.option("--title", help="Title to extract from (default: the job's).")
@click.option("--description", help="Description (HTML or text) to extract from (default: the job's).")
def extract_job(job_id: int, title: str | None, description: str | None) -> None:
    """Run the Dagster job ``extract_job_skills`` for one job, in process (recorded in $DAGSTER_HOME if set)."""
    import os

    import dagster as dg

    from jobsearch_pipelines.definitions import defs

    config: dict[str, Any] = {"job_id": job_id}
    if title is not None:
        config["title"] = title
    if description is not None:
        config["description"] = description
    home = os.environ.get("DAGSTER_HOME")
    if home and not os.path.isdir(home):
        raise click.UsageError(f"DAGSTER_HOME: {home!r} is not an existing directory")
    instance = dg.DagsterInstance.get() if home else dg.DagsterInstance.ephemeral()
    result = (
        defs()
        .resolve_job_def("extract_job_skills")
        .execute_in_process(
            run_config={"ops": {"extract_job_skills_op": {"config": config}}}, instance=instance, raise_on_error=False
        )
    )
    if not result.success:
        failure = next((e for e in result.all_events if e.is_step_failure), None)
        error = failure.step_failure_data.error if failure and failure.step_failure_data else None
        while error is not None and error.cause is not None:  # the user error, not Dagster's wrapper
            error = error.cause
        message = error.message.strip().splitlines()[-1] if error and error.message.strip() else "see the run's logs"
        raise click.ClickException(f"extract_job_skills failed (run {result.run_id}): {message}")
    output = result.output_for_node("extract_job_skills_op")
    click.echo(json.dumps({"run_id": result.run_id, **output}))
