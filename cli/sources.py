"""``supplygraph sources``: how complete the graph is, per publisher and year."""

from __future__ import annotations

import click


@click.command("sources")
@click.option("--publisher", default=None, help="Only this publisher, exactly as listed (e.g. 'Contracts Finder').")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="csv opens in a spreadsheet.",
)
def sources_command(publisher: str | None, fmt: str) -> None:
    """Per publisher and year: notices read, loaded and rejected by the loads; contracts in the graph, those
    with a service tower and those that are other IT; suppliers, and those with a register identifier.

    Know how complete the graph is before trusting an answer: a year with few
    notices, many rejected, or few towers answers little.

        supplygraph sources --publisher "Contracts Finder"
    """
    from supplygraph.cli.output import render
    from supplygraph.graph.db import connect
    from supplygraph.graph.sources import COLUMNS, sources

    with connect(autostart=True) as graph:
        rows = sources(graph, publisher)
    click.echo(render(COLUMNS, rows, fmt))
