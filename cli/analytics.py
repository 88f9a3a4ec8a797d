"""Command-line analytics: the switching network, supplier centrality, concentration by year."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "(no rows)"
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


@click.command("switching-network")
@FORMAT
def switching_network_command(fmt: str) -> None:
    """Who replaced whom: supplier -> successor, with how many (buyer, tower) successions switched so."""
    from supplygraph.graph.analytics import switching_network
    from supplygraph.graph.db import connect

    with connect(autostart=True) as graph:
        g = switching_network(graph)
    edges = sorted(g.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "from": {"id": a, "name": g.nodes[a]["name"]},
                        "to": {"id": b, "name": g.nodes[b]["name"]},
                        "switches": d["weight"],
                        "examples": d["examples"],
                    }
                    for a, b, d in edges
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(
        _table(
            ["from", "to", "switches", "examples"],
            [[g.nodes[a]["name"], g.nodes[b]["name"], d["weight"], "; ".join(d["examples"])] for a, b, d in edges],
        )
    )


@click.command("supplier-centrality")
@FORMAT
def supplier_centrality_command(fmt: str) -> None:
    """Suppliers by PageRank in the switching network, with switches won and lost, and betweenness."""
    from supplygraph.graph.analytics import supplier_centrality, switching_network
    from supplygraph.graph.db import connect

    with connect(autostart=True) as graph:
        rows = supplier_centrality(switching_network(graph))
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
        return
    click.echo(
        _table(
            ["supplier", "won", "lost", "pagerank", "betweenness"],
            [[r.name, r.won, r.lost, f"{r.pagerank:.3f}", f"{r.betweenness:.3f}"] for r in rows],
        )
    )


@click.command("concentration")
@click.option("--buyer", default=None, help="Only this buyer (id, name or alias).")
@click.option("--from-year", type=int, default=None, help="First year (default: the first spell's).")
@click.option("--to-year", type=int, default=None, help="Last year (default: the last spell's end, or this year).")
@FORMAT
def concentration_command(buyer: str | None, from_year: int | None, to_year: int | None, fmt: str) -> None:
    """Each buyer's supplier concentration by year: share of its held towers (on 1 July) held by its largest supplier."""
    from supplygraph.graph.analytics import concentration
    from supplygraph.graph.db import connect

    with connect(autostart=True) as graph:
        rows = concentration(graph, buyer, from_year, to_year)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
        return
    click.echo(
        _table(
            ["buyer", "year", "towers", "suppliers", "largest", "share"],
            [
                [
                    r.buyer_name,
                    r.year,
                    r.towers,
                    r.suppliers,
                    f"{', '.join(r.largest)} ({r.largest_towers})",
                    f"{r.share:.0%}",
                ]
                for r in rows
            ],
        )
    )
