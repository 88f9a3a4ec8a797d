"""``supplygraph contracts``: contracts found by the reference their source published them under."""

from __future__ import annotations

import click

from supplygraph.cli.output import render

COLUMNS = ("id", "source_ref", "buyer_name", "status", "start", "end", "supplier_names", "title")


@click.group("contracts")
def contracts() -> None:
    """Contracts: find them by their source's reference."""


@contracts.command("find")
@click.argument("ref")
@click.option("--buyer", default=None, help="Only this buyer's contracts (id, name or alias).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def find(ref: str, buyer: str | None, fmt: str) -> None:
    """Contracts whose source published them as REF: a Contracts Finder Notice Identifier (the buyer's own
    reference, e.g. tender_235607/890431), an OCDS ocid, or a contract id. Exact match, any case.

    Two buyers may use one reference: each of their contracts is listed (narrow with --buyer).
    """
    from supplygraph.graph.contracts import find_by_ref
    from supplygraph.graph.db import connect

    with connect(autostart=True) as graph:
        rows = find_by_ref(graph, ref, buyer)
    click.echo(render(COLUMNS, rows, fmt))
