"""Precision and recall of the service classifier on the hand-labelled notices (``make eval``).

Reads ``tests/data/classification/labelled-notices.csv`` (labels decided by reading each notice,
see LABELLING.md beside it) and prints, per class and overall, true and false positives, false
negatives, precision and recall; the same for the random stratum alone (the natural mix of
notices) and for the CPV-only rule the loaders used before, side by side. Then the same for the
held-out set ``heldout-notices.csv`` (LABELLING.md section 1b; its random stratum is a2: labelled
before the classifier saw it, then read for the recall rules, so now in-sample too) and the second
held-out set ``heldout3-notices.csv`` (section 1c; random stratum a3: labelled blind while the rules
were written from the other two, never read for them: out-of-sample). ``--set`` picks the sets.

A notice's label is a set of towers, or ``it-other``, or ``none``. Overall figures are micro
averages over the five towers (``towers``) and over the towers plus ``it-other`` (``all IT``);
``none`` is the negative class and is not counted as a hit.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from supplygraph.loaders import cpv
from supplygraph.loaders.classify import TOWER_ORDER, classify

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "classification"
LABELLED = DATA / "labelled-notices.csv"
STRATA = DATA / "strata.csv"
HELDOUT = DATA / "heldout-notices.csv"
HELDOUT_STRATA = DATA / "heldout-sample.csv"  # its stratum column
HELDOUT3 = DATA / "heldout3-notices.csv"
HELDOUT3_STRATA = DATA / "heldout3-sample.csv"
CLASSES = (*TOWER_ORDER, "it-other")
# name, heading, labels, file giving each notice's stratum, random stratum
SETS = (
    ("labelled", "labelled set, in-sample (labelled-notices.csv)", LABELLED, STRATA, "a"),
    (
        "heldout",
        "first held-out set, in-sample since the recall rules (heldout-notices.csv)",
        HELDOUT,
        HELDOUT_STRATA,
        "a2",
    ),
    ("heldout3", "second held-out set, out-of-sample (heldout3-notices.csv)", HELDOUT3, HELDOUT3_STRATA, "a3"),
)


def main() -> None:
    """Report the sets asked for (both by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="List every notice the classifier got wrong.")
    parser.add_argument(
        "--set",
        choices=("labelled", "heldout", "heldout3", "all"),
        default="all",
        help="Which labelled set to report (default all three).",
    )
    args = parser.parse_args()
    for name, heading, labels, strata_file, random_stratum in SETS:
        if args.set in (name, "all"):
            print(f"=== {heading}")
            _report_set(labels, strata_file, random_stratum, errors=args.errors)


def _report_set(labels: Path, strata_file: Path, random_stratum: str, *, errors: bool) -> None:
    """Print both rules' tables for one labelled file, all notices then its random stratum."""
    rows = list(csv.DictReader(labels.open(encoding="utf-8")))
    strata = _strata(strata_file)
    for name, predict in (
        ("classifier (codes + title + description)", _classifier),
        ("CPV codes only (before)", _cpv_only),
    ):
        print(f"== {name}")
        for subset, picked in (
            ("all labelled notices", rows),
            (f"random stratum ({random_stratum})", [r for r in rows if strata.get(_key(r)) == random_stratum]),
        ):
            print(f"-- {subset}: {len(picked)} notices")
            _report(picked, predict)
        print()
    if errors:
        for row in rows:
            got = _classifier(row)
            if got != _truth(row):
                print(f"{row['towers']:>45} | got {';'.join(sorted(got)) or 'none':<45} | {row['title'][:80]}")
        print()


def _classifier(row: dict[str, str]) -> set[str]:
    result = classify(_codes(row), row["title"], row["description"])
    return set(result.towers) or ({"it-other"} if result.service_class == "it-other" else set())


def _cpv_only(row: dict[str, str]) -> set[str]:
    return set(cpv.towers_for(_codes(row)))


def _truth(row: dict[str, str]) -> set[str]:
    return {t for t in row["towers"].split(";") if t and t != "none"}


def _codes(row: dict[str, str]) -> list[str]:
    return [c for c in row["cpv_codes"].split(";") if c.strip()]


def _report(rows: Iterable[dict[str, str]], predict: Callable[[dict[str, str]], set[str]]) -> None:
    counts = {c: [0, 0, 0] for c in CLASSES}  # tp, fp, fn
    for row in rows:
        truth, got = _truth(row), predict(row)
        for c in CLASSES:
            counts[c][0] += c in truth and c in got
            counts[c][1] += c not in truth and c in got
            counts[c][2] += c in truth and c not in got
    print(f"{'class':<22}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    for c in CLASSES:
        print(_line(c, *counts[c]))
    for name, group in (("towers", TOWER_ORDER), ("all IT", CLASSES)):
        print(_line(name, *(sum(counts[c][i] for c in group) for i in range(3))))


def _line(name: str, tp: int, fp: int, fn: int) -> str:
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"{name:<22}{tp:>4}{fp:>4}{fn:>4}{precision:>11}{recall:>8}"


def _key(row: dict[str, str]) -> tuple[str, str]:
    return row["source_file"], row["notice_id"]


def _strata(path: Path) -> dict[tuple[str, str], str]:
    """Stratum of each notice, from a CSV with source_file, notice_id and stratum columns."""
    if not path.exists():
        return {}
    return {(r["source_file"], r["notice_id"]): r["stratum"] for r in csv.DictReader(path.open(encoding="utf-8"))}


if __name__ == "__main__":
    main()
