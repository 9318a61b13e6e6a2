"""The numpy CRF tagger against CRFsuite's own marginals for the same model and features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from jobsearch_pipelines.lib.skills import crf
from jobsearch_pipelines.lib.skills.crf import LABELS, MODEL_PATH, KnowledgeTagger, sentence_features
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer, bio_tags
from jobsearch_pipelines.lib.skills.skillspan import read_conll
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy

TECH_TEST = Path(crf.__file__).resolve().parents[2] / "data" / "skillspan" / "skillspan_tech_test.conll"


@pytest.fixture(scope="module")
def tagged_sentences() -> list[tuple[list[str], list[str]]]:
    gazetteer = Gazetteer(default_taxonomy())
    return [(s.tokens, bio_tags(gazetteer.match(s.tokens), len(s.tokens))) for s in read_conll(TECH_TEST)]


def crfsuite_marginals(words: list[str], tags: list[str]) -> np.ndarray:
    reference = pycrfsuite.Tagger()
    reference.open(str(MODEL_PATH))
    reference.set(sentence_features(words, tags))
    return np.array([[reference.marginal(label, i) for label in LABELS] for i in range(len(words))])


def test_crf_marginals_match_crfsuite(tagged_sentences: list[tuple[list[str], list[str]]]) -> None:
    """Every sentence of SkillSpan TECH test, tagged in batches of 40 as a posting's sentences are."""
    reference = pycrfsuite.Tagger()
    reference.open(str(MODEL_PATH))
    tagger = KnowledgeTagger()
    worst = 0.0
    for first in range(0, len(tagged_sentences), 40):
        batch = tagged_sentences[first : first + 40]
        for (words, tags), marginals in zip(batch, tagger.marginals(batch), strict=True):
            reference.set(sentence_features(words, tags))
            expected = [[reference.marginal(label, i) for label in LABELS] for i in range(len(words))]
            worst = max(worst, float(np.abs(marginals - np.array(expected)).max()))
    assert len(tagged_sentences) > 1000
    assert worst < 1e-5


def test_a_sentence_tags_the_same_alone_and_in_any_batch(tagged_sentences: list[tuple[list[str], list[str]]]) -> None:
    """Padding to the longest sentence, empty sentences and one-word sentences change nothing."""
    tagger = KnowledgeTagger()
    longest = max(tagged_sentences, key=lambda s: len(s[0]))
    short = next(s for s in tagged_sentences if len(s[0]) == 1)
    middle = tagged_sentences[7]
    alone = tagger.marginals([middle])[0]
    batch = tagger.marginals([longest, ([], []), middle, short])
    assert batch[1].shape == (0, len(LABELS))
    np.testing.assert_allclose(batch[2], alone, atol=1e-12)
    np.testing.assert_allclose(batch[3], crfsuite_marginals(*short), atol=1e-5)
    np.testing.assert_allclose(batch[0], crfsuite_marginals(*longest), atol=1e-5)
    assert tagger.marginals([]) == []


def test_the_word_cache_starts_afresh_without_changing_results(
    tagged_sentences: list[tuple[list[str], list[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    tagger = KnowledgeTagger()
    expected = tagger.marginals(tagged_sentences[:30])
    monkeypatch.setattr(crf, "_WORD_ROWS", 50)
    for first in range(0, 30, 3):  # every batch past 50 distinct words starts the cache afresh
        for got, want in zip(tagger.marginals(tagged_sentences[first : first + 3]), expected[first : first + 3],
                             strict=True):
            np.testing.assert_allclose(got, want, atol=1e-12)
    assert len(tagger._rows) <= 50 + 3 * max(len(s[0]) for s in tagged_sentences[:30])


def test_a_missing_model_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="model_path"):
        KnowledgeTagger(tmp_path / "none.bin")
