"""Precision and recall of contract-to-contract succession, twice: real labelled pairs and a generated history.

First, the real pairs. Reads ``tests/data/incumbents/labelled-pairs.csv`` (pairs of real notices at one buyer, labelled by
reading them: renewals, re-procurements and extensions as 1; a tender and its own award, one award
published twice, parallel lots, a different service as 0; LABELLING.md in tests/data/classification
says how) and ``notices.csv`` beside it (what the matcher sees of each notice). A pair is predicted
a succession when the later notice can follow the earlier one (graph/predecessors.py) and scores at
or above the threshold. Prints precision and recall at the threshold, and by kind of pair.

Second, a generated history whose truth is known (``supplygraph generate --notices``, 2,000
notices, seed 1 by default): written to a temporary folder, loaded into a private Neo4j of its
own (started in a temporary folder and stopped after), SUCCEEDS refreshed for every buyer as a
load does, and the stored pairs compared with ``succession.tsv`` (graph/succession_truth.py).
"""

from __future__ import annotations

import argparse
import csv
import logging
import shutil
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from supplygraph.graph import incumbents, local_neo4j
from supplygraph.graph.config import Settings, settings
from supplygraph.graph.db import connect
from supplygraph.graph.predecessors import THRESHOLD, Notice, _may_precede, _vectors, score_pair
from supplygraph.graph.schema import ensure_schema
from supplygraph.graph.succession_truth import compare, report, stored_pairs
from supplygraph.loaders import load_paths
from supplygraph.loaders.synthetic_notices import generate_notices, read_truth

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "incumbents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", action="store_true", help="Print every real pair with its score.")
    parser.add_argument("--contracts", type=int, default=2000, help="Notices in the generated history (0: skip it).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated history.")
    args = parser.parse_args()
    real(args.pairs)
    if args.contracts:
        print()
        generated(args.contracts, args.seed)


def real(pairs: bool) -> None:
    """The hand-labelled real pairs: score each and count it against its label."""
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
        if pairs:
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


def generated(contracts: int, seed: int) -> None:
    """A generated history with its truth, loaded into a private Neo4j and compared with what it stored."""
    work = Path(tempfile.mkdtemp(prefix="supplygraph-eval-"))
    try:
        generate_notices(contracts, seed, work / "history")
        local_neo4j.start(work / "neo4j")
        cfg = settings()
        graph = connect(Settings(uri=None, user=cfg.user, password=cfg.password, local_dir=work / "neo4j"))
        try:
            ensure_schema(graph)
            began = time.monotonic()
            load_paths(graph, [work / "history"])
            loaded = time.monotonic()
            incumbents.refresh(graph)
            scored = time.monotonic()
            outcome = compare(stored_pairs(graph), read_truth(work / "history"))
        finally:
            graph.close()
    finally:
        local_neo4j.stop(work / "neo4j")
        shutil.rmtree(work, ignore_errors=True)
    print(f"generated history: {contracts} notices (generate --notices --seed {seed}), threshold {THRESHOLD}")
    print("\n".join(report(outcome)))
    print(f"load {loaded - began:.0f} s, succession refresh {scored - loaded:.1f} s")


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
    logging.basicConfig(level=logging.WARNING)
    main()
