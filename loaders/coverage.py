"""What each loaded file held, per publisher and year: notices read, loaded and rejected (``supplygraph sources``).

A load counts every notice-bearing record it reads (an OCDS release or
record, a Contracts Finder row, a deal-history contract row) under the
publisher that published it and the year it was published, and stores the
counts as ``(:Coverage)`` nodes keyed by the file's SHA-256, publisher and
year (``file`` is the path it was first loaded from). Loading the same file
again, from any path, replaces its counts, so reloads do not inflate them; two different files holding the same notice count it twice
(they are two files read). Organisation and lineage files hold no notices and
are not counted.

The year of a notice is the year of its release date (OCDS ``date``, a
Contracts Finder ``Published Date``), else the year its source was published,
else the year the contract starts; ``None`` when none is known (a row too
broken to read a date from).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from neo4j import ManagedTransaction

from supplygraph.graph.db import Graph
from supplygraph.loaders.deal_csv import ContractRow

DEAL_HISTORY = "deal history (curated CSV)"
"""The publisher a curated deal-history contracts.csv is counted under: it names no publisher."""
NOT_STATED = "(publisher not stated)"
"""An OCDS release whose package names no publisher."""
UNREADABLE = "(file rejected whole)"
"""A file that could not be split into notices (empty, not UTF-8, truncated): counted as one rejected record."""


@dataclass
class Counts:
    read: int = 0
    loaded: int = 0
    rejected: int = 0


class Coverage:
    """Counts per (file, publisher, year), kept while a load's check pass reads."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, int | None], Counts] = defaultdict(Counts)

    def count(self, file: str, publisher: str, year: int | None, loaded: bool) -> None:
        tally = self.counts[(file, publisher, year)]
        tally.read += 1
        if loaded:
            tally.loaded += 1
        else:
            tally.rejected += 1

    def params(self) -> list[dict[str, object]]:
        """One row per file with its SHA-256 and its counts per publisher and year."""
        files: dict[str, list[dict[str, object]]] = defaultdict(list)
        for (file, publisher, year), c in sorted(
            self.counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)
        ):
            files[file].append(
                {"publisher": publisher, "year": year, "read": c.read, "loaded": c.loaded, "rejected": c.rejected}
            )
        return [{"file": file, "sha256": _sha256(Path(file)), "rows": rows} for file, rows in files.items()]


def write_coverage(graph: Graph, coverage: Coverage) -> None:
    """Replace the stored counts of each file this load read (one transaction)."""
    write_coverage_params(graph, coverage.params())


def write_coverage_params(graph: Graph, params: list[dict[str, object]]) -> None:
    """:func:`write_coverage` from :meth:`Coverage.params` worked out earlier (``load --bulk`` keeps them for after
    the import, which may run on another machine than the one that read the files)."""
    if params:
        graph.execute_write(lambda tx: _write(tx, params))


def notice_year(row: ContractRow) -> int | None:
    """The year a contract's notice was published (see the module docstring)."""
    if row.release_date and row.release_date[:4].isdigit():
        return int(row.release_date[:4])
    if row.source_published is not None:
        return row.source_published.first.year
    if row.start is not None:
        return row.start.first.year
    return None


def year_of(text: object) -> int | None:
    """The year at the start of an ISO date text (``2021-03-04T...``), or None."""
    if isinstance(text, str) and len(text) >= 4 and text[:4].isdigit():
        return int(text[:4])
    return None


# Keyed by file content, publisher and year: the same content loaded again (from any path) changes
# nothing; counts that differ are updated; a publisher-year the file no longer gives is removed.
_WRITE = """
UNWIND $files AS f
WITH f, [r IN f.rows | f.sha256 + '|' + r.publisher + '|' + coalesce(toString(r.year), '')] AS keys
CALL (f, keys) {
  MATCH (old:Coverage {sha256: f.sha256}) WHERE NOT old.key IN keys
  DELETE old
}
UNWIND range(0, size(f.rows) - 1) AS i
WITH f, keys[i] AS key, f.rows[i] AS r
MERGE (k:Coverage {key: key})
  ON CREATE SET k.file = f.file, k.recorded_at = datetime.transaction()
SET k.sha256 = f.sha256, k.publisher = r.publisher, k.year = r.year,
    k.read = r.read, k.loaded = r.loaded, k.rejected = r.rejected
"""


def _write(tx: ManagedTransaction, files: list[dict[str, object]]) -> None:
    tx.run(_WRITE, files=files).consume()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
