"""Contract succession scoring without Neo4j: ``rank`` + ``select`` on a generated history, now and at another commit.

    python benchmarks/succession_scoring.py [--contracts 10000] [--seed 7] [--against REV]

Generates a synthetic deal history (``supplygraph generate``), groups its contracts by buyer as
notices, and times ``select(rank(...))`` for every buyer with this checkout's
``graph/predecessors.py``; with ``--against REV`` also with that commit's module (read with
``git show``), and says whether the two store the same pairs, scores and evidence.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
import tempfile
import time
from datetime import date
from itertools import groupby
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from supplygraph.graph import predecessors  # noqa: E402
from supplygraph.graph.temporal import PartialDate  # noqa: E402
from supplygraph.loaders.synthetic import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--against", help="a commit whose graph/predecessors.py to time and compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(args.contracts, args.seed, Path(tmp))
        rows = _rows(Path(tmp) / "contracts.csv")
    modules = [("this checkout", predecessors)]
    if args.against:
        modules.append((args.against, _module_at(args.against)))
    results = []
    for label, module in modules:
        buyers = [[module.Notice(**n) for n in group] for group in rows]
        started = time.perf_counter()
        pairs = [(c.earlier, c.later, c.score, c.evidence) for b in buyers for c in module.select(module.rank(b), b)]
        seconds = time.perf_counter() - started
        results.append(pairs)
        print(
            f"{label}: {len(buyers)} buyers, {sum(map(len, buyers))} notices, {len(pairs)} pairs stored, {seconds:.1f} s"
        )
    if len(results) == 2:
        print("the same pairs, scores and evidence" if results[0] == results[1] else "THE PAIRS DIFFER")


def _rows(path: Path) -> list[list[dict[str, Any]]]:
    """The generated contracts as notices' fields, by buyer."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (r["buyer"], r["contract_id"]))
    return [
        [
            {
                "id": r["contract_id"],
                "title": r["title"],
                "towers": tuple(t.strip().lower().replace(" ", "-") for t in r["towers"].split(";") if t.strip()),
                "start": _first(r["start"]),
                "end": _last(r["end"]),
                "start_latest": _last(r["start"]),
                "end_earliest": _first(r["end"]),
                "published": _first(r["source_published"]),
                "value": float(r["value"]) if r["value"] else None,
                "suppliers": frozenset(s.strip() for s in r["supplier"].split(";") if s.strip()),
            }
            for r in group
        ]
        for _, group in groupby(rows, key=lambda r: r["buyer"])
    ]


def _module_at(rev: str) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{rev}:graph/predecessors.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "predecessors_then.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("predecessors_then", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["predecessors_then"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _first(text: str) -> date | None:
    """The first day of "2021", "2021-10" or "2021-10-04" (None for no date)."""
    return PartialDate.parse(text).first if text else None


def _last(text: str) -> date | None:
    """The last day of "2021", "2021-10" or "2021-10-04" (None for no date)."""
    return PartialDate.parse(text).last if text else None


if __name__ == "__main__":
    main()
