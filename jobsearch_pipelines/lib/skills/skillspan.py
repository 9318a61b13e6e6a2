"""SkillSpan CoNLL reading and span scoring (strict = exact span match, relaxed = any character-token overlap).

A CoNLL line is ``token<TAB>skill-BIO<TAB>knowledge-BIO``; a blank line ends a sentence. Spans are
(start_token, end_token_exclusive) pairs per sentence. Relaxed matching follows the skill-extraction literature
(e.g. Nguyen et al. 2024): a predicted span counts as correct when it overlaps a gold span; recall counts gold
spans overlapped by some prediction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: list[str]
    skill_tags: list[str]
    knowledge_tags: list[str]


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of a SkillSpan CoNLL file; raises ValueError naming the line on a malformed row."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    skills: list[str] = []
    knowledge: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if not line.strip():
                if tokens:
                    sentences.append(Sentence(tokens, skills, knowledge))
                    tokens, skills, knowledge = [], [], []
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{number}: expected token<TAB>skill<TAB>knowledge, got {line!r}")
            tokens.append(parts[0])
            skills.append(parts[1])
            knowledge.append(parts[2])
    if tokens:
        sentences.append(Sentence(tokens, skills, knowledge))
    return sentences


def bio_spans(tags: Sequence[str]) -> list[Span]:
    """Spans of a BIO sequence; an I- without a preceding B- starts a span (conlleval convention)."""
    spans: list[Span] = []
    start: int | None = None
    for index, tag in enumerate(tags):
        if tag.startswith("B"):
            if start is not None:
                spans.append((start, index))
            start = index
        elif tag.startswith("I"):
            if start is None:
                start = index
        else:
            if start is not None:
                spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(tags)))
    return spans


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


def _prf(correct_pred: int, correct_gold: int, predicted: int, gold: int) -> Scores:
    precision = correct_pred / predicted if predicted else 0.0
    recall = correct_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, predicted, gold)


def score_spans(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict[str, Scores]:
    """Strict and relaxed span P/R/F1 over aligned sentences."""
    if len(gold) != len(predicted):
        raise ValueError(f"predicted: {len(predicted)} sentences, gold has {len(gold)}")
    exact = n_pred = n_gold = pred_overlapping = gold_overlapped = 0
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_set = set(gold_spans)
        n_gold += len(gold_spans)
        n_pred += len(pred_spans)
        exact += sum(1 for span in pred_spans if span in gold_set)
        pred_overlapping += sum(1 for p in pred_spans if any(_overlaps(p, g) for g in gold_spans))
        gold_overlapped += sum(1 for g in gold_spans if any(_overlaps(p, g) for p in pred_spans))
    return {
        "strict": _prf(exact, exact, n_pred, n_gold),
        "relaxed": _prf(pred_overlapping, gold_overlapped, n_pred, n_gold),
    }


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
