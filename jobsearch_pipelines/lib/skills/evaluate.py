"""Score the local extractor's Knowledge spans on a SkillSpan split (default: TECH test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.skillspan import Scores, bio_spans, read_conll, score_spans


def evaluate_split(
    data_dir: str | Path, split: str = "tech_test", extractor: LocalExtractor | None = None,
    on_total: Callable[[int], None] | None = None, on_sentence: Callable[[], None] | None = None,
) -> dict[str, Scores]:
    path = Path(data_dir) / f"skillspan_{split}.conll"
    if not path.is_file():
        raise ValueError(f"data: SkillSpan file not found: {path}")
    model = extractor or LocalExtractor()
    sentences = read_conll(path)
    gold = [bio_spans(s.knowledge_tags) for s in sentences]
    if on_total is not None:
        on_total(len(sentences))
    predicted = []
    for sentence in sentences:
        predicted.append(model.knowledge_spans(sentence.tokens))
        if on_sentence is not None:
            on_sentence()
    return score_spans(gold, predicted)


def format_table(split: str, scores: dict[str, Scores]) -> str:
    lines = [
        f"SkillSpan {split} — Knowledge spans (local extractor)",
        f"{'match':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'predicted':>9} {'gold':>5}",
    ]
    for name, s in scores.items():
        lines.append(f"{name:<8} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.predicted:>9} {s.gold:>5}")
    return "\n".join(lines)
