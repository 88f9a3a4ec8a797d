"""``supplygraph check``: are the stored derived layers (tenures, SUCCEEDS) what the contracts and lineage say?"""

from __future__ import annotations

import sys
import time

import click


@click.command("check")
@click.option("--repair", is_flag=True, help="After reporting, derive the whole layer again from the contracts.")
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True, help="Differences to print.")
def check(repair: bool, show: int) -> None:
    """Derive the tenure layer (tenures, engagements, consolidations, their links) and the contract succession
    (SUCCEEDS) again and compare them with the stored ones; also report SUCCEEDS pairs that contradict a tower's
    tenure succession without their evidence saying why.

    Prints each difference (up to --show) and exits 1 when there is any; 0 when the layers are current.
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.derived import check as check_layer
    from supplygraph.graph.derived import refresh_all

    with connect(autostart=True) as graph:
        began = time.perf_counter()
        differences = check_layer(graph)
        took = time.perf_counter() - began
        for line in differences[:show]:
            click.echo(line)
        if len(differences) > show:
            click.echo(f"... and {len(differences) - show} more")
        click.echo(f"derived layers: {len(differences)} difference(s) from the contracts and lineage ({took:.1f} s)")
        if repair and differences:
            written = refresh_all(graph)
            click.echo(f"derived layers derived again: {written} tenures and engagements, and the SUCCEEDS pairs")
            return
    if differences:
        sys.exit(1)
