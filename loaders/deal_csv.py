"""The deal-history CSV format that analysts keep in a spreadsheet.

``contracts.csv`` has one row per contract (an award, call-off, renewal or a
planned tender); ``organisations.csv`` names buyers and suppliers with their
aliases. Parsing checks every row before anything is written, so bad input is
reported by file, row and field and never half-loaded. Rows are numbered as a
spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supplygraph.graph.errors import DateFormatError, InputError, UnknownTowerError
from supplygraph.graph.identifiers import parse_org_id
from supplygraph.graph.temporal import PartialDate
from supplygraph.graph.towers import canonical_tower

CONTRACT_REQUIRED = (
    "contract_id",
    "buyer",
    "supplier",
    "towers",
    "start",
    "end",
    "value",
    "currency",
    "title",
    "source_url",
)
CONTRACT_OPTIONAL = (
    "source_title",
    "source_published",
    "programme",
    "status",
    "description",
    "notes",
)
ORGANISATION_REQUIRED = ("name",)
ORGANISATION_OPTIONAL = ("aliases", "role", "identifier", "notes")

HOLDING_STATUSES = frozenset({"active", "complete"})
OPEN_STATUSES = frozenset({"planned", "open"})
STATUSES = HOLDING_STATUSES | OPEN_STATUSES | frozenset({"cancelled", "unsuccessful"})
ROLES = frozenset({"buyer", "supplier", "both", ""})
MAX_NAME = 300  # names, ids and aliases are lookup keys; free text (titles, descriptions, notes) has no limit


@dataclass(frozen=True)
class ContractRow:
    """One validated row of contracts.csv."""

    id: str
    buyer: str
    suppliers: tuple[str, ...]
    towers: tuple[str, ...]  # canonical tower ids
    start: PartialDate | None
    end: PartialDate | None
    value: float | None
    currency: str | None
    title: str
    status: str
    programme: str | None
    description: str | None
    notes: str | None
    source_url: str | None
    source_title: str | None
    source_published: PartialDate | None
    file: str
    row: int | str  # a spreadsheet row number, or a JSON path such as releases[3].awards[0]
    # Optional facts from OCDS (loaders/ocds.py); CSV rows leave them empty.
    ocid: str | None = None
    release_id: str | None = None
    release_date: str | None = None  # UTC ISO timestamp of the release: later releases win
    max_extent: PartialDate | None = None  # contractPeriod.maxExtentDate: the possible extension end
    cpv_codes: tuple[str, ...] = ()
    # The source's own reference for it (a Contracts Finder Notice Identifier, an OCDS ocid), found again by
    # ``contracts find``; deal-history rows leave it empty (their contract_id is the analyst's own reference).
    source_ref: str | None = None
    # From loaders/classify.py for published notices; curated CSV rows keep their own towers and leave these empty.
    service_class: str | None = None  # tower, it-other or none
    tower_confidence: float | None = None
    tower_evidence: tuple[str, ...] = ()
    # Who published the notice (an OCDS package's publisher, Contracts Finder); curated rows leave it empty.
    publisher: str | None = None

    @property
    def source_id(self) -> str:
        return self.source_url or f"title:{self.source_title}"


@dataclass(frozen=True)
class OrganisationRow:
    """One validated row of organisations.csv (or an OCDS party, a Contracts Finder buyer or supplier)."""

    name: str
    aliases: tuple[str, ...]
    role: str
    identifier: str | None
    file: str
    row: int
    postcodes: tuple[str, ...] = ()  # normalised (loaders.postcodes); organisations.csv has none


def detect_kind(path: Path) -> str:
    """``contracts`` or ``organisations``, from the header row."""
    header = _header(path)
    if "contract_id" in header:
        return "contracts"
    if "name" in header:
        return "organisations"
    raise InputError(
        "not a deal-history CSV: the header has neither 'contract_id' (contracts.csv) nor 'name' (organisations.csv)",
        file=str(path),
        row=1,
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _lines(path: Path) -> Iterator[str]:
    """The file's physical lines, decoded one by one (a UTF-8 BOM is dropped).

    Bytes that are not UTF-8 are kept as surrogates (``surrogateescape``) so the
    CSV reader can still find the record and :func:`read_records` can name the
    row and field they are in.
    """
    name = str(path)
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1:
                if raw.startswith(_UTF16_BOMS):
                    raise InputError("is UTF-16 text, not UTF-8: save it as CSV UTF-8", file=name, row=1)
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            yield raw.decode("utf-8", errors="surrogateescape")


@dataclass(frozen=True)
class Record:
    """One CSV record as read: its row number (the line it ends on), cells and raw text."""

    row: int
    cells: list[str]
    raw: str


def read_records(path: Path) -> Iterator[Record]:
    """Every record of the file, header included; undecodable bytes or broken quoting raise InputError."""
    name = str(path)
    consumed: list[str] = []
    dirty = [False]  # the record being read has a byte that is not UTF-8

    def feed() -> Iterator[str]:
        for line in _lines(path):
            consumed.append(line)
            if not line.isascii() and _BAD_BYTE.search(line):
                dirty[0] = True
            yield line

    reader = csv.reader(feed())
    header: list[str] | None = None
    try:
        for cells in reader:
            raw = "".join(consumed).rstrip("\r\n")
            consumed.clear()
            if header is None:
                header = [h.strip() for h in cells]
            for i, cell in enumerate(cells if dirty[0] else ()):
                bad = _BAD_BYTE.search(cell)
                if bad:
                    byte = ord(bad.group()) - 0xDC00
                    column = header[i] if reader.line_num > 1 and i < len(header) else None
                    raise InputError(
                        f"not UTF-8 text (byte 0x{byte:02x}; save the file as CSV UTF-8)",
                        file=name,
                        row=reader.line_num,
                        field=column,
                    )
            yield Record(reader.line_num, cells, raw)
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=name, row=reader.line_num) from None


def peek_header(path: Path) -> list[str]:
    """The first row, lower-cased, read leniently: for telling kinds of file apart, never an error."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = next(csv.reader(fh), [])
    return [h.strip().lower() for h in first]


def open_table(path: Path) -> tuple[list[str], Iterator[Record]]:
    """The header row's names, and the records after it (read as they are asked for)."""
    records = read_records(path)
    first = next(records, None)
    if first is None:
        raise InputError("the file is empty (a header row is required)", file=str(path), row=1)
    return [h.strip() for h in first.cells], records


def _header(path: Path) -> list[str]:
    return open_table(path)[0]


@dataclass(frozen=True)
class RowResult:
    """A data row read in full: either its parsed value or the error that rejects it."""

    file: str
    row: int
    raw: str
    value: Any = None
    error: InputError | None = None


def _check_header(name: str, header: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=name, row=1)
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise InputError(
            f"unknown column(s): {', '.join(repr(c) for c in unknown)} (allowed: {', '.join(required + optional)})",
            file=name,
            row=1,
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise InputError(f"duplicate column(s): {', '.join(dupes)}", file=name, row=1)


def _results(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    parse: Callable[[dict[str, str], str, int], Any],
) -> Iterator[RowResult]:
    """Each data row parsed, or its error; problems with the whole file (header, encoding) raise.

    The header is row 1. A file with a header and no data rows is an error: it
    is what a spreadsheet saved from the wrong sheet looks like.
    """
    name = str(path)
    header, records = open_table(path)
    _check_header(name, header, required, optional)
    rows = 0
    for record in records:
        if not any(c.strip() for c in record.cells):
            continue
        rows += 1
        if len(record.cells) != len(header):
            error = InputError(
                f"has {len(record.cells)} cells but the header has {len(header)} columns",
                file=name,
                row=record.row,
            )
            yield RowResult(name, record.row, record.raw, error=error)
            continue
        try:
            if _MAYBE_FORMULA.search("\x00".join(record.cells)):  # one C-level scan; the rare hit is checked per cell
                for h, c in zip(header, record.cells):
                    check_formula(c, h, name, record.row)
            value = parse({h: c.strip() for h, c in zip(header, record.cells)}, name, record.row)
        except InputError as exc:
            yield RowResult(name, record.row, record.raw, error=exc)
            continue
        yield RowResult(name, record.row, record.raw, value=value)
    if not rows:
        raise InputError("has a header but no data rows", file=name, row=2)


FORMULA_START = ("=", "+", "@", "\t", "\r")
NOT_TEXT = frozenset({"value", "start", "end", "source_published"})
LISTS = frozenset({"supplier", "towers", "aliases"})
_MAYBE_FORMULA = re.compile(r"(?:^|[\x00;])\s*[=+@\t\r]")


def check_formula(cell: str, field: str, file: str, row: int) -> None:
    """Reject a text cell a spreadsheet would run as a formula (CSV injection).

    Numbers and dates are left to their own checks, so ``-5`` in ``value`` is
    reported as negative. Each name in a ``;`` list is checked too.
    """
    if field in NOT_TEXT:
        return
    parts = cell.split(";") if field in LISTS else [cell]
    for part in (cell, *(p.strip() for p in parts)):
        if part.startswith(FORMULA_START):
            raise InputError(
                f"looks like a spreadsheet formula ({part[:40]!r} starts with {part[0]!r}); "
                "text may not start with =, +, @, a tab or a carriage return",
                file=file,
                row=row,
                field=field,
            )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _check_text(value: str, limit: int, file: str, row: int, field: str) -> None:
    if len(value) > limit:
        raise InputError(f"is {len(value)} characters long (at most {limit})", file=file, row=row, field=field)


def _date(cell: str, file: str, row: int, field: str) -> PartialDate | None:
    if not cell:
        return None
    try:
        return PartialDate.parse(cell)
    except DateFormatError as exc:
        raise InputError(str(exc), file=file, row=row, field=field, value=cell) from None


def _value(cell: str, file: str, row: int) -> float | None:
    if not cell:
        return None
    cleaned = cell.replace(",", "").replace("_", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(
            f"{cell!r} is not a number (write 600000000, not £600m)", file=file, row=row, field="value"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"{cell!r} is not a finite number", file=file, row=row, field="value")
    if value < 0:
        raise InputError(f"{cell!r} is negative", file=file, row=row, field="value")
    return value


def parse_contract(cells: dict[str, str], file: str, row: int) -> ContractRow:
    """Validate one contracts.csv row; raise InputError naming the field."""
    contract_id = cells["contract_id"]
    if not contract_id:
        raise InputError("is empty", file=file, row=row, field="contract_id")
    for field in ("contract_id", "buyer", "supplier"):
        _check_text(cells[field], MAX_NAME if field != "supplier" else MAX_NAME * 8, file, row, field)
    if not cells["buyer"]:
        raise InputError("is empty", file=file, row=row, field="buyer")
    status = (cells.get("status") or "active").lower()
    if status not in STATUSES:
        raise InputError(
            f"unknown status {cells['status']!r} (use one of {', '.join(sorted(STATUSES))})",
            file=file,
            row=row,
            field="status",
        )
    suppliers = _split(cells["supplier"])
    for supplier in suppliers:
        _check_text(supplier, MAX_NAME, file, row, "supplier")
    if not suppliers and status not in OPEN_STATUSES | {"cancelled"}:
        raise InputError(
            "is empty: only a planned, open or cancelled process may have no supplier (set status to planned or open)",
            file=file,
            row=row,
            field="supplier",
        )
    towers: list[str] = []
    for name in _split(cells["towers"]):
        try:
            tower_id = canonical_tower(name).id
        except UnknownTowerError as exc:
            raise InputError(str(exc), file=file, row=row, field="towers", value=name) from None
        if tower_id not in towers:
            towers.append(tower_id)
    start = _date(cells["start"], file, row, "start")
    end = _date(cells["end"], file, row, "end")
    if start is None and status not in OPEN_STATUSES:
        raise InputError(
            "is empty: a contract needs a start (YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1990s)",
            file=file,
            row=row,
            field="start",
        )
    if start is not None and end is not None and end.last < start.first:
        raise InputError(f"end {end.text} is before start {start.text}", file=file, row=row, field="end")
    currency = cells["currency"].upper() or None
    if currency is not None and (len(currency) != 3 or not currency.isalpha()):
        raise InputError(
            f"{cells['currency']!r} is not a three-letter currency code such as GBP",
            file=file,
            row=row,
            field="currency",
        )
    source_url = cells["source_url"] or None
    source_title = cells.get("source_title") or None
    if source_url is None and source_title is None:
        raise InputError(
            "is empty: every row must cite its source (source_url, or at least source_title)",
            file=file,
            row=row,
            field="source_url",
        )
    return ContractRow(
        id=contract_id,
        buyer=cells["buyer"],
        suppliers=suppliers,
        towers=tuple(towers),
        start=start,
        end=end,
        value=_value(cells["value"], file, row),
        currency=currency,
        title=cells["title"],
        status=status,
        programme=cells.get("programme") or None,
        description=cells.get("description") or None,
        notes=cells.get("notes") or None,
        source_url=source_url,
        source_title=source_title,
        source_published=_date(cells.get("source_published", ""), file, row, "source_published"),
        file=file,
        row=row,
    )


def contract_results(path: Path) -> Iterator[RowResult]:
    """Each contracts.csv row parsed into a ContractRow, or the error that rejects it."""
    return _results(path, CONTRACT_REQUIRED, CONTRACT_OPTIONAL, parse_contract)


def organisation_results(path: Path) -> Iterator[RowResult]:
    """Each organisations.csv row parsed into an OrganisationRow, or the error that rejects it."""
    return _results(path, ORGANISATION_REQUIRED, ORGANISATION_OPTIONAL, parse_organisation)


def parse_organisation(cells: dict[str, str], file: str, row: int) -> OrganisationRow:
    """Validate one organisations.csv row; raise InputError naming the field."""
    name = cells["name"]
    if not name:
        raise InputError("is empty", file=file, row=row, field="name")
    _check_text(name, MAX_NAME, file, row, "name")
    role = cells.get("role", "").lower()
    if role not in ROLES:
        raise InputError(
            f"unknown role {cells['role']!r} (use buyer, supplier or both)",
            file=file,
            row=row,
            field="role",
        )
    aliases = _split(cells.get("aliases", ""))
    for alias in aliases:
        _check_text(alias, MAX_NAME, file, row, "aliases")
    typed = cells.get("identifier") or ""
    identifier = parse_org_id(typed) if typed else None
    if typed and identifier is None:
        raise InputError(
            f"{typed!r} is not an identifier its register issues (e.g. GB-COH-01234567, GB-CHC-1128267)",
            file=file,
            row=row,
            field="identifier",
        )
    return OrganisationRow(name, aliases, role, identifier, file, row)
