"""lineage.csv: how suppliers were renamed, merged, acquired and spun off.

Header ``from,to,date,kind`` (any order, ``notes`` allowed), one event a row:
``Computer Sciences Corporation,DXC Technology,2017-04-03,merged-into``. The
date may be partial (``2017``, ``2017-04``). Each row becomes
``(from:Organisation)-[:BECAME {kind, date, date_precision, date_text}]->(to:Organisation)``;
names resolve like contract rows do, and a name the graph does not know yet
becomes an organisation with no role. The file is told from others by its
header (``from``, ``to`` and ``kind``), not its name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supplygraph.graph.errors import DateFormatError, InputError
from supplygraph.graph.temporal import PartialDate
from supplygraph.loaders.deal_csv import RowResult, peek_header

KINDS = ("renamed", "merged-into", "acquired-by", "spun-off")
REQUIRED = ("from", "to", "date", "kind")
OPTIONAL = ("notes",)
_FORMULA_START = ("=", "+", "@", "\t", "\r")

WRITE_LINEAGE = """
UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_id}), (b:Organisation {id: row.to_id})
MERGE (a)-[r:BECAME {kind: row.kind}]->(b)
SET r.date = row.date, r.date_precision = row.date_precision, r.date_text = row.date_text
"""


@dataclass(frozen=True)
class LineageRow:
    from_name: str
    to_name: str
    date: PartialDate | None
    kind: str
    file: str
    row: int


def is_lineage(path: Path) -> bool:
    """A CSV whose header has ``from``, ``to`` and ``kind``."""
    if path.suffix.lower() != ".csv":
        return False
    header = set(peek_header(path))
    return {"from", "to", "kind"} <= header


def lineage_results(path: Path) -> Iterator[RowResult]:
    """Each data row parsed, or the error that rejects it (row 1 is the header)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text ({exc.reason})", file=name) from None
    rows = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [h for h in REQUIRED if h not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise InputError(
            f"lineage.csv needs the columns {', '.join(REQUIRED)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else ""),
            file=name,
            row=1,
        )
    count = 0
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        count += 1
        raw = ",".join(cells)
        try:
            yield RowResult(name, number, raw, value=_parse(header, cells, name, number))
        except InputError as exc:
            yield RowResult(name, number, raw, error=exc)
    if not count:
        raise InputError("has a header but no data rows", file=name, row=2)


def _parse(header: list[str], cells: list[str], file: str, row: int) -> LineageRow:
    if len(cells) != len(header):
        raise InputError(f"has {len(cells)} cells but the header has {len(header)} columns", file=file, row=row)
    values: dict[str, Any] = {h: c.strip() for h, c in zip(header, cells)}
    for field in REQUIRED + OPTIONAL:
        cell = values.get(field, "")
        if cell.startswith(_FORMULA_START):
            raise InputError("starts like a spreadsheet formula", file=file, row=row, field=field, value=cell)
    for field in ("from", "to"):
        if not values[field]:
            raise InputError("is empty: name the organisation", file=file, row=row, field=field)
    if values["kind"] not in KINDS:
        raise InputError(
            f"is {values['kind']!r}; use one of {', '.join(KINDS)}",
            file=file,
            row=row,
            field="kind",
        )
    date = None
    if values["date"]:
        try:
            date = PartialDate.parse(values["date"])
        except DateFormatError as exc:
            raise InputError(str(exc), file=file, row=row, field="date", value=values["date"]) from None
    return LineageRow(values["from"], values["to"], date, values["kind"], file, row)


def lineage_param(row: LineageRow, from_id: str, to_id: str) -> dict[str, Any]:
    return {
        "from_id": from_id,
        "to_id": to_id,
        "kind": row.kind,
        "date": row.date.first if row.date else None,
        "date_precision": row.date.precision if row.date else None,
        "date_text": row.date.text if row.date else None,
    }
