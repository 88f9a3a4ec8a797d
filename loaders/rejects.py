"""The rejects file: bad input records written out with their reason, so the rest can load.

One CSV row per rejected record: the file, the row (a spreadsheet row number
or a JSON path), the field, the reason, and the record's raw text. A file
that cannot be split into records (empty, not UTF-8, truncated JSON, a bad
header) is one record with an empty ``raw``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from supplygraph.graph.errors import InputError

COLUMNS = ("file", "row", "field", "reason", "raw")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """A cell a spreadsheet will show as text: rejected rows are often formula injections themselves."""
    return "'" + text if text.startswith(FORMULA_START) else text


class RejectsFile:
    """Writes rejected records as they are found, and counts them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = path.open("w", newline="", encoding="utf-8")
        self._out = csv.writer(self._fh)
        self._out.writerow(COLUMNS)
        self.count = 0
        self.whole_files: list[str] = []

    def reject(self, file: str, row: int | str | None, error: InputError, raw: str) -> None:
        """One rejected record; ``row`` is the record's place, used when the error names none closer."""
        where = error.row if error.row is not None else row
        self._out.writerow(
            [
                file,
                "" if where is None else where,
                error.field or "",
                _safe(error.reason),
                _safe(raw),
            ]
        )
        self.count += 1

    def reject_file(self, path: Path, error: InputError) -> None:
        """The whole file as one rejected record (the error's row says where reading stopped)."""
        self.reject(str(path), error.row, error, "")
        self.whole_files.append(str(path))

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()
