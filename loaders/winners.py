"""The OCDS "latest release wins" table: for each contract id, which row to write, kept on disk.

Releases of one contract can come in any order, across files. The check pass
offers every contract row; the table keeps the one from the latest release
(two different rows of the same date are a conflict) and which ids a later
release retired. The write pass then writes only the rows that won.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator

from supplygraph.graph.errors import InputError
from supplygraph.loaders.deal_csv import ContractRow


class OcdsWinners:
    """For each OCDS contract id: the row that wins (latest release), and whether it is retired.

    Kept in a temporary SQLite file, not a dict, so that planning a file of
    millions of releases does not grow memory with the number of contracts.
    """

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="supplygraph-ocds-plan-")
        self.db = sqlite3.connect(os.path.join(self._dir, "plan.sqlite"))
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(
            "CREATE TABLE winner (id TEXT PRIMARY KEY, date TEXT, digest INTEGER, "
            "file INTEGER, row TEXT, retired INTEGER NOT NULL DEFAULT 0)"
        )

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def commit(self) -> None:
        self.db.commit()

    def offer(self, row: ContractRow, file_index: int) -> None:
        """Keep the row if its release is the latest so far; two different rows of one date conflict."""
        digest = facts_hash(row)
        found = self.db.execute("SELECT date, digest, file, row FROM winner WHERE id = ?", (row.id,)).fetchone()
        if found is None:
            self.db.execute(
                "INSERT INTO winner (id, date, digest, file, row) VALUES (?, ?, ?, ?, ?)",
                (row.id, row.release_date, digest, file_index, str(row.row)),
            )
            return
        date, old_digest = found[0], found[1]
        if date is not None and row.release_date == date and digest != old_digest:
            raise InputError(
                f"contract id {row.id!r} appears in two releases of the same date {date} "
                f"with different facts (first at {found[3]})",
                file=row.file,
                row=row.row,
                field="id",
            )
        if date is None or (row.release_date or "") > date:
            self.db.execute(
                "UPDATE winner SET date = ?, digest = ?, file = ?, row = ? WHERE id = ?",
                (row.release_date, digest, file_index, str(row.row), row.id),
            )

    def conflict(self, row: ContractRow) -> InputError | None:
        """The error :meth:`offer` would raise for this row, without recording it."""
        found = self.db.execute("SELECT date, digest, row FROM winner WHERE id = ?", (row.id,)).fetchone()
        if found is None or found[0] is None or row.release_date != found[0] or facts_hash(row) == found[1]:
            return None
        return InputError(
            f"contract id {row.id!r} appears in two releases of the same date {found[0]} "
            f"with different facts (first at {found[2]})",
            file=row.file,
            row=row.row,
            field="id",
        )

    def retire(self, contract_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO winner (id) VALUES (?)", (contract_id,))
        self.db.execute("UPDATE winner SET retired = 1 WHERE id = ?", (contract_id,))

    def wins(self, row: ContractRow, file_index: int) -> bool:
        found = self.db.execute("SELECT file, row, retired FROM winner WHERE id = ?", (row.id,)).fetchone()
        return found is not None and not found[2] and found[0] == file_index and found[1] == str(row.row)

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM winner WHERE retired = 0 AND date IS NOT NULL").fetchone()[0])

    def retired(self) -> Iterator[str]:
        for (contract_id,) in self.db.execute("SELECT id FROM winner WHERE retired = 1 ORDER BY id"):
            yield contract_id


_FACTS = tuple(f.name for f in dataclasses.fields(ContractRow) if f.name not in ("file", "row", "release_id"))


def facts_hash(row: ContractRow) -> int:
    """A 64-bit hash of what a row asserts (not where it was read nor which release said it).

    Python salts str hashes per process, which is fine: these never leave the load.
    """
    return hash(tuple(getattr(row, name) for name in _FACTS))


__all__ = ["OcdsWinners", "facts_hash"]
