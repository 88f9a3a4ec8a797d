"""The check pass: every file read through and checked, and what the write pass will write worked out.

Nothing is written here. Organisations, OCDS parties and new names are
resolved through the organisation index; contract ids met so far are kept on
disk (:mod:`supplygraph.loaders.seen`), and for OCDS which release wins for
each contract id too (:mod:`supplygraph.loaders.winners`), so memory stays flat
however many rows a file has. Contract rows themselves are not held: the write
pass re-reads the files.

With a rejects file (:mod:`supplygraph.loaders.rejects`), a bad record is
written there with its reason instead of stopping the load, and a file that
cannot be split into records is rejected whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from supplygraph.graph.errors import InputError
from supplygraph.graph.names import IN_HOUSE_ID, keys_for
from supplygraph.graph.organisations import OrgIndex
from supplygraph.loaders.contracts_finder import FORMAT as CONTRACTS_FINDER
from supplygraph.loaders.coverage import DEAL_HISTORY, NOT_STATED, UNREADABLE, Coverage, notice_year
from supplygraph.loaders.deal_csv import (
    ContractRow,
    OrganisationRow,
    RowResult,
    contract_results,
    organisation_results,
)
from supplygraph.loaders.detect import read_units
from supplygraph.loaders.lineage import LineageRow, lineage_param, lineage_results
from supplygraph.loaders.ocds_map import Retired
from supplygraph.loaders.ocds_read import Rejected, Release, raw_text
from supplygraph.loaders.rejects import RejectsFile
from supplygraph.loaders.seen import SeenContracts, fingerprint
from supplygraph.loaders.winners import OcdsWinners, facts_hash
from supplygraph.loaders.writer import organisation_param, organisation_param_for_new


def check(plan: Plan, files: list[tuple[str, Path]], fmt: str) -> None:
    """The check pass over ``files`` (kinds and paths from :func:`~supplygraph.loaders.detect.expand`)."""
    for kind, path in files:
        if kind == "organisations":
            plan.add_organisations(path)
        elif kind == "contracts":
            plan.add_contracts(path)
        elif kind == "lineage":
            plan.add_lineage(path)
        elif kind == CONTRACTS_FINDER:
            plan.add_ocds(path, kind)
        else:
            plan.add_ocds(path, "auto" if fmt == "csv" else fmt)


class Plan:
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
        self._winners: OcdsWinners | None = None
        self._party_ids: dict[tuple[str, str | None], str] = {}  # (name, identifier) -> id, met already
        self.lineage: list[dict[str, Any]] = []  # BECAME edges (a lineage file is small: held, not re-read)
        self.coverage = Coverage()  # notices read, loaded and rejected per file, publisher and year

    @property
    def winners(self) -> OcdsWinners:
        if self._winners is None:
            self._winners = OcdsWinners()
        return self._winners

    def close(self) -> None:
        self.seen.close()
        if self._winners is not None:
            self._winners.close()

    def _whole_file_ok(self, path: Path, records: Callable[[], Iterator[Any]], notices: bool = False) -> bool:
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
            if notices:
                self.coverage.count(str(path), UNREADABLE, None, loaded=False)
            return False
        return True

    def _rows(self, results: Iterator[RowResult], apply: Callable[[Any], None], notices: bool = False) -> None:
        """Apply each good row; a bad one stops the load, or goes to the rejects file.

        ``notices``: the rows are contracts, counted for coverage under the deal-history publisher.
        """
        for result in results:
            self.rows_in += 1
            error = result.error
            year = notice_year(result.value) if notices and isinstance(result.value, ContractRow) else None
            if error is None:
                try:
                    apply(result.value)
                except InputError as exc:
                    if self.rejects is None:
                        raise
                    error = exc
                else:
                    self.rows_loaded += 1
                    if notices:
                        self.coverage.count(result.file, DEAL_HISTORY, year, loaded=True)
                    continue
            if self.rejects is None:
                raise error
            if notices:
                self.coverage.count(result.file, DEAL_HISTORY, year, loaded=False)
            self.rejects.reject(result.file, result.row, error, result.raw)
            self.rejected_rows.add((result.file, result.row))

    def add_organisations(self, path: Path) -> None:
        self._ids.clear()
        if self._whole_file_ok(path, lambda: organisation_results(path)):
            self._rows(organisation_results(path), self._add_organisation)

    def _add_organisation(self, org: OrganisationRow) -> None:
        """One organisations.csv row: every check comes before anything is recorded."""
        org = self._without_split_aliases(org)
        found = self.index.lookup(org.identifier) if org.identifier else set()
        if not found:
            for name in (org.name, *org.aliases):
                found |= self.index.lookup(name)
        if len(found) > 1:  # the identifier's, else the names': one of them by the rule (graph.resolution)
            org_id = self.index.choose(org.name, found)
        else:
            org_id = next(iter(found)) if found else self.index.resolve(org.name)
        param = organisation_param(org, org_id)
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
            org_id = self.index.resolve(name)
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
                    entry = self.new_orgs[oid] = organisation_param_for_new(oid, name)
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
            org_id = self.index.resolve(name)
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
                self.new_orgs[org_id] = organisation_param_for_new(org_id, name)
        self._ids.clear()
        self.lineage.append(lineage_param(event, ids[0], ids[1]))

    def add_contracts(self, path: Path) -> None:
        if self._whole_file_ok(path, lambda: contract_results(path), notices=True):
            self._rows(contract_results(path), self._add_contract, notices=True)
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
            entry["postcodes"].update(org.postcodes)
            entry["buyer"] |= org.role in ("buyer", "both")
            entry["supplier"] |= org.role in ("supplier", "both")
            return
        self._ids.clear()
        found = self.index.lookup(org.identifier) if org.identifier else set()
        if len(found) > 1:  # organisations that share the identifier: one of them by the rule (graph.resolution)
            org_id = self.index.choose(org.name, found)
        else:
            org_id = next(iter(found)) if found else self.index.resolve(org.name)
        entry = self.parties.setdefault(
            org_id,
            {
                "id": org_id,
                "name": org.name,
                "names": set(),
                "identifiers": set(),
                "postcodes": set(),
                "buyer": False,
                "supplier": False,
            },
        )
        entry["names"].add(org.name)
        entry["postcodes"].update(org.postcodes)
        if org.identifier:
            entry["identifiers"].add(org.identifier)
        entry["buyer"] |= org.role in ("buyer", "both")
        entry["supplier"] |= org.role in ("supplier", "both")
        self.index.add(org_id, org.name, keys_for(org.name, *([org.identifier] if org.identifier else [])))
        self.known_ids.add(org_id)
        self._party_ids[(org.name, org.identifier)] = org_id

    def add_ocds(self, path: Path, fmt: str) -> None:
        """An OCDS file, or (``fmt`` ``contracts-finder``) a Contracts Finder export read as OCDS-like units."""
        if not self._whole_file_ok(path, lambda: read_units(path, fmt), notices=True):
            return
        file_index = len(self.ocds_files)
        self.ocds_files.append((path, fmt))
        for unit in read_units(path, fmt):
            self.rows_in += 1
            if isinstance(unit, Rejected):
                error: InputError | None = unit.error
            else:  # without a rejects file, _add_release raises what _release_error would find
                error = self._release_error(unit) if self.rejects is not None else None
            publisher = unit.publisher or NOT_STATED  # a JSON line that is not even an object
            if error is None:
                self._add_release(unit, file_index)  # type: ignore[arg-type]
                self.rows_loaded += 1
                self.coverage.count(unit.file, publisher, unit.year, loaded=True)
                continue
            if self.rejects is None:
                raise error
            self.coverage.count(unit.file, publisher, unit.year, loaded=False)
            raw = unit.raw if isinstance(unit, Rejected) else raw_text(unit.obj)
            self.rejects.reject(unit.file, unit.row, error, raw)
        self.winners.commit()

    def _release_error(self, unit: Release) -> InputError | None:
        """What would stop this release, found before any of it is recorded (so a rejected one leaves no trace).

        Only contract ids can: names never do, an ambiguous one resolves by the rule (graph.resolution).
        """
        ids: dict[str, ContractRow] = {}
        for item in unit.items:
            if not isinstance(item, ContractRow):
                continue
            if item.id in self.seen:
                first = self.seen[item.id]
                return InputError(
                    f"contract id {item.id!r} is also in {first[1]} row {first[2]}",
                    file=item.file,
                    row=item.row,
                    field="id",
                )
            conflict = self.winners.conflict(item)
            if conflict is None and item.id in ids and facts_hash(ids[item.id]) != facts_hash(item):
                conflict = InputError(
                    f"contract id {item.id!r} appears twice in one release with different facts",
                    file=item.file,
                    row=item.row,
                    field="id",
                )
            if conflict is not None:
                return conflict
            ids[item.id] = item
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
                "postcodes": sorted(e["postcodes"]),
                "buyer": e["buyer"],
                "supplier": e["supplier"],
                "keys": sorted(keys_for(*e["names"], *e["identifiers"])),
            }
            for e in self.parties.values()
        ]


__all__ = ["Plan", "check"]
