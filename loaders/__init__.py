"""Loaders: files in, graph out.

:func:`load_paths` is the one entry point the CLI and tests use. It checks
every file completely before it writes anything, so bad input leaves the graph
exactly as it was, then writes in idempotent batches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.db import Graph
from graph.errors import InputError
from graph.names import IN_HOUSE_ID
from graph.organisations import OrgIndex
from graph.schema import ensure_schema
from loaders import writer
from loaders.deal_csv import ContractRow, detect_kind, read_contracts, read_organisations

Progress = Callable[[str, int, int | None], None]
"""progress(label, advance, total): called as batches are written."""


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    organisations: int = 0
    new_organisations: int = 0
    contracts: int = 0


def expand(paths: Sequence[Path]) -> list[tuple[str, Path]]:
    """Files to load with their kind, organisations first so contracts can use their aliases."""
    found: list[tuple[str, Path]] = []
    for path in paths:
        if not path.exists():
            raise InputError("no such file or directory", file=str(path))
        if path.is_dir():
            csvs = sorted(path.glob("*.csv"))
            if not csvs:
                raise InputError("the directory has no .csv files", file=str(path))
            found.extend((detect_kind(p), p) for p in csvs)
        else:
            found.append((detect_kind(path), path))
    order = {"organisations": 0, "contracts": 1}
    return sorted(found, key=lambda kp: order[kp[0]])


class _Plan:
    """What a load will write, worked out without writing."""

    def __init__(self, index: OrgIndex) -> None:
        self.index = index
        self.known_ids: set[str] = set(index.names)
        self.org_params: list[dict[str, Any]] = []
        self.new_orgs: dict[str, dict[str, Any]] = {}
        self.seen: dict[str, tuple[str, str, int]] = {}
        self.contract_files: list[Path] = []
        self.contracts = 0

    def add_organisations(self, path: Path) -> None:
        for org in read_organisations(path):
            found = set()
            for name in (org.name, *org.aliases, *([org.identifier] if org.identifier else [])):
                found |= self.index.lookup(name)
            if len(found) > 1:
                raise InputError(
                    f"{org.name!r} and its aliases match several organisations: {', '.join(sorted(found))}",
                    file=org.file, row=org.row, field="aliases",
                )
            org_id = next(iter(found)) if found else self.index.resolve(
                org.name, file=org.file, row=org.row, field_name="name"
            )
            param = writer.organisation_param(org, org_id)
            self.index.add(org_id, param["name"], param["keys"])
            self.known_ids.add(org_id)
            self.org_params.append(param)

    def resolve(self, row: ContractRow) -> tuple[str, list[str]]:
        buyer_id = self.index.resolve(row.buyer, file=row.file, row=row.row, field_name="buyer")
        supplier_ids = []
        for name in row.suppliers:
            sid = self.index.resolve(name, file=row.file, row=row.row, field_name="supplier")
            if sid not in supplier_ids:
                supplier_ids.append(sid)
        for oid, name, role in ((buyer_id, row.buyer, "buyer"),) + tuple(
            (sid, name, "supplier") for sid, name in zip(supplier_ids, row.suppliers)
        ):
            if oid not in self.known_ids:
                entry = self.new_orgs.setdefault(oid, writer.organisation_param_for_new(oid, name))
                entry[role] = True
        return buyer_id, supplier_ids

    def add_contracts(self, path: Path) -> None:
        for row in read_contracts(path):
            self.resolve(row)
            digest = row.digest()
            previous = self.seen.get(row.id)
            if previous is not None and previous[0] != digest:
                raise InputError(
                    f"contract id {row.id!r} appears again with different facts "
                    f"(first at {previous[1]} row {previous[2]})",
                    file=row.file, row=row.row, field="contract_id",
                )
            if previous is None:
                self.seen[row.id] = (digest, row.file, row.row)
                self.contracts += 1
        self.contract_files.append(path)


def load_paths(
    graph: Graph, paths: Sequence[Path], progress: Progress | None = None
) -> LoadReport:
    """Check all files, then write them; raise InputError before writing anything bad."""
    ensure_schema(graph)
    files = expand(paths)
    plan = _Plan(OrgIndex.from_graph(graph))
    for kind, path in files:
        if kind == "organisations":
            plan.add_organisations(path)
        else:
            plan.add_contracts(path)

    report = LoadReport(files=[str(p) for _, p in files])
    report.organisations = len(plan.org_params)
    report.new_organisations = len(plan.new_orgs)
    for batch in writer.batched(plan.org_params):
        writer.write_batch(graph, writer.WRITE_ORGANISATIONS, batch)
    for batch in writer.batched(list(plan.new_orgs.values())):
        writer.write_batch(graph, writer.WRITE_ORGANISATIONS, batch)

    # Second pass: rows are re-read rather than held, so memory stays flat.
    written: set[str] = set()
    for path in plan.contract_files:
        rows = (r for r in read_contracts(path))
        for batch in writer.batched(rows):
            params = []
            for row in batch:
                if row.id in written:
                    continue
                written.add(row.id)
                buyer_id, supplier_ids = plan.resolve(row)
                params.append(writer.contract_param(row, buyer_id, supplier_ids))
            if params:
                writer.write_batch(graph, writer.WRITE_CONTRACTS, params)
            if progress:
                progress(str(path), len(batch), plan.contracts)
    report.contracts = plan.contracts
    return report


__all__ = ["LoadReport", "load_paths", "expand", "IN_HOUSE_ID"]
