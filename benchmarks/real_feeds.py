"""How much of each real published feed loads: ``python benchmarks/real_feeds.py [PATH...]``.

Each file (by default every Contracts Finder export in ``../shared/data/contracts-finder/`` and
every OCDS file under ``../shared/data/ocds/uk/``) is loaded alone into an empty graph with a
rejects file, as ``supplygraph load FILE --rejects r.csv`` does, and the script prints

    file: rows N read = L loaded + R rejected (L/N)

then the reject reasons by count (quoted values and numbers folded, so one cause is one line).
A load that stops (an exception despite the rejects file) is reported as ABORTED with its
error. Last, all the files are loaded together twice and the graph compared: the second load
must change nothing.

It runs against ``NEO4J_URI`` when set (the database is EMPTIED), else a private local Neo4j
started in a temporary directory and stopped at the end. Exit status 1 when a file is under
``REAL_FEEDS_TARGET`` (default 0.995), a load aborted, or the reload changed the graph.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from supplygraph.graph import local_neo4j  # noqa: E402
from supplygraph.graph.config import Settings, settings  # noqa: E402
from supplygraph.graph.db import Graph, connect  # noqa: E402
from supplygraph.graph.schema import ensure_schema  # noqa: E402
from supplygraph.loaders import load_paths  # noqa: E402
from supplygraph.loaders.ocds_read import is_ocds_path  # noqa: E402

SHARED = Path(os.environ.get("REAL_FEEDS_DIR", ROOT.parent / "shared" / "data"))
TARGET = float(os.environ.get("REAL_FEEDS_TARGET", "0.995"))
_QUOTED = re.compile(r"(?<!\w)'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """One file's load: the counts, the reasons of its rejects, or the error that stopped it."""

    file: Path
    rows_in: int = 0
    loaded: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    aborted: str | None = None

    @property
    def share(self) -> float:
        return self.loaded / self.rows_in if self.rows_in else 1.0

    def line(self) -> str:
        if self.aborted is not None:
            return f"{self.file.name}: ABORTED: {self.aborted}"
        return (
            f"{self.file.name}: rows {self.rows_in} read = {self.loaded} loaded + {self.rejected} rejected "
            f"({self.share:.3f})"
        )


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    files = _files([Path(a) for a in argv]) if argv else default_files()
    if not files:
        print(f"no files to load (looked in {SHARED})", file=sys.stderr)
        return 2
    cfg = settings()
    work = Path(tempfile.mkdtemp(prefix="supplygraph-real-feeds-"))
    own_server = cfg.uri is None
    if own_server:
        local_neo4j.start(work / "neo4j")
        cfg = Settings(uri=None, user=cfg.user, password=cfg.password, database=None, local_dir=work / "neo4j")
    graph = connect(cfg)
    try:
        outcomes = [measure(graph, f, work) for f in files]
        for o in outcomes:
            print(o.line())
            for reason, n in o.reasons.most_common():
                print(f"    {n:5d}  {reason}")
        stable = reload_is_stable(graph, files, work)
        second = "changed nothing" if stable else "CHANGED the graph"
        print(f"all {len(files)} files loaded together twice: the second load {second}")
    finally:
        graph.close()
        if own_server:
            local_neo4j.stop(work / "neo4j")
        shutil.rmtree(work, ignore_errors=True)
    failed = [o for o in outcomes if o.aborted is not None or o.share < TARGET]
    return 1 if failed or not stable else 0


def default_files() -> list[Path]:
    return _files([SHARED / "contracts-finder", SHARED / "ocds" / "uk"])


def measure(graph: Graph, path: Path, work: Path) -> Outcome:
    """Load one file alone into an empty graph with a rejects file."""
    _empty(graph)
    rejects = work / f"{path.name}.rejects.csv"
    outcome = Outcome(path)
    try:
        report = load_paths(graph, [path], rejects=rejects)
    except Exception as exc:  # the point is to see what stops a load, whatever it is
        outcome.aborted = f"{type(exc).__name__}: {exc}"
        return outcome
    outcome.rows_in, outcome.loaded, outcome.rejected = report.rows_in, report.rows_loaded, report.rows_rejected
    outcome.reasons = reasons(rejects)
    return outcome


def reasons(rejects: Path) -> Counter[str]:
    """``field: reason`` of each rejected record, with quoted values and numbers folded."""
    with rejects.open(encoding="utf-8", newline="") as fh:
        return Counter(
            f"{r['field'] or '-'}: {_NUMBER.sub('N', _QUOTED.sub('…', r['reason']))}" for r in csv.DictReader(fh)
        )


def reload_is_stable(graph: Graph, files: list[Path], work: Path) -> bool:
    """Load every file together, then again: the second load must leave the graph exactly as it was."""
    _empty(graph)
    rejects = work / "all.rejects.csv"
    try:
        report = load_paths(graph, files, rejects=rejects)
        together = Outcome(Path("all files together"), report.rows_in, report.rows_loaded, report.rows_rejected)
        print(together.line())
        for reason, n in reasons(rejects).most_common():
            print(f"    {n:5d}  {reason}")
        before = _fingerprint(graph)
        load_paths(graph, files, rejects=rejects)
    except Exception as exc:
        print(f"loading all the files together: ABORTED: {type(exc).__name__}: {exc}")
        return False
    after = _fingerprint(graph)
    if after != before:
        _show_changes(before, after)
    return after == before


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and (f.suffix == ".csv" or is_ocds_path(f)))
        elif p.exists():
            found.append(p)
    return found


def _empty(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    ensure_schema(graph)


def _fingerprint(graph: Graph) -> list[str]:
    """Every node's labels and properties and every relationship, canonical and sorted; bookkeeping times
    (when a fact was recorded or superseded, when a derived layer was derived) left out."""
    nodes = graph.read(
        "MATCH (n) RETURN labels(n) AS l, "
        "[k IN keys(n) WHERE NOT k IN ['recorded_at', 'superseded_at', 'derived_at'] | [k, n[k]]] AS p"
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, "
        "[k IN keys(r) WHERE NOT k IN ['recorded_at', 'derived_at'] | [k, r[k]]] AS p, "
        "coalesce(a.id, a.key, a.contract_id) AS a, coalesce(b.id, b.key, b.contract_id) AS b"
    )
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in [*nodes, *rels])


def _show_changes(before: list[str], after: list[str], most: int = 10) -> None:
    """What a reload changed: the first lines only one of the two graphs has."""
    gone, new = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    print(f"    {len(gone)} node/relationship states gone, {len(new)} new; the first of each:")
    for line in gone[:most]:
        print(f"    - {line[:300]}")
    for line in new[:most]:
        print(f"    + {line[:300]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
