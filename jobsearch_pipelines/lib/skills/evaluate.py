"""Score skill extraction on a SkillSpan split the way users get it.

Each sentence goes through ``extract`` (the same call the ``job_skills`` asset makes) as a description; the
mentions of every returned skill (mapped or not) are mapped back from character offsets to SkillSpan tokens and
scored against the gold Knowledge spans. The CRF's own spans are a diagnostic row only.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.models import ExtractionResult
from jobsearch_pipelines.lib.skills.skillspan import Scores, Span, bio_spans, read_conll, score_spans

PRODUCT_ROW = "extract"
CRF_ROW = "crf only"


def tokens_as_text(tokens: Sequence[str]) -> tuple[str, list[int], list[int]]:
    """The sentence as one string (tokens joined by spaces) with each token's start and end offset."""
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for token in tokens:
        starts.append(position)
        ends.append(position + len(token))
        position += len(token) + 1
    return " ".join(tokens), starts, ends


def mention_token_spans(result: ExtractionResult, starts: list[int], ends: list[int]) -> list[Span]:
    """Token spans covered by the mentions of every skill (a mention covers each token it overlaps)."""
    spans: set[Span] = set()
    for skill in result.skills:
        for mention in skill.mentions:
            first = bisect_right(ends, mention.start)
            last = bisect_left(starts, mention.end)
            if first < last:
                spans.add((first, last))
    return sorted(spans)


def evaluate_split(
    data_dir: str | Path,
    split: str = "tech_test",
    extractor: LocalExtractor | None = None,
    on_total: Callable[[int], None] | None = None,
    on_sentence: Callable[[], None] | None = None,
) -> dict[str, dict[str, Scores]]:
    """``{row: {"strict": Scores, "relaxed": Scores}}`` for the product path and the CRF diagnostic."""
    path = Path(data_dir) / f"skillspan_{split}.conll"
    if not path.is_file():
        raise ValueError(f"data: SkillSpan file not found: {path}")
    model = extractor or LocalExtractor()
    sentences = read_conll(path)
    gold = [bio_spans(s.knowledge_tags) for s in sentences]
    if on_total is not None:
        on_total(len(sentences))
    product: list[list[Span]] = []
    crf: list[list[Span]] = []
    for sentence in sentences:
        text, starts, ends = tokens_as_text(sentence.tokens)
        product.append(mention_token_spans(model.extract(None, text), starts, ends))
        crf.append(model.knowledge_spans(sentence.tokens))
        if on_sentence is not None:
            on_sentence()
    return {PRODUCT_ROW: score_spans(gold, product), CRF_ROW: score_spans(gold, crf)}


def format_table(split: str, scores: dict[str, dict[str, Scores]]) -> str:
    lines = [
        f"SkillSpan {split} — Knowledge spans",
        f"{'path':<9} {'match':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'predicted':>9} {'gold':>5}",
    ]
    for row, by_match in scores.items():
        for name, s in by_match.items():
            lines.append(
                f"{row:<9} {name:<8} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.predicted:>9} {s.gold:>5}"
            )
    lines.append(f"headline: '{PRODUCT_ROW}' = jobsearch skills extract (mention offsets mapped to tokens); "
                 f"'{CRF_ROW}' = the tagger alone (diagnostic)")
    return "\n".join(lines)
