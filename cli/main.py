"""The ``supplygraph`` command group; every command is registered here, in one place.

Each command calls the same library functions as the API. An error the user can
act on (bad input, unknown names, Neo4j down) becomes one line on stderr and the
exit code of its class (:data:`supplygraph.graph.errors.EXIT_CODES`); bad usage exits 2.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from supplygraph.cli import (
    analytics,
    backup,
    check,
    contracts,
    explore,
    fetch,
    generate,
    load,
    logs,
    neo4j,
    orgs,
    pipeline,
    queries,
    serve,
    settings,
    sources,
)
from supplygraph.graph.errors import EXIT_CODES, SupplygraphError

logger = logging.getLogger(__name__)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SupplygraphError as exc:
            logger.debug("%s (exit code %d)", type(exc).__name__, exc.exit_code, exc_info=True)
            click.echo(f"supplygraph: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Exit codes"):
            formatter.write_dl([(str(code), meaning) for code, meaning in EXIT_CODES.items()])


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="supplygraph")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv: the libraries' debug messages too).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """supplygraph: a knowledge graph of who supplies which IT service towers to which public buyers, and when.

    Connects to NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) when
    set; otherwise to its own local Neo4j (`supplygraph neo4j start`), whose data
    lives in .neo4j/ in the working directory. `supplygraph settings` lists every
    setting. Results go to stdout, messages to stderr.
    """
    logs.configure(verbose, quiet)


for _command in (
    neo4j.neo4j_group,
    load.load,
    fetch.fetch,
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
    backup.backup,
    backup.restore,
    settings.settings_command,
    contracts.contracts,
    pipeline.pipeline_command,
    check.check,
    sources.sources_command,
):
    main.add_command(_command)
