"""Score skill extraction the way users get it.

* **SkillSpan**: each sentence goes through ``extract`` (the same call the ``job_skills`` asset makes) as a
  description; the mentions of every returned skill (mapped or not) are mapped back from character offsets to
  SkillSpan tokens and scored against the gold Knowledge spans. The CRF's own spans are a diagnostic row only.
* **Technologies per posting**: whole postings (title + description, HTML or markdown as written) go through
  ``extract``; the canonical skills of kind ``technology`` are compared with each posting's gold list of the
  technologies it asks for. A span with no canonical skill counts neither way; a gold name the taxonomy cannot
  name is a miss, reported apart so the taxonomy can grow.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.mapping import SpanMapper
from jobsearch_pipelines.lib.skills.models import ExtractionResult, SkillExtractor
from jobsearch_pipelines.lib.skills.skillspan import Scores, Span, bio_spans, read_conll, score_spans
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry, Taxonomy, alias_tokens

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


@dataclass(slots=True)
class TechnologyScores:
    """Technology skills per posting against gold lists, summed over postings."""

    postings: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    unknown_gold: Counter[str] = field(default_factory=Counter)  # gold names the taxonomy cannot name
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (posting id, "FP"/"FN", name)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_postings(path: str | Path) -> list[dict[str, Any]]:
    """Labelled postings, JSONL: ``{"id", "title", "description", "technologies": [names]}`` per line."""
    postings: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            posting = json.loads(line)
            for key in ("id", "description", "technologies"):
                if key not in posting:
                    raise ValueError(f"{path}:{number}: field '{key}' is missing")
            if not isinstance(posting["technologies"], list):
                raise ValueError(f"{path}:{number}: field 'technologies' must be a list of names")
            postings.append(posting)
    return postings


class GoldNamer:
    """A gold technology name -> its taxonomy skill: any alias (ambiguous ones too: the name is given out of
    context), then the span mapper's alias rules ("Python 3.12", "Apache Spark 3.x")."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._mapper = SpanMapper(taxonomy)
        self._aliases: dict[tuple[str, ...], SkillEntry] = {}
        for skill in taxonomy.skills:
            self._aliases.setdefault(alias_tokens(skill.name), skill)
            for alias in skill.aliases:
                self._aliases.setdefault(alias.tokens, skill)

    def __call__(self, name: str) -> SkillEntry | None:
        return self._aliases.get(alias_tokens(name)) or self._mapper.by_alias(name)


def score_technologies(
    postings: Iterable[dict[str, Any]],
    extractor: SkillExtractor,
    taxonomy: Taxonomy,
    on_posting: Callable[[], None] | None = None,
) -> TechnologyScores:
    """Run ``extractor.extract`` on each posting and score its technology skills against the gold list."""
    name = GoldNamer(taxonomy)
    scores = TechnologyScores()
    for posting in postings:
        gold: dict[str, str] = {}
        for written in posting["technologies"]:
            skill = name(written)
            if skill is None:
                scores.unknown_gold[written] += 1
            gold[skill.slug if skill else f"?{written.lower()}"] = written
        result = extractor.extract(posting.get("title"), posting["description"])
        predicted = {s.slug: s.name for s in result.skills if s.slug and s.kind == "technology"}
        scores.postings += 1
        for slug, shown in predicted.items():
            if slug in gold:
                scores.true_positives += 1
            else:
                scores.false_positives += 1
                scores.errors.append((str(posting["id"]), "FP", shown))
        for slug, written in gold.items():
            if slug not in predicted:
                scores.false_negatives += 1
                scores.errors.append((str(posting["id"]), "FN", written))
        if on_posting is not None:
            on_posting()
    return scores


def format_technology_table(label: str, scores: TechnologyScores, show_errors: bool = False) -> str:
    lines = [
        f"Technologies asked per posting — {label}",
        f"{'postings':>8} {'gold':>5} {'predicted':>9} {'precision':>9} {'recall':>7} {'F1':>6}",
        f"{scores.postings:>8} {scores.true_positives + scores.false_negatives:>5} "
        f"{scores.true_positives + scores.false_positives:>9} {scores.precision:>9.3f} {scores.recall:>7.3f} "
        f"{scores.f1:>6.3f}",
        f"gold names the taxonomy cannot name (misses): {sum(scores.unknown_gold.values())}",
    ]
    if scores.unknown_gold:
        lines.append("  " + ", ".join(f"{n} ({c})" if c > 1 else n for n, c in scores.unknown_gold.most_common(40)))
    if show_errors:
        lines.extend(f"{kind} {posting_id}: {shown}" for posting_id, kind, shown in scores.errors)
    return "\n".join(lines)
