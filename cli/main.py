"""The ``supplygraph`` command group; every command is registered here, in one place.

Each command calls the same library functions as the API. Errors the user can
act on (bad input, unknown names, Neo4j down) become one line on stderr and
exit code 1; bad usage exits 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from supplygraph.cli import analytics, explore, generate, load, neo4j, orgs, queries, serve
from supplygraph.graph.errors import SupplygraphError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SupplygraphError as exc:
            click.echo(f"supplygraph: error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="supplygraph")
def main() -> None:
    """supplygraph: a knowledge graph of who supplies which IT service towers to which public buyers, and when.

    Connects to NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) when
    set; otherwise to its own local Neo4j (`supplygraph neo4j start`), whose data
    lives in .neo4j/ in the working directory.
    """


for _command in (
    neo4j.neo4j_group,
    load.load,
    serve.serve,
    serve.demo,
    queries.list_queries,
    queries.query,
    generate.generate,
    explore.export_html,
    analytics.switching_network_command,
    analytics.supplier_centrality_command,
    analytics.concentration_command,
    orgs.orgs,
):
    main.add_command(_command)
