"""``supplygraph queries`` and ``supplygraph query``: the saved Cypher library."""

from __future__ import annotations

import click

from supplygraph.cli.output import render


@click.command("queries")
def list_queries() -> None:
    """List the saved Cypher queries with their parameters."""
    from supplygraph.graph import query_library

    for q in query_library.library().values():
        click.echo(f"{q.name}\n    {q.description}")
        for p in q.params:
            need = "required" if p.required else (f"default {p.default}" if p.default else "optional")
            example = f", e.g. {p.example}" if p.example else ""
            click.echo(f"    --param {p.name}=<{p.type}>  ({need}{example}) {p.doc}")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        params[key.strip()] = value
    return params


@click.command("query")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (repeatable); see `supplygraph queries`.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query(name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a saved query by name, read-only. Example:

    supplygraph query holders -p buyer="Met Police" -p tower=networks -p as_of=2019-06-01
    """
    from supplygraph.graph import query_library
    from supplygraph.graph.db import connect

    bound = _parse_params(params)
    query_library.get(name).bind(bound)  # report bad parameters before connecting
    with connect(autostart=True) as graph:
        result = query_library.run(graph, name, bound, max_rows=None)  # analysts may export it all
    click.echo(render(result.columns, result.rows, fmt))
