"""``supplygraph export-html``: the offline pyvis export of a neighbourhood."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from supplygraph.graph.errors import DateFormatError, ParameterError
from supplygraph.graph.temporal import parse_iso_day


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return parse_iso_day(value)
    except DateFormatError as exc:
        raise ParameterError(f"--as-of: {exc}") from None


@click.command("export-html")
@click.option("--center", required=True, help="A buyer, supplier or tower: id, name or alias.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="The day (default today).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 3), help="Hops from the centre.")
@click.option("--max-nodes", default=150, show_default=True, type=click.IntRange(1, 500), help="Node cap.")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write."
)
def export_html(center: str, as_of: str | None, depth: int, max_nodes: int, output: Path) -> None:
    """Write the neighbourhood of a node on a day as one standalone HTML file that works offline.

    supplygraph export-html --center "Met Police" --as-of 2019-07-01 -o met-2019.html
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.explore_html import export_html as render
    from supplygraph.graph.neighbourhood import neighbourhood

    day = _day(as_of)
    with connect(autostart=True) as graph:
        result = neighbourhood(graph, center, day, depth, max_nodes)
    output.write_text(render(result), encoding="utf-8")
    cut = f"; cut: {result.cut}" if result.truncated else ""
    click.echo(
        f"wrote {output}: {result.center.label} on {day.isoformat()}, "
        f"{len(result.nodes)} nodes and {len(result.edges)} edges{cut}"
    )
