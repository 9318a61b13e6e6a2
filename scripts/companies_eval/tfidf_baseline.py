"""Cross-validated TF-IDF + logistic-regression baseline on the real-page set (an experiment, not the product).

Usage (needs scikit-learn, which the ``embeddings`` extra brings with sentence-transformers):

    python scripts/companies_eval/tfidf_baseline.py [--folds 5]

It answers one question for docs/companies.md: do the pages' words carry the category, whatever the hand-set cues
catch? Stratified k-fold cross-validation over all labelled pages; per-category precision/recall/F1 and the
consultancy decision, plus how many staffing firms or directories the model takes for consultancies.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

from jobsearch_pipelines.lib.companies.evaluate import labelled_pages, page_texts

LABELS = Path(__file__).parents[2] / "jobsearch_pipelines/data/companies_eval/remoteintech/labels.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    pages = labelled_pages(args.labels)
    texts = page_texts(pages)  # the text the product's cues and text model read
    labels = [page["category"] for page in pages]
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LogisticRegression(C=10, max_iter=2000, class_weight="balanced"))
    predicted = cross_val_predict(model, texts, labels,
                                  cv=StratifiedKFold(args.folds, shuffle=True, random_state=0))
    print(classification_report(labels, predicted, zero_division=0))
    truth = [label == "CONSULTANCY" for label in labels]
    said = [label == "CONSULTANCY" for label in predicted]
    p, r, f, _ = precision_recall_fscore_support(truth, said, average="binary")
    wrong = sum(label in {"STAFFING", "DIRECTORY"} and guess == "CONSULTANCY"
                for label, guess in zip(labels, predicted, strict=True))
    print(f"consultancy: precision {p:.2f} recall {r:.2f} F1 {f:.2f} "
          f"({args.folds}-fold); staffing/directory taken for consultancy: {wrong}")


if __name__ == "__main__":
    main()
