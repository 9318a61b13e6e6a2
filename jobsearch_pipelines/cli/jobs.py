"""`jobsearch jobs`: checks and debugging on job postings (remote eligibility)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any, TextIO

import click

from jobsearch_pipelines.cli.common import validated
from jobsearch_pipelines.cli.progress import progress_bar


@click.group(name="jobs")
def group() -> None:
    """Checks and debugging on job postings."""


def _bad(where: str, message: str) -> click.BadParameter:
    return click.BadParameter(f"{where}: {message}", param_hint="--input")


def read_postings(handle: TextIO, source: str) -> list[dict[str, Any]]:
    """JSONL postings, validated: every problem names its line and field."""
    postings: list[dict[str, Any]] = []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad(where, f"not JSON ({exc.msg})") from exc
        if not isinstance(item, dict):
            raise _bad(where, "expected an object with id, title, location(s), description")
        if item.get("id") is None or isinstance(item["id"], dict | list | bool):
            raise _bad(where, "field 'id' is required (string or number)")
        for field in ("title", "description", "location"):
            if item.get(field) is not None and not isinstance(item[field], str):
                raise _bad(where, f"field '{field}' must be a string or null")
        locations = item.get("locations")
        if locations is not None and (not isinstance(locations, list)
                                      or not all(isinstance(x, str) or x is None for x in locations)):
            raise _bad(where, "field 'locations' must be a list of strings or null")
        if item.get("vendor_fields") is not None and not isinstance(item["vendor_fields"], dict):
            raise _bad(where, "field 'vendor_fields' must be an object or null")
        postings.append(item)
    return postings


def _remote_settings(classifier: str) -> Any:
    from jobsearch_pipelines.lib.remote.factory import settings_from_env

    return validated(settings_from_env(classifier), "--classifier")


def _classified(model: Any, postings: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each input line with the classifier's answer: the one path of `classify-remote` and `eval-remote`."""
    from jobsearch_pipelines.lib.ingestion.text import html_to_text
    from jobsearch_pipelines.lib.remote.models import PostingInput

    for item in postings:
        locations = [x for x in (item.get("locations") or []) if x]
        if item.get("location"):
            locations.insert(0, item["location"])
        description = item.get("description")
        if description and "<" in description and ">" in description:
            description = html_to_text(description)
        yield item, model.classify(PostingInput(item.get("title"), tuple(locations), description,
                                                item.get("vendor_fields")))


@group.command(name="classify-remote")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
              help='JSONL, one {"id", "title", "location" or "locations", "description", "vendor_fields"?} per line '
                   '("-" for stdin); descriptions in plain text (HTML is read as text).')
@click.option("--output", "output_file", type=click.File("w", encoding="utf-8"), required=True,
              help='JSONL, one {"id", "workplace_type", "is_remote_eu", "confidence", "reason", "regions", '
                   '"countries"} per line ("-": stdout).')
@click.option("--classifier", type=click.Choice(["auto", "local", "llm"]), default="local", show_default=True,
              help="local = the rules (no network); llm = JOBSEARCH_LLM_MODEL at JOBSEARCH_LLM_BASE_URL (answers "
                   "whose evidence is not in the posting fall back to the rules); auto = llm when configured.")
def classify_remote(input_file: TextIO, output_file: TextIO, classifier: str) -> None:
    """Classify postings' remote eligibility: can someone living in the EU be hired, fully remote?"""
    from jobsearch_pipelines.lib.remote.factory import build_classifier

    postings = read_postings(input_file, getattr(input_file, "name", "input"))
    model = build_classifier(_remote_settings(classifier))
    started = time.perf_counter()
    remote_eu = 0
    with progress_bar("classifying", total=len(postings), unit="postings") as progress:
        for item, result in _classified(model, postings):
            remote_eu += bool(result.is_remote_eu)
            output_file.write(json.dumps({
                "id": item["id"], "workplace_type": result.workplace_type, "is_remote_eu": result.is_remote_eu,
                "confidence": result.confidence, "reason": result.reason, "regions": result.regions,
                "countries": result.countries, "timezone": list(result.timezone) if result.timezone else None,
                "classifier": result.classifier,
            }, ensure_ascii=False) + "\n")
            progress.advance()
    elapsed = time.perf_counter() - started
    click.echo(f"{len(postings)} posting(s), {remote_eu} remote-EU, in {elapsed:.2f}s with {model.version}", err=True)


@group.command(name="eval-remote")
@click.option("--classifier", type=click.Choice(["auto", "local", "llm"]), default="local", show_default=True)
def eval_remote(classifier: str) -> None:
    """Score the remote-EU judgement on the shipped labelled set (data/remote/labelled/), per split and source:
    the same path as `classify-remote`."""
    from jobsearch_pipelines.lib.remote.evaluate import labelled_postings, table
    from jobsearch_pipelines.lib.remote.factory import build_classifier

    postings = labelled_postings()
    model = build_classifier(_remote_settings(classifier))
    predicted = {item["id"]: bool(result.is_remote_eu) for item, result in _classified(model, postings)}
    click.echo(f"is_remote_eu with {model.version} on {len(postings)} labelled postings")
    click.echo(table(postings, predicted))
