"""Precision and recall of contract-to-contract succession on hand-labelled real pairs (``make eval``).

Reads ``tests/data/incumbents/labelled-pairs.csv`` (pairs of real notices at one buyer, labelled by
reading them: renewals, re-procurements and extensions as 1; a tender and its own award, one award
published twice, parallel lots, a different service as 0; LABELLING.md in tests/data/classification
says how) and ``notices.csv`` beside it (what the matcher sees of each notice). A pair is predicted
a succession when the later notice can follow the earlier one (graph/predecessors.py) and scores at
or above the threshold. Prints precision and recall at the threshold, and by kind of pair.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from datetime import date
from pathlib import Path

from supplygraph.graph.predecessors import THRESHOLD, Notice, _may_precede, _vectors, score_pair

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "incumbents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", action="store_true", help="Print every pair with its score.")
    args = parser.parse_args()
    rows = list(csv.DictReader((DATA / "notices.csv").open(encoding="utf-8")))
    notices = {(r["source_file"], r["notice_id"]): _notice(r) for r in rows}
    keys = list(notices)
    vectors = _vectors([notices[k] for k in keys])
    index = {k: i for i, k in enumerate(keys)}
    outcome: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    for pair in csv.DictReader((DATA / "labelled-pairs.csv").open(encoding="utf-8")):
        ka, kb = (pair["source_file_a"], pair["notice_id_a"]), (pair["source_file_b"], pair["notice_id_b"])
        a, b = notices[ka], notices[kb]
        candidate = _may_precede(a, b)
        similarity = float((vectors[index[ka]] @ vectors[index[kb]].T).toarray()[0, 0])
        score = score_pair(a, b, similarity).score if candidate else 0.0
        predicted = candidate and score >= THRESHOLD
        truth = pair["label"] == "1"
        verdict = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}[predicted, truth]
        outcome[verdict] += 1
        by_kind[pair["kind"], verdict] += 1
        if args.pairs:
            print(f"{verdict} {score:.3f} {pair['kind']:<28} {a.title[:45]!r} -> {b.title[:45]!r}")
    tp, fp, fn, tn = (outcome[k] for k in ("tp", "fp", "fn", "tn"))
    print(f"real labelled pairs: {tp + fp + fn + tn} ({tp + fn} successions), threshold {THRESHOLD}")
    print(f"tp {tp}  fp {fp}  fn {fn}  tn {tn}")
    print(f"precision {tp / (tp + fp):.2f}" if tp + fp else "precision - (nothing predicted)")
    print(f"recall    {tp / (tp + fn):.2f}" if tp + fn else "recall - (no successions)")
    print("by kind (predicted succession / pairs):")
    for kind in sorted({k for k, _ in by_kind}):
        said = by_kind[kind, "tp"] + by_kind[kind, "fp"]
        total = sum(by_kind[kind, v] for v in ("tp", "fp", "fn", "tn"))
        print(f"  {kind:<28} {said:>3} / {total}")


def _notice(row: dict[str, str]) -> Notice:
    return Notice(
        id=f"{row['source_file']}#{row['notice_id']}",
        title=row["title"],
        description=row["description"],
        cpv=tuple(c for c in row["cpv_codes"].split(";") if c),
        start=_day(row["start"]),
        end=_day(row["end"]),
        published=_day(row["published"]),
        value=float(row["value"]) if row["value"] else None,
        suppliers=frozenset(s.lower() for s in row["suppliers"].split(";") if s),
        ocid=row["reference"].strip().lower() or None,  # one buyer reference: one process (a tender and its award)
        source_ref=row["reference"] or None,
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


if __name__ == "__main__":
    main()
