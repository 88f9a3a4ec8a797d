"""``supplygraph check``: is the stored tenure layer what the contracts and lineage say?"""

from __future__ import annotations

import sys
import time

import click


@click.command("check")
@click.option("--repair", is_flag=True, help="After reporting, derive the whole layer again from the contracts.")
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True, help="Differences to print.")
def check(repair: bool, show: int) -> None:
    """Derive the tenure layer (tenures, engagements, their links) again and compare it with the stored one.

    Prints each difference (up to --show) and exits 1 when there is any; 0 when the layer is current.
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.tenure_store import check as check_layer
    from supplygraph.graph.tenure_store import refresh_all

    with connect(autostart=True) as graph:
        began = time.perf_counter()
        differences = check_layer(graph)
        took = time.perf_counter() - began
        for line in differences[:show]:
            click.echo(line)
        if len(differences) > show:
            click.echo(f"... and {len(differences) - show} more")
        click.echo(f"tenure layer: {len(differences)} difference(s) from the contracts and lineage ({took:.1f} s)")
        if repair and differences:
            written = refresh_all(graph)
            click.echo(f"tenure layer derived again: {written} tenures and engagements")
            return
    if differences:
        sys.exit(1)
