"""The UK Contracts Finder search export (``GetCsvFile``) in, contract rows out.

A Contracts Finder export is a CSV with one row per notice. It is read into
the same units as an OCDS release (:class:`~supplygraph.loaders.ocds_read.Release`: party rows
and one contract row; or :class:`~supplygraph.loaders.ocds_read.Rejected`), so the OCDS plan
and writer load it: parties resolve by identifier first, then by name. Columns are found by name
(case and spacing ignored), not position; only the ones read are required.
The mapping, per row (docs/contracts-finder.md says why, from real exports):

- ``Notice Identifier`` is the buyer's own reference (any text: a tender
  portal's id, ``SWLF II``, a title), not a Contracts Finder id. It is kept
  whole as the contract's ``source_ref``; the contract id is
  ``contracts-finder/<buyer slug>/<reference, lower case, ~-escaped>``,
  so it is stable across reloads, a later export of the notice updates it,
  and two buyers using one reference are two contracts.
- the export has no link to the notice, so the Source is titled with the
  buyer, the reference and the title, published on ``Published Date``.
- the latest ``Published Date`` of a notice wins; two versions of one
  publication (Contracts Finder edits notices in place) are told apart by
  their export, the one taken later winning (by its newest Published Date).
- ``Status`` Withdrawn -> ``cancelled``; Awarded (or an award ``Notice
  Type``) -> ``active``, held by the suppliers; Open or Closed -> an
  ``open`` process (``Notice Type`` Contract) or a ``planned`` one (Pipeline,
  PreProcurement), with no supplier.
- suppliers from the ``Supplier [Name|Address|Ref type|Ref Number|...]``
  blocks (the layout is read from the header; an address with ``|`` in it
  keeps them); Ref types COMPANIES_HOUSE and CHARITY_COMMISSION give
  ``GB-COH-`` and ``GB-CHC-`` identifiers through :mod:`supplygraph.graph.identifiers`
  (a number no register could have issued is dropped, the name still
  resolves).
- start/end from ``Contract start date``/``Contract end date``, else
  ``Start Date``/``End Date``; an award with neither starts on its
  ``Awarded Date``, else its ``Published Date``. ``01/01/1`` (the export's
  "no date") is no date.
- value: ``Awarded Value``, else ``Value High``, in GBP; 0 is unknown.
- towers from ``Cpv Codes`` through :mod:`supplygraph.loaders.cpv`.
- a row one cell short of the header (the export leaves out an empty last
  cell, ``Closing Time``) is read with that cell empty; other ragged rows are
  rejected. An export with no rows (a search with no results) loads nothing.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from supplygraph.graph.errors import CpvCodeError, InputError
from supplygraph.graph.identifiers import CHARITY_COMMISSION, COMPANIES_HOUSE, charity_number, company_number
from supplygraph.graph.names import slug
from supplygraph.graph.temporal import PartialDate
from supplygraph.loaders.classify import row_facts
from supplygraph.loaders.coverage import notice_year
from supplygraph.loaders.cpv import normalise as normalise_cpv
from supplygraph.loaders.deal_csv import (
    MAX_NAME,
    ContractRow,
    OrganisationRow,
    check_formula,
    open_table,
    peek_header,
)
from supplygraph.loaders.ocds_map import Item
from supplygraph.loaders.ocds_read import Rejected, Release, Unit
from supplygraph.loaders.postcodes import in_address

FORMAT = "contracts-finder"
ID_PREFIX = "contracts-finder/"
PUBLISHER = "Contracts Finder"
REQUIRED = ("Notice Identifier", "Notice Type", "Organisation Name", "Status", "Published Date", "Title")
SUPPLIER_COLUMN = "supplier ["  # "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"

# Status -> what the notice is; Notice Type -> what kind of process (keys: letters only, lower case)
STATUSES = {"open": "process", "closed": "process", "awarded": "award", "withdrawn": "withdrawn"}
NOTICE_TYPES = {
    "contract": "open",
    "opportunity": "open",
    "tender": "open",
    "pipeline": "planned",
    "preprocurement": "planned",
    "planning": "planned",
    "award": "award",
    "awarded": "award",
    "awardedcontract": "award",
    "contractaward": "award",
}

# Ref type -> (org-id scheme, normaliser); other ref types (NONE, NONE_OTHER, NONE_SOLE_TRADER, ...) carry no number
REF_TYPES = {
    "COMPANIES_HOUSE": (COMPANIES_HOUSE, company_number),
    "CHARITY_COMMISSION": (CHARITY_COMMISSION, charity_number),
}
NO_DATE = (1, 1, 1)  # 01/01/1: the export's way of writing an empty date (.NET's DateTime.MinValue)

_ID_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")

log = logging.getLogger(__name__)
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{1,4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_LONG = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_MONTHS = {
    m: i
    for i, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for m in (name, name[:3])
}


def notice_id(buyer: str, reference: str) -> str:
    """The contract id of a buyer's notice: ``contracts-finder/<buyer slug>/<reference, escaped>``.

    The reference is folded to lower case with its runs of spaces collapsed;
    letters, digits, ``-``, ``_`` and ``.`` stay, every other character becomes
    ``~`` and the hex of its UTF-8 bytes. So any text gives a distinct, readable
    id that needs no escaping in a URL path (``/api/contracts/{id}``):
    ``tender_235607/890431`` -> ``tender_235607~2f890431``, ``SWLF II`` -> ``swlf~20ii``.
    """
    key = " ".join(reference.split()).lower()
    escaped = "".join(c if c in _ID_SAFE else "".join(f"~{b:02x}" for b in c.encode()) for c in key)
    return f"{ID_PREFIX}{slug(buyer)}/{escaped}"


def column_key(name: str) -> str:
    return " ".join(name.lower().split())


def is_contracts_finder(path: Path) -> bool:
    """A CSV whose header has ``Notice Identifier`` (no deal-history file has it)."""
    return "notice identifier" in {column_key(h) for h in peek_header(path)}


def read_units(path: Path) -> Iterator[Unit]:
    """Each notice of the export as a Release (its party rows and contract row) or a Rejected.

    Problems with the file as a whole (empty, not UTF-8, broken quoting, a
    missing column) raise InputError. A header with no rows is an export of a
    search that found nothing: it yields nothing.
    """
    file = str(path)
    header, records = open_table(path)
    columns = _columns(header, file)
    as_of = _export_as_of(path, columns)
    rows = 0
    for record in records:
        if not any(c.strip() for c in record.cells):
            continue
        rows += 1
        try:
            cells = _complete(record.cells, header, file, record.row)
            notice = _Notice(
                file,
                record.row,
                {k: cells[i].strip() for k, (i, _) in columns.items()},
                {k: name for k, (_, name) in columns.items()},
                as_of,
            )
            items = notice.items()
        except InputError as exc:
            yield Rejected(file, str(record.row), record.raw, exc, PUBLISHER, _published_year(record.cells, columns))
            continue
        year = next((notice_year(i) for i in items if isinstance(i, ContractRow)), None)
        yield Release(file, str(record.row), record.raw, items, PUBLISHER, year)
    if not rows:
        log.info("%s: a Contracts Finder export with no notices (a search that found nothing)", file)


def _export_as_of(path: Path, columns: dict[str, tuple[int, str]]) -> str:
    """When the export was taken, at the earliest: its newest ISO ``Published Date`` (UTC), or "" when none.

    Contracts Finder edits a notice in place without changing its Published
    Date, so two exports can hold two versions of one publication; the
    export taken later has the newer one (see :meth:`_Notice._released`).
    """
    at = columns["published date"][0]
    newest = ""
    for record in open_table(path)[1]:
        text = record.cells[at].strip() if at < len(record.cells) else ""
        try:
            newest = max(newest, _utc(text))
        except ValueError:
            continue
    return newest


def _complete(cells: list[str], header: list[str], file: str, row: int) -> list[str]:
    """The row's cells, one per column: the export leaves out an empty last cell (``Closing Time``)."""
    if len(cells) == len(header):
        return cells
    if len(cells) == len(header) - 1:
        return [*cells, ""]
    raise InputError(
        f"has {len(cells)} cells but the header has {len(header)} columns "
        f"(only an empty last cell, {header[-1]!r}, may be left out)",
        file=file,
        row=row,
    )


def _columns(header: list[str], file: str) -> dict[str, tuple[int, str]]:
    """Column key -> (position, name as written); the supplier column under the key ``supplier [``."""
    columns: dict[str, tuple[int, str]] = {}
    for i, name in enumerate(header):
        key = column_key(name)
        if key.startswith(SUPPLIER_COLUMN):
            key = SUPPLIER_COLUMN
        if key in columns and key:
            raise InputError(f"duplicate column {name!r}", file=file, row=1)
        columns[key] = (i, name)
    missing = [c for c in REQUIRED if column_key(c) not in columns]
    if missing:
        raise InputError(f"not a Contracts Finder export: missing column(s): {', '.join(missing)}", file=file, row=1)
    if SUPPLIER_COLUMN in columns:
        _supplier_layout(columns[SUPPLIER_COLUMN][1], file)
    return columns


def _supplier_layout(name: str, file: str) -> list[str]:
    """The fields of a supplier block, from its column name: ``[Name|Address|Ref type|...]``."""
    inner = name[name.index("[") + 1 :].rstrip().rstrip("]")
    layout = [column_key(f) for f in inner.split("|")]
    if "name" not in layout:
        raise InputError(f"the supplier column {name!r} has no Name field", file=file, row=1)
    return layout


class _Notice:
    """One row of the export, read field by field; errors name the column as the file writes it."""

    def __init__(self, file: str, row: int, cells: dict[str, str], names: dict[str, str], as_of: str) -> None:
        self.file = file
        self.row = row
        self.cells = cells
        self.names = names
        self.as_of = as_of

    def _err(self, message: str, column: str) -> InputError:
        return InputError(message, file=self.file, row=self.row, field=self.names.get(column, column))

    def _text(self, column: str, limit: int | None = None) -> str:
        """A text cell, kept whole (a name has a limit: it is a lookup key)."""
        value = self.cells.get(column, "")
        check_formula(value, self.names.get(column, column), self.file, self.row)
        if limit is not None and len(value) > limit:
            raise self._err(f"is {len(value)} characters long (at most {limit})", column)
        return value

    def _day(self, column: str) -> PartialDate | None:
        text = self.cells.get(column, "")
        if not text:
            return None
        try:
            if m := _ISO.match(text):
                return PartialDate.exact(date.fromisoformat(m[1]))
            if m := _DMY.match(text):
                day, month, year = int(m[1]), int(m[2]), int(m[3])
                if (day, month, year) == NO_DATE:
                    return None
                if year < 1000:
                    raise ValueError(f"year {year} has fewer than four digits")
                return PartialDate.exact(date(year, month, day))
            if (m := _LONG.match(text)) and m[2].lower() in _MONTHS:
                return PartialDate.exact(date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])))
        except ValueError as exc:
            raise self._err(f"{text!r} is not a real date ({exc})", column) from None
        raise self._err(f"{text!r} is not a date: use dd/mm/yyyy, an ISO date-time or '30 September 2025'", column)

    def _released(self, published: PartialDate) -> str:
        """The notice's publication as a comparable UTC timestamp, then the export's: a later one wins in a load.

        Two versions of one publication (edited in place on Contracts
        Finder) are told apart by the export they come from: the one taken
        later (by its newest notice) wins, whatever order the files are given in.
        """
        text = self.cells["published date"]
        try:
            moment = _utc(text)
        except ValueError as exc:
            raise self._err(f"{text!r} is not a real date-time ({exc})", "published date") from None
        if not moment:
            moment = f"{published.first.isoformat()}T00:00:00.000000Z"
        return f"{moment} in the export of {self.as_of}"

    def _money(self, column: str) -> float | None:
        """A positive amount; empty or 0 (frameworks publish 0) is unknown."""
        text = self.cells.get(column, "")
        if not text:
            return None
        try:
            amount = float(text.replace(",", "").replace("£", "").strip())
        except ValueError:
            raise self._err(f"{text!r} is not a number", column) from None
        if amount != amount or amount in (float("inf"), float("-inf")) or amount < 0:
            raise self._err(f"{text!r} is not a finite, non-negative amount", column)
        return amount or None

    def _choice(self, column: str, table: dict[str, str], known: str) -> str:
        raw = self.cells[column]
        found = table.get(re.sub(r"[^a-z]", "", raw.lower()))
        if found is None:
            raise self._err(f"unknown value {raw!r} (known: {known}, in any case)", column)
        return found

    def _codes(self) -> tuple[str, ...]:
        codes: list[str] = []
        for raw in re.split(r"[\s,;]+", self.cells.get("cpv codes", "")):
            if not raw:
                continue
            try:
                code = normalise_cpv(raw)
            except CpvCodeError as exc:
                raise self._err(str(exc), "cpv codes") from None
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def _suppliers(self) -> list[tuple[str, str | None, str | None]]:
        """(name, identifier, postcode) of each ``[Name|Address|Ref type|Ref Number|...]`` block."""
        text = self.cells.get(SUPPLIER_COLUMN, "")
        if not text:
            return []
        column = self.names[SUPPLIER_COLUMN]
        layout = _supplier_layout(column, self.file)
        if not (text.startswith("[") and text.endswith("]")):
            raise self._err(f"is not [{'|'.join(layout)}] blocks: {text[:60]!r}", SUPPLIER_COLUMN)
        found: list[tuple[str, str | None, str | None]] = []
        for k, block in enumerate(re.split(r"\]\s*\[", text[1:-1]), start=1):
            fields = [p.strip() for p in block.split("|")]
            if len(fields) > len(layout) and "address" in layout:
                # an address typed with | in it (``UNIT 5 | ALBANY COURT | ...``): the extra fields are its lines
                at = layout.index("address")
                extra = len(fields) - len(layout)
                fields[at : at + extra + 1] = [" | ".join(f for f in fields[at : at + extra + 1] if f)]
            if len(fields) != len(layout):
                raise self._err(
                    f"supplier {k} has {len(fields)} fields, the header says {len(layout)}", SUPPLIER_COLUMN
                )
            parts = dict(zip(layout, fields))
            name = " ".join(_unescape(parts["name"]).split())
            if not name:
                raise self._err(f"supplier {k} has no name", SUPPLIER_COLUMN)
            check_formula(name, column, self.file, self.row)
            if len(name) > MAX_NAME:
                raise self._err(
                    f"supplier {k}'s name is {len(name)} characters long (at most {MAX_NAME})", SUPPLIER_COLUMN
                )
            found.append((name, self._identifier(parts, name), in_address(parts.get("address"))))
        return found

    def _identifier(self, parts: dict[str, str], name: str) -> str | None:
        """``GB-COH-<number>`` or ``GB-CHC-<number>`` as the register issued it; None for other ref types.

        A number no register could have issued (``0``, nine digits) is not
        kept: it would join unrelated suppliers. The supplier resolves by name.
        """
        ref_type = re.sub(r"[\s-]+", "_", parts.get("ref type", "").strip().upper())
        number = parts.get("ref number", "").strip()
        known = REF_TYPES.get(ref_type)
        if known is None or not number:
            return None
        scheme, normalise = known
        issued = normalise(number)
        if issued is None:
            log.debug(
                "%s row %s: %s %r of %r is not a number the register issues",
                self.file,
                self.row,
                ref_type,
                number,
                name,
            )
            return None
        return f"{scheme}-{issued}"

    def items(self) -> list[Item]:
        reference = " ".join(self._text("notice identifier").split())
        if not reference:
            raise self._err(
                "is empty: a notice needs the buyer's reference to be told from others", "notice identifier"
            )
        buyer = " ".join(_unescape(self._text("organisation name", MAX_NAME)).split())
        if not buyer:
            raise self._err("is empty", "organisation name")
        title = self._text("title")
        description = self._text("description") or None
        state = self._choice("status", STATUSES, "Open, Closed, Awarded, Withdrawn")
        kind = self._choice("notice type", NOTICE_TYPES, "Contract, Pipeline, PreProcurement, Award")
        published = self._day("published date")
        if published is None:
            raise self._err("is empty", "published date")
        suppliers = self._suppliers()
        codes = self._codes()

        if state == "withdrawn":
            status = "cancelled"
        elif state == "award" or kind == "award":
            status = "active"
            if not suppliers:
                raise self._err("is empty, but the notice is an award: it must name its supplier(s)", SUPPLIER_COLUMN)
        else:
            status = "planned" if kind == "planned" else "open"
            if suppliers:
                raise self._err(
                    f"names suppliers, but the notice is {self.cells['status']} (not awarded)", SUPPLIER_COLUMN
                )
        _, start = self._first_day("contract start date", "start date")
        end_col, end = self._first_day("contract end date", "end date")
        awarded = self._day("awarded date")
        self._day("closing date")  # not kept, but a bad one is still bad input
        if start is None and status == "active":
            start = awarded or published
        if start is not None and end is not None and end.last < start.first:
            raise self._err(f"end {end.text} is before start {start.text}", end_col)
        value = self._money("awarded value") or self._money("value high")

        parties: list[Item] = [OrganisationRow(buyer, (), "buyer", None, self.file, self.row)]
        parties += [
            OrganisationRow(name, (), "supplier", ident, self.file, self.row, (postcode,) if postcode else ())
            for name, ident, postcode in suppliers
        ]
        contract = ContractRow(
            id=notice_id(buyer, reference),
            buyer=buyer,
            suppliers=tuple(dict.fromkeys(ident or name for name, ident, _ in suppliers)),
            **row_facts(codes, title, description),
            start=start,
            end=end,
            value=value,
            currency="GBP" if value is not None else None,
            title=title,
            status=status,
            programme=None,
            description=description,
            notes=None,
            source_url=None,
            source_title=f"{PUBLISHER}: {buyer}, notice {reference}" + (f": {title}" if title else ""),
            source_published=published,
            file=self.file,
            row=self.row,
            release_date=self._released(published),
            cpv_codes=codes,
            source_ref=reference,
            publisher=PUBLISHER,
        )
        return [*parties, contract]

    def _first_day(self, *columns: str) -> tuple[str, PartialDate | None]:
        """The first of these columns with a date (each is checked even when an earlier one has one)."""
        days = [(c, self._day(c)) for c in columns]
        return next(((c, d) for c, d in days if d is not None), (columns[0], None))


def _published_year(cells: list[str], columns: dict[str, tuple[int, str]]) -> int | None:
    """The year in a rejected row's published date cell, when it can still be read (for coverage)."""
    index = columns.get("published date", (-1, ""))[0]
    text = cells[index].strip() if 0 <= index < len(cells) else ""
    found = re.search(r"\b(19|20)\d\d\b", text)
    return int(found.group()) if found else None


def _utc(text: str) -> str:
    """An ISO date-time as a comparable UTC timestamp ('' for a plain day or other text); ValueError if not real."""
    if not (_ISO.match(text) and len(text) > 10):
        return ""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _unescape(text: str) -> str:
    """Names as typed: the export writes some apostrophes as ``&apos;`` (``The National Children&apos;s Bureau``)."""
    return html.unescape(text) if "&" in text else text


__all__ = ["FORMAT", "is_contracts_finder", "read_units", "notice_id", "ID_PREFIX"]
