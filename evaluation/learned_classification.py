"""Would a model learned from the labelled notices generalise better than the rules? Trained on two sets, scored on the third.

    python evaluation/learned_classification.py

An experiment for issue #14, not the loader's classifier. The design was fixed before any score on the
second held-out set was computed with it, and is chosen by cross-validation on the training notices only:

* training: ``labelled-notices.csv`` and ``heldout-notices.csv`` (480 notices); test: ``heldout3-notices.csv``
  (180, labelled blind, never read to write the rules), scored once per setting chosen on the training set.
* features: TF-IDF of words and word pairs of the title (twice) and description, the CPV codes as tokens at
  2, 3, 5 and 8 digits, and the rule classifier's own answer (``rule:<class>`` tokens): a model over the rules.
* model: one logistic regression per class (five towers and ``it-other``), ``class_weight="balanced"``.
* decision: a class is predicted when its probability reaches a threshold; the threshold and the
  regularisation C are the pair with the best tower F1 in 5-fold cross-validation on the training notices.

Prints the cross-validation grid, then on the test set the rules alone, the model, and the union of the two
(the rules' towers plus the model's), with the same micro averages as ``evaluation/classification.py``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from supplygraph.loaders.classify import TOWER_ORDER, classify

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "classification"
TRAIN = (DATA / "labelled-notices.csv", DATA / "heldout-notices.csv")
TEST = DATA / "heldout3-notices.csv"
CLASSES = (*TOWER_ORDER, "it-other")
CS = (0.3, 1.0, 3.0, 10.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
FOLDS = 5
SEED = 14


def main() -> None:
    train = [r for path in TRAIN for r in _rows(path)]
    test = _rows(TEST)
    print(f"training notices {len(train)}, test notices {len(test)}")
    print("\n5-fold cross-validation on the training notices: tower precision / recall / F1")
    print(f"{'C':>6} " + " ".join(f"{'t=' + str(t):>16}" for t in THRESHOLDS))
    best = (-1.0, CS[0], THRESHOLDS[0])
    for c in CS:
        cells = []
        probs = _cross_validated(train, c)
        for t in THRESHOLDS:
            p, r = _micro([_truth(x) for x in train], [_decide(pr, t) for pr in probs], TOWER_ORDER)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            cells.append(f"{p:.2f}/{r:.2f}/{f1:.2f}")
            best = max(best, (f1, c, t))
        print(f"{c:>6} " + " ".join(f"{x:>16}" for x in cells))
    _, c, t = best
    print(f"chosen: C={c}, threshold {t}")

    model = _Model(c).fit(train)
    learned = [_decide(p, t) for p in model.probabilities(test)]
    rules = [_rules(x) for x in test]
    union = [_union(r, m) for r, m in zip(rules, learned, strict=True)]
    truth = [_truth(x) for x in test]
    print(f"\nsecond held-out set ({TEST.name}), {len(test)} notices: precision / recall")
    print(f"{'':<28}{'towers':>14}{'all IT':>14}")
    for name, got in (("rules (the loader)", rules), ("learned model", learned), ("rules + model's towers", union)):
        tp, tr = _micro(truth, got, TOWER_ORDER)
        ap, ar = _micro(truth, got, CLASSES)
        print(f"{name:<28}{f'{tp:.2f} / {tr:.2f}':>14}{f'{ap:.2f} / {ar:.2f}':>14}")
    n_towers = sum(len(x & set(TOWER_ORDER)) for x in truth)
    print(f"({n_towers} tower labels in the test set)")


class _Model:
    """TF-IDF text, CPV tokens and the rules' answer, one logistic regression per class."""

    def __init__(self, c: float) -> None:
        self.c = c
        self.text = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[a-z0-9]{2,}")
        self.codes = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, use_idf=False, norm=None, binary=True)
        self.fitted: dict[str, LogisticRegression | bool] = {}

    def fit(self, rows: list[dict[str, str]]) -> _Model:
        x = hstack([self.text.fit_transform(_texts(rows)), self.codes.fit_transform(_code_tokens(rows))]).tocsr()
        for k in CLASSES:
            y = np.array([k in _truth(r) for r in rows])
            if y.all() or not y.any():
                self.fitted[k] = bool(y.any())  # one class only: always that answer
                continue
            self.fitted[k] = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000).fit(x, y)
        return self

    def probabilities(self, rows: list[dict[str, str]]) -> list[dict[str, float]]:
        x = hstack([self.text.transform(_texts(rows)), self.codes.transform(_code_tokens(rows))]).tocsr()
        out: list[dict[str, float]] = [{} for _ in rows]
        for k, m in self.fitted.items():
            col = m.predict_proba(x)[:, 1] if isinstance(m, LogisticRegression) else np.full(len(rows), float(m))
            for i, p in enumerate(col):
                out[i][k] = float(p)
        return out


def _cross_validated(rows: list[dict[str, str]], c: float) -> list[dict[str, float]]:
    probs: list[dict[str, float]] = [{} for _ in rows]
    for fit_idx, held_idx in KFold(FOLDS, shuffle=True, random_state=SEED).split(rows):
        model = _Model(c).fit([rows[i] for i in fit_idx])
        for i, p in zip(held_idx, model.probabilities([rows[i] for i in held_idx]), strict=True):
            probs[i] = p
    return probs


def _decide(probs: dict[str, float], threshold: float) -> set[str]:
    towers = {k for k in TOWER_ORDER if probs.get(k, 0.0) >= threshold}
    if towers:
        return towers
    return {"it-other"} if probs.get("it-other", 0.0) >= threshold else set()


def _union(rules: set[str], learned: set[str]) -> set[str]:
    """The rules' towers and the model's; ``it-other`` (the rules') only when neither names a tower."""
    towers = (rules | learned) & set(TOWER_ORDER)
    return towers or rules


def _micro(truth: list[set[str]], got: list[set[str]], classes: tuple[str, ...]) -> tuple[float, float]:
    tp = sum(len(t & g & set(classes)) for t, g in zip(truth, got, strict=True))
    fp = sum(len((g - t) & set(classes)) for t, g in zip(truth, got, strict=True))
    fn = sum(len((t - g) & set(classes)) for t, g in zip(truth, got, strict=True))
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def _rules(row: dict[str, str]) -> set[str]:
    result = classify(_codes(row), row["title"], row["description"])
    return set(result.towers) or ({"it-other"} if result.service_class == "it-other" else set())


def _texts(rows: list[dict[str, str]]) -> list[str]:
    return [f"{r['title']} {r['title']} {r['description']}".lower() for r in rows]


def _code_tokens(rows: list[dict[str, str]]) -> list[str]:
    out = []
    for r in rows:
        codes = [re.sub(r"\D", "", c)[:8] for c in _codes(r)]
        tokens = {f"cpv{n}:{c[:n]}" for c in codes if c for n in (2, 3, 5, 8)}
        tokens |= {f"rule:{k}" for k in _rules(r)} or {"rule:none"}
        out.append(" ".join(sorted(tokens)))
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _truth(row: dict[str, str]) -> set[str]:
    return {t for t in row["towers"].split(";") if t and t != "none"}


def _codes(row: dict[str, str]) -> list[str]:
    return [c for c in row["cpv_codes"].split(";") if c.strip()]


if __name__ == "__main__":
    main()
