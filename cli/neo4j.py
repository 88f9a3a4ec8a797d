"""``supplygraph neo4j``: the project's own local Neo4j."""

from __future__ import annotations

import sys

import click

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import settings


@click.group("neo4j")
def neo4j_group() -> None:
    """Run the project's own Neo4j 5.26 Community (no Docker needed; Java 17 and Maven are)."""


@neo4j_group.command("start")
@click.option("--port", type=int, default=None, help="Bolt port (default: the last one used, else a free one).")
def neo4j_start(port: int | None) -> None:
    """Start the local Neo4j (data in .neo4j/) and print its Bolt URI."""
    cfg = settings()
    uri = local_neo4j.start(cfg.local_dir, port=port)
    click.echo(uri)


@neo4j_group.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly; its data stays in .neo4j/."""
    cfg = settings()
    if local_neo4j.stop(cfg.local_dir):
        click.echo(f"stopped the local Neo4j in {cfg.local_dir}")
    else:
        click.echo(f"no local Neo4j was running in {cfg.local_dir}")


@neo4j_group.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs, and where. Exit code 3 when it is stopped."""
    cfg = settings()
    state = local_neo4j.status(cfg.local_dir)
    if state.running:
        click.echo(f"running at {state.uri} (pid {state.pid}, data in {state.data_dir})")
    else:
        click.echo(f"stopped (data in {state.data_dir})")
        sys.exit(3)
