"""The contracts a checked plan writes, batch by batch: one walk shared by the write pass and the import files.

Rows are re-read from their files rather than held, so memory stays flat: a deal-history or
Contracts Finder file's rows less those the check pass rejected or already met under the same id;
an OCDS file's rows only where this file holds the winning release of the contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from supplygraph.loaders.deal_csv import ContractRow, contract_results
from supplygraph.loaders.detect import read_units
from supplygraph.loaders.ocds_read import Release
from supplygraph.loaders.plan import Plan
from supplygraph.loaders.writer import BATCH_SIZE, batched, contract_param


@dataclass(frozen=True)
class Batch:
    """One batch of contract parameters (``writer.contract_param``), with what a progress bar needs."""

    file: str
    rows: int  # rows of the file this batch read (some may not be written: not winning, seen before)
    total: int | None  # rows all the batches of this kind read
    params: list[dict[str, Any]]


def csv_batches(plan: Plan, size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The contracts of the deal-history and Contracts Finder files, in file order."""
    for path in plan.contract_files:
        rows = (
            r.value for r in contract_results(path) if r.error is None and (r.file, r.row) not in plan.rejected_rows
        )
        for chunk in batched(rows, size):
            params = [_param(plan, row) for row in chunk if plan.seen.claim(row.id)]
            yield Batch(str(path), len(chunk), plan.contracts, params)


def ocds_batches(plan: Plan, size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The contracts of the OCDS files, each from the release that wins it (the latest)."""
    total = plan.winners.count() if plan.ocds_files else 0
    for file_index, (path, fmt) in enumerate(plan.ocds_files):
        rows = (
            r
            for unit in read_units(path, fmt)
            if isinstance(unit, Release)
            for r in unit.items
            if isinstance(r, ContractRow)
        )
        for chunk in batched(rows, size):
            params = [_param(plan, row) for row in chunk if plan.winners.wins(row, file_index)]
            yield Batch(str(path), len(chunk), total, params)


def _param(plan: Plan, row: ContractRow) -> dict[str, Any]:
    buyer_id, supplier_ids = plan.resolve(row)
    return contract_param(row, buyer_id, supplier_ids, plan.supplier_names(row, supplier_ids))


__all__ = ["Batch", "csv_batches", "ocds_batches"]
