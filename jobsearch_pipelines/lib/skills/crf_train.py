"""Train the shipped Knowledge CRF on SkillSpan (train + dev splits; never the test splits).

Hyper-parameters (c1, c2, the decoding threshold ``local.O_THRESHOLD``) were chosen by training on the train splits
and scoring the TECH dev split; the shipped model is then fitted on train + dev of TECH and HOUSE.
Run: ``.venv/bin/python -m jobsearch_pipelines.lib.skills.crf_train --data ../shared/data/skillspan``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from jobsearch_pipelines.lib.skills.crf import MODEL_PATH, sentence_features
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer, bio_tags
from jobsearch_pipelines.lib.skills.skillspan import read_conll
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy

FINAL_SPLITS = ("tech_train", "tech_dev", "house_train", "house_dev")
C1 = 0.2
C2 = 0.05
MAX_ITERATIONS = 1000  # L-BFGS converges in ~950 (150 stopped it early: HOUSE dev strict -0.01)


def train(data_dir: str | Path, splits: Sequence[str], model_path: str | Path, c1: float = C1, c2: float = C2) -> int:
    """Fit the CRF on ``skillspan_<split>.conll`` files; returns the number of training sentences."""
    if any(split.endswith("test") for split in splits):
        raise ValueError("splits: the test splits are for evaluation only")
    gazetteer = Gazetteer(default_taxonomy())
    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for split in splits:
        for sentence in read_conll(Path(data_dir) / f"skillspan_{split}.conll"):
            gaz = bio_tags(gazetteer.match(sentence.tokens), len(sentence.tokens))
            labels = [tag.replace("Knowledge", "K") for tag in sentence.knowledge_tags]
            trainer.append(sentence_features(sentence.tokens, gaz), labels)
            count += 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS, "feature.possible_transitions": True})
    trainer.train(str(model_path))
    return count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(Path.cwd().parent / "shared" / "data" / "skillspan"))
    parser.add_argument("--output", default=str(MODEL_PATH))
    parser.add_argument("--splits", default=",".join(FINAL_SPLITS))
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    args = parser.parse_args(argv)
    count = train(args.data, args.splits.split(","), args.output, args.c1, args.c2)
    print(f"trained on {count} sentences -> {args.output}")


if __name__ == "__main__":
    main()
