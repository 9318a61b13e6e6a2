"""The text model: training, scoring, its place in the scorer (when cues and structure name no category, and as
confirmation of a consultancy on a firm's site; never a consultancy from words alone), cross-validation
through `jobsearch companies eval --folds`, and the shipped model rebuilt exactly by
`jobsearch companies train-text-model`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.lib.companies.classify import classify_html
from jobsearch_pipelines.lib.companies.evaluate import fold_of, labelled_pages
from jobsearch_pipelines.lib.companies.models import PageSignals
from jobsearch_pipelines.lib.companies.text_model import MODEL_PATH, TextModel, terms, train
from jobsearch_pipelines_tests.companies.warc_builders import LABELS_FILE

REAL_LABELS = Path(__file__).parents[2] / "jobsearch_pipelines/data/companies_eval/remoteintech/labels.csv"
# The homepages written for the project by helpers who never saw it (README "Company discovery"): all of them train
# the shipped text model since the eleventh session, each after it was scored once on arrival (docs/companies.md).
INDEPENDENT_SETS = ("pages_independent_dev", "pages_independent_dev2", "pages_independent_dev3",
                    "pages_independent_test", "pages_independent_test2", "pages_independent_test3",
                    "pages_independent_test4", "pages_independent_dev4", "pages_independent_test5",
                    "pages_independent_dev5", "pages_independent_dev6", "pages_independent_test7",
                    "pages_independent_test8", "pages_independent_dev7",
                    "pages_independent_test9", "pages_independent_test10", "pages_independent_test11",
                    "pages_independent_test12", "pages_independent_dev8", "pages_independent_test13",
                    "pages_independent_dev9", "pages_independent_test14", "pages_independent_dev10",
                    "pages_independent_test15", "pages_independent_test16", "pages_independent_dev11",
                    "pages_independent_test17", "pages_independent_dev12", "pages_independent_test18",
                    "pages_independent_test19", "pages_independent_test20", "pages_independent_test21",
                    "pages_independent_test22", "pages_independent_test23", "pages_independent_test24",
                    "pages_independent_test26", "pages_independent_test27", "pages_independent_test28",
                    "pages_independent_test29")

_TEXTS = {
    "PRODUCT": ["acme is an app that lets teams track invoices", "our app helps teams track expenses and invoices",
                "the app teams use to track time"],
    "CONSULTANCY": ["we build software for our clients and advise them", "software projects for clients we advise",
                    "we advise clients and build their software"],
}


def _tiny_model() -> TextModel:
    texts = [t for ts in _TEXTS.values() for t in ts]
    labels = [c for c, ts in _TEXTS.items() for _ in ts]
    return train(texts, labels, min_docs=2)


def _bare_page(words: str) -> str:
    """A page with no cue, no structure, no organisation data: only words."""
    return f"<html><head><title>Home</title></head><body><p>{words}</p></body></html>"


def test_terms_are_letter_words_and_adjacent_pairs() -> None:
    assert terms("we build apps, 24/7 for b2b.") == {"we", "build", "apps", "for", "we build", "build apps",
                                                    "apps for"}


def test_training_scoring_and_a_json_round_trip() -> None:
    model = _tiny_model()
    product = model.probabilities(model.log_likelihoods("an app to track invoices"))
    assert max(product, key=lambda c: product[c]) == "PRODUCT" and abs(sum(product.values()) - 1) < 1e-9
    consulting = model.probabilities(model.log_likelihoods("we advise clients"))
    assert max(consulting, key=lambda c: consulting[c]) == "CONSULTANCY"
    assert model.log_likelihoods("zebra quokka") == {} and model.probabilities({}) == {}
    again = TextModel.from_json(model.to_json())
    assert again.probabilities(again.log_likelihoods("an app to track invoices")) == pytest.approx(product, abs=1e-3)
    with pytest.raises(ValueError, match="same length"):
        train(["a"], [])


def test_the_pages_of_a_domain_add_up() -> None:
    model = _tiny_model()
    a, b = model.log_likelihoods("teams track invoices"), model.log_likelihoods("our app")
    merged = PageSignals(text_loglik=a).merge(PageSignals(text_loglik=b)).text_loglik
    assert merged == pytest.approx({c: a[c] + b[c] for c in a})


def test_words_name_the_category_only_when_cues_and_structure_do_not() -> None:
    model = _tiny_model()
    analysis, verdict = classify_html(_bare_page("the app teams use to track invoices"), "https://acme.example/",
                                      text_model=model)
    assert verdict.category == "PRODUCT" and analysis.signals.text_loglik
    assert any("its words read like product (text model, p=" in r for r in verdict.reasons)

    # Words of a consultancy give the category, never the consultancy verdict: that needs cues and structure.
    _, verdict = classify_html(_bare_page("we build software for clients and advise them"), "https://b.example/",
                               text_model=model)
    assert verdict.category == "CONSULTANCY" and not verdict.is_consultancy and verdict.score < 0.65

    # A page the cues already place is not read by the model at all.
    analysis, verdict = classify_html(_bare_page("Recruitment agency: upload your CV, browse jobs, job alerts."),
                                      "https://c.example/", text_model=model)
    assert verdict.category == "STAFFING" and analysis.signals.text_loglik == {}


def test_folds_are_fixed_and_stratified() -> None:
    pages = labelled_pages(REAL_LABELS)
    folds = fold_of(pages, 5)
    assert folds == fold_of(pages, 5)
    per_fold = Counter(folds)
    assert max(per_fold.values()) - min(per_fold.values()) <= 1
    consultancies = Counter(f for f, p in zip(folds, pages, strict=True) if p["category"] == "CONSULTANCY")
    assert max(consultancies.values()) - min(consultancies.values()) <= 1


def test_cross_validated_eval_on_the_real_pages() -> None:
    """Every page judged by a model trained without it; the words place most real self-descriptions (the cues
    alone placed 6 %), and no staffing firm or directory becomes a consultancy."""
    from jobsearch_pipelines.lib.companies.evaluate import evaluate

    result = evaluate(REAL_LABELS, folds=5)
    assert result.accuracy >= 0.75
    assert result.categories["CONSULTANCY"].precision >= 0.75
    assert not [r for r in result.rows if r["expected"] in {"STAFFING", "DIRECTORY"} and r["is_consultancy"]]
    output = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(REAL_LABELS), "--folds", "1"]).output
    assert "folds: need at least 2" in output


def test_cross_validated_eval_on_the_homepages_pooled() -> None:
    """Issue #13's figure: the homepages pooled, five folds, each fold's text model trained on the other four and on
    the real profiles. The consultancy decision (cues, structure and the words' confirmation) read F1 0.93 at the
    eleventh session's end (held here at 0.88), with no staffing firm or directory taken for a consultancy."""
    sets = [LABELS_FILE, *(LABELS_FILE.parent.with_name(name) / "labels.json" for name in INDEPENDENT_SETS)]
    labels_args = [arg for labels in sets for arg in ("--labels", str(labels))]
    output = CliRunner().invoke(cli, ["companies", "eval", *labels_args, "--folds", "5",
                                      "--train-also", str(REAL_LABELS)]).output
    row = next(line for line in output.splitlines() if line.startswith("| is_consultancy"))
    precision, recall, f1 = (float(cell) for cell in row.strip("|").split("|")[3:6])
    assert f1 >= 0.93 and precision >= 0.96 and recall >= 0.88, row
    wrongly = [line for line in output.splitlines() if line.startswith("- ") and "got CONSULTANCY" in line
               and ("expected STAFFING" in line or "expected DIRECTORY" in line)]
    assert all(float(line.rsplit("score ", 1)[1].rstrip(")")) < 0.65 for line in wrongly), wrongly
    refused = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(LABELS_FILE), "--train-also",
                                       str(REAL_LABELS)])
    assert refused.exit_code != 0 and "train_also: only with folds" in refused.output


def test_the_shipped_model_is_rebuilt_exactly_by_the_command(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    development_pages = [LABELS_FILE.parent.with_name(name) / "labels.json" for name in INDEPENDENT_SETS]
    result = CliRunner().invoke(cli, ["companies", "train-text-model", "--labels", str(REAL_LABELS),
                                      "--labels", str(LABELS_FILE),
                                      *(arg for labels in development_pages for arg in ("--labels", str(labels))),
                                      "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "categories AGENCY, CONSULTANCY, DIRECTORY, OTHER, PRODUCT, STAFFING" in result.output
    assert target.read_text(encoding="utf-8") == MODEL_PATH.read_text(encoding="utf-8")


def test_eval_says_when_its_figures_are_fitted() -> None:
    """The shipped model was trained on the hand-written set: eval says so, and with --folds it does not."""
    fitted = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(LABELS_FILE), "--no-show-errors"])
    assert "the shipped text model was trained on pages/labels.json, so these figures are fitted" in fitted.output
    held_out = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(LABELS_FILE), "--folds", "3",
                                        "--no-show-errors"])
    assert held_out.exit_code == 0 and "fitted" not in held_out.output
