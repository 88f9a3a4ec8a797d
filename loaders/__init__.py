"""Loaders: files in, graph out.

:func:`load_paths` is the one entry point the CLI and tests use. It checks
every file completely before it writes anything, so bad input leaves the graph
exactly as it was, then writes in idempotent batches.

Deal-history CSV files and OCDS JSON (:mod:`loaders.ocds_read`) go through the same
plan and writer; a Contracts Finder CSV export (:mod:`loaders.contracts_finder`)
is read as OCDS-like units, one per notice, and planned and written as OCDS.
Neither pass holds a file's rows: both re-read the files. For
OCDS, which release wins for each contract id is kept in a temporary SQLite
table on disk, so memory stays flat however many releases a file has.

With a rejects file (:mod:`loaders.rejects`), bad rows are written there with
their reason instead of stopping the load, and the rest loads. A record is a
CSV data row, an OCDS release or record (or a JSON line that is not one), or a
whole file that cannot be split into records (empty, not UTF-8, truncated
JSON, bad header). Every input record is counted as loaded or rejected.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from supplygraph.graph.db import Graph
from supplygraph.graph.errors import InputError
from supplygraph.graph.names import IN_HOUSE_ID, keys_for
from supplygraph.graph.org_corrections import reapply as reapply_corrections
from supplygraph.graph.organisations import OrgIndex
from supplygraph.graph.schema import ensure_schema
from supplygraph.loaders import contracts_finder, writer
from supplygraph.loaders.deal_csv import (
    ContractRow,
    OrganisationRow,
    RowResult,
    contract_results,
    detect_kind,
    organisation_results,
)
from supplygraph.loaders.lineage import WRITE_LINEAGE, LineageRow, is_lineage, lineage_param, lineage_results
from supplygraph.loaders.ocds_map import Retired
from supplygraph.loaders.ocds_read import FORMATS as OCDS_FORMATS
from supplygraph.loaders.ocds_read import Rejected, Release, Unit, is_ocds_path, read_ocds_units
from supplygraph.loaders.ocds_read import raw_text as ocds_raw_text
from supplygraph.loaders.rejects import RejectsFile
from supplygraph.loaders.seen import SeenContracts, fingerprint

FORMATS = (*OCDS_FORMATS[:2], contracts_finder.FORMAT, *OCDS_FORMATS[2:])

Progress = Callable[[str, int, int | None], None]
"""progress(label, advance, total): called as batches are written."""


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    organisations: int = 0
    new_organisations: int = 0
    contracts: int = 0
    rows_in: int = 0  # input records (see the module docstring): always rows_loaded + rows_rejected
    rows_loaded: int = 0  # accepted: written, or an exact repeat / older OCDS release of what was written
    rows_rejected: int = 0  # written to the rejects file (only with one)
    files_rejected: list[str] = field(default_factory=list)  # rejected whole


def _kind_of(path: Path, fmt: str) -> str:
    """``organisations``, ``contracts``, ``lineage`` or ``contracts-finder`` (CSV, by header) or ``ocds``
    (by suffix, or forced)."""
    if fmt in ("auto", "csv") and is_lineage(path):
        return "lineage"
    if fmt == contracts_finder.FORMAT or (
        fmt in ("auto", "csv") and not is_ocds_path(path) and contracts_finder.is_contracts_finder(path)
    ):
        return contracts_finder.FORMAT
    if fmt == "csv":
        return detect_kind(path)
    if fmt != "auto" or is_ocds_path(path):
        return "ocds"
    return detect_kind(path)


def expand(paths: Sequence[Path], fmt: str | None = None, rejects: RejectsFile | None = None) -> list[tuple[str, Path]]:
    """Files to load with their kind: organisations first so contracts can use their aliases, OCDS last.

    With ``rejects``, a file whose kind cannot be told (empty, not UTF-8, no
    known header) is rejected whole instead of stopping the load.
    """
    fmt = fmt or "auto"
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    found: list[tuple[str, Path]] = []
    for path in paths:
        if not path.exists():
            raise InputError("no such file or directory", file=str(path))
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and (
                    (fmt in ("auto", "csv", contracts_finder.FORMAT) and p.suffix.lower() == ".csv")
                    or (fmt not in ("csv", contracts_finder.FORMAT) and is_ocds_path(p))
                )
            )
            if not files:
                wanted = {"auto": ".csv or OCDS .json/.jsonl(.gz)", "csv": ".csv", contracts_finder.FORMAT: ".csv"}.get(
                    fmt, "OCDS .json/.jsonl(.gz)"
                )
                raise InputError(f"the directory has no {wanted} files", file=str(path))
            found.extend(kp for kp in (_kind_or_reject(p, fmt, rejects) for p in files) if kp)
        else:
            kind_path = _kind_or_reject(path, fmt, rejects)
            if kind_path:
                found.append(kind_path)
    order = {"organisations": 0, "contracts": 1, "ocds": 2, contracts_finder.FORMAT: 2, "lineage": 3}
    return sorted(found, key=lambda kp: order[kp[0]])


def _kind_or_reject(path: Path, fmt: str, rejects: RejectsFile | None) -> tuple[str, Path] | None:
    try:
        return _kind_of(path, fmt), path
    except InputError as exc:
        if rejects is None:
            raise
        rejects.reject_file(path, exc)
        return None


_FACTS = tuple(f.name for f in dataclasses.fields(ContractRow) if f.name not in ("file", "row", "release_id"))


def _facts_hash(row: ContractRow) -> int:
    """A 64-bit hash of what a row asserts (not where it was read nor which release said it).

    Python salts str hashes per process, which is fine: these never leave the load.
    """
    return hash(tuple(getattr(row, name) for name in _FACTS))


class _OcdsWinners:
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

    def offer(self, row: ContractRow, file_index: int) -> None:
        """Keep the row if its release is the latest so far; two different rows of one date conflict."""
        digest = _facts_hash(row)
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
        if found is None or found[0] is None or row.release_date != found[0] or _facts_hash(row) == found[1]:
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


class _Plan:
    """What a load will write, worked out without writing."""

    def __init__(self, index: OrgIndex, rejects: RejectsFile | None = None) -> None:
        self.index = index
        self.rejects = rejects
        self.rows_in = 0
        self.rows_loaded = 0
        self.rejected_rows: set[tuple[str, int]] = set()  # CSV rows the checks rejected: skipped when writing
        self.known_ids: set[str] = set(index.names)
        self.org_params: list[dict[str, Any]] = []
        self.new_orgs: dict[str, dict[str, Any]] = {}
        self.seen = SeenContracts()
        # (name, role) -> organisation id, valid while the index is unchanged (see _org_id)
        self._ids: dict[tuple[str, str], str] = {}
        self._index_size = -1
        self.contract_files: list[Path] = []
        self.contracts = 0
        self.existing = frozenset(index.names)
        self.parties: dict[str, dict[str, Any]] = {}
        self.ocds_files: list[tuple[Path, str]] = []
        self._winners: _OcdsWinners | None = None
        self._party_ids: dict[tuple[str, str | None], str] = {}  # (name, identifier) -> id, met already
        self.lineage: list[dict[str, Any]] = []  # BECAME edges (a lineage file is small: held, not re-read)

    @property
    def winners(self) -> _OcdsWinners:
        if self._winners is None:
            self._winners = _OcdsWinners()
        return self._winners

    def close(self) -> None:
        self.seen.close()
        if self._winners is not None:
            self._winners.close()

    def _whole_file_ok(self, path: Path, records: Callable[[], Iterator[Any]]) -> bool:
        """With a rejects file: read the file through once; if it cannot be read as a whole, reject it.

        This is what keeps a file truncated half-way from loading its first half.
        """
        if self.rejects is None:
            return True
        try:
            for _ in records():
                pass
        except InputError as exc:
            self.rejects.reject_file(path, exc)
            return False
        return True

    def _rows(self, results: Iterator[RowResult], apply: Callable[[Any], None]) -> None:
        """Apply each good row; a bad one stops the load, or goes to the rejects file."""
        for result in results:
            self.rows_in += 1
            error = result.error
            if error is None:
                try:
                    apply(result.value)
                except InputError as exc:
                    if self.rejects is None:
                        raise
                    error = exc
                else:
                    self.rows_loaded += 1
                    continue
            if self.rejects is None:
                raise error
            self.rejects.reject(result.file, result.row, error, result.raw)
            self.rejected_rows.add((result.file, result.row))

    def add_organisations(self, path: Path) -> None:
        self._ids.clear()
        if self._whole_file_ok(path, lambda: organisation_results(path)):
            self._rows(organisation_results(path), self._add_organisation)

    def _add_organisation(self, org: OrganisationRow) -> None:
        """One organisations.csv row: every check comes before anything is recorded."""
        org = self._without_split_aliases(org)
        found = set()
        for name in (org.name, *org.aliases, *([org.identifier] if org.identifier else [])):
            found |= self.index.lookup(name)
        if len(found) > 1:
            raise InputError(
                f"{org.name!r} and its aliases match several organisations: {', '.join(sorted(found))}",
                file=org.file,
                row=org.row,
                field="aliases",
            )
        org_id = (
            next(iter(found)) if found else self.index.resolve(org.name, file=org.file, row=org.row, field_name="name")
        )
        param = writer.organisation_param(org, org_id)
        self.index.add(org_id, param["name"], param["keys"])
        self.known_ids.add(org_id)
        self.org_params.append(param)
        self._ids.clear()

    def _without_split_aliases(self, org: OrganisationRow) -> OrganisationRow:
        """Drop aliases an analyst's correction gives to another organisation than the row's own name.

        After ``orgs split Capgemini "CAPGEMINI UK PLC"``, an organisations.csv
        row for Capgemini that still lists that alias must not join them again.
        """
        own = self.index.lookup(org.name) | (self.index.lookup(org.identifier) if org.identifier else set())
        if not own:
            return org
        kept = tuple(a for a in org.aliases if (self.index.pinned(a) or next(iter(own))) in own)
        return org if kept == org.aliases else dataclasses.replace(org, aliases=kept)

    def _org_id(self, name: str, row: ContractRow, role: str) -> str:
        """``index.resolve``, remembered per name while the index does not change.

        A million rows name a few thousand organisations: normalising each name
        once, not on every row, is most of the loader's CPU saved. Any addition
        to the index (a new organisation, an OCDS party) forgets what was
        remembered (add_organisations and add_party clear it), so the answer is
        always the one ``index.resolve`` would give.
        """
        size = len(self.index.names) + len(self.index.ids_by_key)
        if size != self._index_size:
            self._ids.clear()
            self._index_size = size
        key = (name, role)
        org_id = self._ids.get(key)
        if org_id is None:
            org_id = self.index.resolve(name, file=row.file, row=row.row, field_name=role)
            if len(self.index.names) + len(self.index.ids_by_key) == self._index_size:
                self._ids[key] = org_id
        return org_id

    def resolve(self, row: ContractRow) -> tuple[str, list[str]]:
        buyer_id = self._org_id(row.buyer, row, "buyer")
        supplier_ids = []
        for name in row.suppliers:
            sid = self._org_id(name, row, "supplier")
            if sid not in supplier_ids:
                supplier_ids.append(sid)
        for oid, name, role in ((buyer_id, row.buyer, "buyer"),) + tuple(
            (sid, name, "supplier") for sid, name in zip(supplier_ids, row.suppliers)
        ):
            if oid not in self.known_ids:
                entry = self.new_orgs.get(oid)
                if entry is None:
                    entry = self.new_orgs[oid] = writer.organisation_param_for_new(oid, name)
                entry[role] = True
        return buyer_id, supplier_ids

    def supplier_names(self, row: ContractRow, supplier_ids: list[str]) -> list[str]:
        """For each of ``resolve``'s supplier ids, the first name in the row that resolved to it."""
        named: dict[str, str] = {}
        for name in row.suppliers:
            named.setdefault(self._org_id(name, row, "supplier"), name)
        return [named[sid] for sid in supplier_ids]

    def add_lineage(self, path: Path) -> None:
        if self._whole_file_ok(path, lambda: lineage_results(path)):
            self._rows(lineage_results(path), self._add_lineage)

    def _add_lineage(self, event: LineageRow) -> None:
        """One lineage.csv row: both names resolved (new ones become organisations with no role)."""
        ids = []
        for name, field_name in ((event.from_name, "from"), (event.to_name, "to")):
            org_id = self.index.resolve(name, file=event.file, row=event.row, field_name=field_name)
            if org_id == IN_HOUSE_ID:
                raise InputError("in-house has no corporate lineage", file=event.file, row=event.row, field=field_name)
            ids.append(org_id)
        if ids[0] == ids[1]:
            raise InputError(
                f"{event.from_name!r} and {event.to_name!r} are one organisation ({ids[0]}): "
                "list the old name as an alias instead",
                file=event.file,
                row=event.row,
                field="to",
            )
        for org_id, name in zip(ids, (event.from_name, event.to_name)):
            if org_id not in self.known_ids and org_id not in self.new_orgs:
                self.new_orgs[org_id] = writer.organisation_param_for_new(org_id, name)
        self._ids.clear()
        self.lineage.append(lineage_param(event, ids[0], ids[1]))

    def add_contracts(self, path: Path) -> None:
        if self._whole_file_ok(path, lambda: contract_results(path)):
            self._rows(contract_results(path), self._add_contract)
            self.contract_files.append(path)

    def _add_contract(self, row: ContractRow) -> None:
        """One contracts.csv row: the checks that can fail come before it is recorded."""
        fp = fingerprint(row)
        if row.id in self.seen:
            first = self.seen[row.id]
            if first[0] != fp:
                raise InputError(
                    f"contract id {row.id!r} appears again with different facts (first at {first[1]} row {first[2]})",
                    file=row.file,
                    row=row.row,
                    field="contract_id",
                )
        self.resolve(row)
        if self.seen.first(row.id, fp, row.file, row.row) is None:
            self.contracts += 1

    def add_party(self, org: OrganisationRow) -> None:
        """An OCDS party: known by its identifier first, then by name; new ones get an id from the name."""
        known = self._party_ids.get((org.name, org.identifier))
        if known is not None:  # met in an earlier release: the index already has it, only roles may be new
            entry = self.parties[known]
            entry["buyer"] |= org.role in ("buyer", "both")
            entry["supplier"] |= org.role in ("supplier", "both")
            return
        self._ids.clear()
        found = self.index.lookup(org.identifier) if org.identifier else set()
        if len(found) > 1:
            listed = ", ".join(sorted(found))
            raise InputError(
                f"identifier {org.identifier!r} belongs to several organisations: {listed}",
                file=org.file,
                row=org.row,
                field="identifier",
            )
        org_id = (
            next(iter(found)) if found else self.index.resolve(org.name, file=org.file, row=org.row, field_name="name")
        )
        entry = self.parties.setdefault(
            org_id,
            {
                "id": org_id,
                "name": org.name,
                "names": set(),
                "identifiers": set(),
                "buyer": False,
                "supplier": False,
            },
        )
        entry["names"].add(org.name)
        if org.identifier:
            entry["identifiers"].add(org.identifier)
        entry["buyer"] |= org.role in ("buyer", "both")
        entry["supplier"] |= org.role in ("supplier", "both")
        self.index.add(org_id, org.name, keys_for(org.name, *([org.identifier] if org.identifier else [])))
        self.known_ids.add(org_id)
        self._party_ids[(org.name, org.identifier)] = org_id

    def add_ocds(self, path: Path, fmt: str) -> None:
        """An OCDS file, or (``fmt`` ``contracts-finder``) a Contracts Finder export read as OCDS-like units."""
        if not self._whole_file_ok(path, lambda: _units(path, fmt)):
            return
        file_index = len(self.ocds_files)
        self.ocds_files.append((path, fmt))
        for unit in _units(path, fmt):
            self.rows_in += 1
            if isinstance(unit, Rejected):
                error: InputError | None = unit.error
            else:  # without a rejects file, _add_release raises what _release_error would find
                error = self._release_error(unit) if self.rejects is not None else None
            if error is None:
                self._add_release(unit, file_index)  # type: ignore[arg-type]
                self.rows_loaded += 1
                continue
            if self.rejects is None:
                raise error
            raw = unit.raw if isinstance(unit, Rejected) else ocds_raw_text(unit.obj)
            self.rejects.reject(unit.file, unit.row, error, raw)
        self.winners.db.commit()

    def _release_error(self, unit: Release) -> InputError | None:
        """What would stop this release, found before any of it is recorded (so a rejected one leaves no trace).

        Only with a rejects file: the name lookups cost a second normalisation per name.
        """
        ids: dict[str, ContractRow] = {}
        for item in unit.items:
            try:
                if isinstance(item, OrganisationRow):  # the checks of add_party
                    found = self.index.lookup(item.identifier) if item.identifier else set()
                    if len(found) > 1:
                        return InputError(
                            f"identifier {item.identifier!r} belongs to several organisations: "
                            f"{', '.join(sorted(found))}",
                            file=item.file,
                            row=item.row,
                            field="identifier",
                        )
                    if not found and len(self.index.lookup(item.name)) > 1:
                        self.index.resolve(item.name, file=item.file, row=item.row, field_name="name")
                elif isinstance(item, ContractRow):
                    for name, role in ((item.buyer, "buyer"), *((n, "supplier") for n in item.suppliers)):
                        if len(self.index.lookup(name)) > 1:  # resolve raises here, before recording anything
                            self.index.resolve(name, file=item.file, row=item.row, field_name=role)
                    if item.id in self.seen:
                        first = self.seen[item.id]
                        return InputError(
                            f"contract id {item.id!r} is also in {first[1]} row {first[2]}",
                            file=item.file,
                            row=item.row,
                            field="id",
                        )
                    conflict = self.winners.conflict(item)
                    if conflict is None and item.id in ids and _facts_hash(ids[item.id]) != _facts_hash(item):
                        conflict = InputError(
                            f"contract id {item.id!r} appears twice in one release with different facts",
                            file=item.file,
                            row=item.row,
                            field="id",
                        )
                    if conflict is not None:
                        return conflict
                    ids[item.id] = item
            except InputError as exc:
                return exc
        return None

    def _add_release(self, unit: Release, file_index: int) -> None:
        for item in unit.items:
            if isinstance(item, OrganisationRow):
                self.add_party(item)
            elif isinstance(item, Retired):
                self.winners.retire(item.id)
            else:
                if item.id in self.seen:
                    first = self.seen[item.id]
                    raise InputError(
                        f"contract id {item.id!r} is also in {first[1]} row {first[2]}",
                        file=item.file,
                        row=item.row,
                        field="id",
                    )
                self.resolve(item)
                self.winners.offer(item, file_index)

    def party_params(self) -> list[dict[str, Any]]:
        return [
            {
                "id": e["id"],
                "name": e["name"],
                "names": sorted(e["names"]),
                "identifiers": sorted(e["identifiers"]),
                "buyer": e["buyer"],
                "supplier": e["supplier"],
                "keys": sorted(keys_for(*e["names"], *e["identifiers"])),
            }
            for e in self.parties.values()
        ]


def load_paths(
    graph: Graph,
    paths: Sequence[Path],
    progress: Progress | None = None,
    fmt: str | None = None,
    rejects: Path | None = None,
) -> LoadReport:
    """Check all files, then write them; raise InputError before writing anything bad.

    ``fmt`` forces how files are read (one of :data:`FORMATS`); by default
    CSV (deal history or a Contracts Finder export) by header and OCDS by
    suffix and content. With ``rejects`` (a CSV file to create), bad records
    go there with their reason and the rest loads; the report counts records
    in, loaded and rejected.
    """
    ensure_schema(graph)
    sink = RejectsFile(rejects) if rejects is not None else None
    try:
        files = expand(paths, fmt, sink)
        plan = _Plan(OrgIndex.from_graph(graph), sink)
        try:
            _check(plan, files, fmt or "auto")
            if sink is not None:
                sink.flush()
            report = _write(graph, plan, files, progress)
            reapply_corrections(graph)  # an analyst's merges and splits outlive what the files say
        finally:
            plan.close()
    finally:
        if sink is not None:
            sink.close()
    report.files_rejected = list(sink.whole_files) if sink is not None else []
    report.rows_in = plan.rows_in + len(report.files_rejected)
    report.rows_loaded = plan.rows_loaded
    report.rows_rejected = sink.count if sink is not None else 0
    return report


def _check(plan: _Plan, files: list[tuple[str, Path]], fmt: str) -> None:
    for kind, path in files:
        if kind == "organisations":
            plan.add_organisations(path)
        elif kind == "contracts":
            plan.add_contracts(path)
        elif kind == "lineage":
            plan.add_lineage(path)
        elif kind == contracts_finder.FORMAT:
            plan.add_ocds(path, kind)
        else:
            plan.add_ocds(path, "auto" if fmt == "csv" else fmt)


def _write(graph: Graph, plan: _Plan, files: list[tuple[str, Path]], progress: Progress | None) -> LoadReport:

    report = LoadReport(files=[str(p) for _, p in files])
    report.organisations = len(plan.org_params)
    report.new_organisations = len(plan.new_orgs) + len(set(plan.parties) - plan.existing)
    for batch in writer.batched(plan.org_params):
        writer.write_batch(graph, writer.WRITE_ORGANISATIONS, batch)
    for batch in writer.batched(plan.party_params()):
        writer.write_batch(graph, writer.WRITE_PARTIES, batch)
    for batch in writer.batched(list(plan.new_orgs.values())):
        writer.write_batch(graph, writer.WRITE_ORGANISATIONS, batch)

    # Second pass: rows are re-read rather than held, so memory stays flat; the
    # next batch is parsed while Neo4j writes the last one.
    had_contracts = bool(graph.read("MATCH (c:Contract) RETURN c.id LIMIT 1"))
    with writer.BackgroundWriter(lambda rows: writer.write_contracts(graph, rows, had_contracts)) as background:
        for path in plan.contract_files:
            rows = (
                r.value for r in contract_results(path) if r.error is None and (r.file, r.row) not in plan.rejected_rows
            )
            for chunk in writer.batched(rows):
                params = []
                for row in chunk:
                    if not plan.seen.claim(row.id):
                        continue
                    buyer_id, supplier_ids = plan.resolve(row)
                    names = plan.supplier_names(row, supplier_ids)
                    params.append(writer.contract_param(row, buyer_id, supplier_ids, names))
                if params:
                    background.submit(params)
                if progress:
                    progress(str(path), len(chunk), plan.contracts)
    ocds_total = plan.winners.count() if plan.ocds_files else 0
    for file_index, (path, fmt) in enumerate(plan.ocds_files):
        rows = (
            r
            for unit in _units(path, fmt)
            if isinstance(unit, Release)
            for r in unit.items
            if isinstance(r, ContractRow)
        )
        for chunk in writer.batched(rows):
            params = []
            for release_row in chunk:
                if plan.winners.wins(release_row, file_index):
                    buyer_id, supplier_ids = plan.resolve(release_row)
                    names = plan.supplier_names(release_row, supplier_ids)
                    params.append(writer.contract_param(release_row, buyer_id, supplier_ids, names))
            if params:
                writer.write_batch(graph, writer.WRITE_CONTRACTS, params)
            if progress:
                progress(str(path), len(chunk), ocds_total)
    if plan.ocds_files:
        for ids in writer.batched(plan.winners.retired()):
            _retire(graph, ids)
    for batch in writer.batched(plan.lineage):
        writer.write_batch(graph, WRITE_LINEAGE, batch)
    report.contracts = plan.contracts + ocds_total
    return report


def _units(path: Path, fmt: str) -> Iterator[Unit]:
    """The releases of an OCDS file, or the notices of a Contracts Finder export."""
    if fmt == contracts_finder.FORMAT:
        return contracts_finder.read_units(path)
    return read_ocds_units(path, fmt)


def _retire(graph: Graph, ids: list[str]) -> None:
    """Delete contracts a later release superseded, and the sources only they cited."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        sources = {s for r in tx.run(writer.RETIRE_CONTRACTS, ids=ids) for s in r["sources"]}
        tx.run(writer.DROP_ORPHAN_SOURCES, ids=sorted(sources)).consume()

    graph.execute_write(work)


__all__ = ["FORMATS", "LoadReport", "load_paths", "expand", "IN_HOUSE_ID"]
