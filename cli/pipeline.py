"""``supplygraph pipeline``: contracts ending soon, with holders and likely incumbent chains."""

from __future__ import annotations

from datetime import date

import click

from supplygraph.cli.output import render

COLUMNS = (
    "expiry",
    "expiry_basis",
    "contract_id",
    "title",
    "buyer_name",
    "supplier_names",
    "towers",
    "service_class",
    "value",
    "currency",
    "incumbent_chain",
    "successor_process_id",
)


@click.command("pipeline")
@click.option(
    "--within",
    default="18m",
    show_default=True,
    metavar="WINDOW",
    help="How far ahead: months (18m, or 18) or years (2y).",
)
@click.option("--from", "from_", default=None, metavar="YYYY-MM-DD", help="First day of the window (default today).")
@click.option("--buyer", default=None, help="Only this buyer (id, name or alias).")
@click.option("--supplier", default=None, help="Only contracts this supplier holds.")
@click.option("--tower", default=None, help="Only contracts covering this tower (id, name or alias).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="csv opens in a spreadsheet (formula-like text is quoted).",
)
def pipeline_command(
    within: str, from_: str | None, buyer: str | None, supplier: str | None, tower: str | None, fmt: str
) -> None:
    """Contracts whose latest possible end (the published maximum extension, else the end) falls in the window,
    soonest first, with value, holders, service class and the likely incumbent chain (the contracts each most
    likely replaced, from the stored contract succession). With --buyer, also the buyer's usual lead time.

        supplygraph pipeline --within 18m --tower networks
    """
    from supplygraph.graph import pipeline
    from supplygraph.graph.db import connect
    from supplygraph.graph.temporal import parse_iso_day

    months = pipeline.parse_window(within)
    start = parse_iso_day(from_) if from_ else date.today()
    with connect(autostart=True) as graph:
        answer = pipeline.pipeline(graph, start, months, buyer, supplier, tower)
    rows = [
        {
            **r,
            "incumbent_chain": [
                f"{s['contract_id']} ({', '.join(s['suppliers'])}, {s['score']})" for s in r["incumbent_chain"]
            ],
        }
        for r in answer.contracts
    ]
    click.echo(render(COLUMNS, rows, fmt))
    if answer.lead_time and fmt == "table":
        lead = answer.lead_time
        click.echo(
            f"{answer.buyer.name if answer.buyer else ''}: usually publishes a re-procurement "
            f"{lead['median_months']} months before the old contract ends ({lead['processes']} processes)",
            err=True,
        )
