"""``supplygraph contracts``: find contracts by their source's reference; set what they buy."""

from __future__ import annotations

import click

from supplygraph.cli.output import render

COLUMNS = ("id", "source_ref", "buyer_name", "status", "start", "end", "supplier_names", "title")


@click.group("contracts")
def contracts() -> None:
    """Contracts: find them by their source's reference, and correct what they buy."""


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


@contracts.command("set-towers")
@click.argument("contract_id")
@click.argument("towers", nargs=-1, required=True)
@click.option("--note", default="", help="Why: kept with the correction.")
@click.option("--by", default=None, help="Who made the correction (default: the login name).")
def set_towers(contract_id: str, towers: tuple[str, ...], note: str, by: str | None) -> None:
    """Set what CONTRACT_ID buys: one or more TOWERS (names or aliases), or it-other, or none.

    The decision is recorded with who, when and why, and every later load keeps it:

        supplygraph contracts set-towers met-bt-networks networks siam --note "the notice covers both"
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.tower_corrections import set_towers as record

    with connect(autostart=True) as graph:
        done = record(graph, contract_id, list(towers), note=note, by=by)
    what = ", ".join(done.towers) if done.towers else done.service_class
    click.echo(f"{done.at} set {done.contract} to {what} by {done.by}" + (f": {done.note}" if done.note else ""))
