"""The "is it asked?" model: its features, its arithmetic, its training script and its place in ``extract``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from jobsearch_pipelines.lib.skills import asked_train
from jobsearch_pipelines.lib.skills.asked import MODEL_PATH, AskedModel, mention_features
from jobsearch_pipelines.lib.skills.local import LocalExtractor


def test_features_read_the_context_not_the_mention() -> None:
    lower = ["our", "marketing", "site", "runs", "on", "webflow", "."]
    features = mention_features(lower, 5, 6, "other", "nice")
    expected = {"section=other", "level=nice", "first=our", "left1=on", "left2=runs", "right1=.", "length=medium"}
    assert expected <= set(features)
    assert "word=marketing" in features
    assert "word=webflow" not in features  # the mention itself is not its context
    assert "word=." not in features


def test_probability_is_the_logistic_of_the_weights(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"weights": {"word=team": -2.0, "section=required": 1.0}, "bias": 0.5,
                                "threshold": 0.4}))
    model = AskedModel(path)
    assert model.probability(["word=team", "section=required", "unknown"]) == pytest.approx(1 / (1 + math.exp(0.5)))
    assert model.threshold == 0.4


@pytest.mark.parametrize(
    "sentence",
    ["our stack : go , postgresql , redis , kafka and go again on aws",
     "the platform team owns terraform ; you will not touch terraform",
     "python"],
)
def test_the_sentence_scorer_equals_the_features(sentence: str) -> None:
    """extract scores a sentence's mentions through SentenceScorer; training reads mention_features."""
    model = AskedModel()
    lower = sentence.split()
    scorer = model.sentence(lower, "required", "nice")
    for start in range(len(lower)):
        for end in range(start + 1, min(len(lower), start + 3) + 1):
            expected = model.probability(mention_features(lower, start, end, "required", "nice"))
            assert scorer.probability(start, end) == pytest.approx(expected, abs=1e-12)


NAMED = ("We are a team of twelve in Lisbon. Our marketing site runs on Webflow and the blog on Ghost. "
         "You will build our data pipelines in Python.")


def test_extract_drops_a_technology_its_context_does_not_ask_for(local_extractor: LocalExtractor) -> None:
    asked = local_extractor.extract(
        "", "We are a team of twelve in Lisbon. You will build our marketing site in Webflow. We ship weekly."
    )
    assert "webflow" in {s.slug for s in asked.skills}
    named = local_extractor.extract("", NAMED)
    assert "webflow" not in {s.slug for s in named.skills}
    reasons = [e["reason"] for e in named.excluded if e["slug"] == "webflow"]
    assert reasons and reasons[0].startswith("not asked by its context (P = ")
    # the rules alone keep it: the model is what drops it
    assert "webflow" in {s.slug for s in LocalExtractor(asked_model_path=None).extract("", NAMED).skills}


def test_a_text_of_a_sentence_or_two_is_not_judged_by_the_model(local_extractor: LocalExtractor) -> None:
    """The model learnt from whole postings: "Docker is a plus but not required." alone keeps Docker."""
    assert "docker" in {s.slug for s in local_extractor.extract("", "Docker is a plus but not required.").skills}
    short = local_extractor.extract("", NAMED.split(". ", 1)[1])  # the last two sentences of NAMED
    assert "webflow" in {s.slug for s in short.skills}


def test_the_model_is_part_of_the_extractor_version(tmp_path: Path) -> None:
    other = tmp_path / "asked.json"
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    other.write_text(json.dumps({**data, "threshold": 0.99}))
    assert LocalExtractor(asked_model_path=other).version != LocalExtractor().version


def test_training_refuses_the_test_sets(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="test sets are for evaluation only"):
        asked_train.train([asked_train.EVAL_DIR / "postings_test.jsonl"], tmp_path / "m.json")


def test_training_writes_a_model_the_extractor_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asked_train, "C_GRID", (0.1,))
    output = tmp_path / "asked.json"
    report = asked_train.train([asked_train.EVAL_DIR / "postings_dev8.jsonl"], output, folds=2)
    assert report["not_asked_examples"] > 50  # dev8 names many technologies it does not ask for
    model = AskedModel(output)
    assert model.threshold in asked_train.THRESHOLDS and model.weights
    cross_validated = report["cross_validated"]
    assert isinstance(cross_validated, dict) and 0 < cross_validated["precision"] <= 1
    assert LocalExtractor(asked_model_path=output).extract("", "You will write Go services.").skills


def test_the_shipped_model_was_trained_on_dev_sets_only() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["trained_on"] and all(name.startswith("postings_dev") for name in data["trained_on"])
