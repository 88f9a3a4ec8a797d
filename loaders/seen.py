"""Contract ids met so far in a load, kept on disk so memory does not grow with them.

A load checks every row before it writes, and a contract id may appear twice
only with the same facts. Remembering a million ids in a dict costs hundreds of
megabytes; a temporary SQLite table costs a few, at a few microseconds a row.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from supplygraph.loaders.deal_csv import ContractRow

_FACTS = attrgetter(*(f.name for f in fields(ContractRow) if f.name not in ("file", "row")))


def fingerprint(row: ContractRow) -> int:
    """A 64-bit hash of a row's facts (not where it was read), to compare rows of one id within a load.

    Python's hash is salted per process, which is fine: fingerprints never leave the load.
    """
    return hash(_FACTS(row))


class SeenContracts:
    """Contract id -> (fingerprint, file, row) of its first appearance, in a temporary SQLite file."""

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="supplygraph-load-")
        self._db = sqlite3.connect(Path(self._dir) / "seen.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE seen (id TEXT PRIMARY KEY, fp INTEGER, file TEXT, row TEXT, "
            "written INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
        )
        self._db.execute("BEGIN")
        self.repeats = 0

    def first(self, contract_id: str, fp: int, file: str, row: Any) -> tuple[int, str, str] | None:
        """Record an appearance; None if it is the first, else the first one's (fingerprint, file, row)."""
        cur = self._db.execute(
            "INSERT OR IGNORE INTO seen (id, fp, file, row) VALUES (?, ?, ?, ?)",
            (contract_id, fp, file, str(row)),
        )
        if cur.rowcount == 1:
            return None
        self.repeats += 1
        return self[contract_id]

    def __contains__(self, contract_id: object) -> bool:
        return self._db.execute("SELECT 1 FROM seen WHERE id = ?", (contract_id,)).fetchone() is not None

    def __getitem__(self, contract_id: str) -> tuple[int, str, str]:
        found = self._db.execute("SELECT fp, file, row FROM seen WHERE id = ?", (contract_id,)).fetchone()
        if found is None:
            raise KeyError(contract_id)
        return found[0], found[1], found[2]

    def claim(self, contract_id: str) -> bool:
        """True the first time an id is claimed for writing (repeats of a row are written once)."""
        if not self.repeats:
            return True  # no id appeared twice: nothing to skip
        cur = self._db.execute("UPDATE seen SET written = 1 WHERE id = ? AND written = 0", (contract_id,))
        return cur.rowcount == 1

    def close(self) -> None:
        self._db.close()
        shutil.rmtree(self._dir, ignore_errors=True)
