"""``supplygraph backup`` and ``supplygraph restore``: the local graph to a file and back."""

from __future__ import annotations

from pathlib import Path

import click

from supplygraph.graph.config import settings
from supplygraph.graph.errors import ParameterError


def _local_only(what: str) -> Path:
    cfg = settings()
    if not cfg.uses_local:
        raise ParameterError(
            f"{what} works on the local Neo4j; NEO4J_URI points at {cfg.uri}: use that server's own "
            "`neo4j-admin database dump|load` or Aura's snapshots (docs/operations.md)"
        )
    return cfg.local_dir


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write the local graph (in .neo4j/) to FILE with Neo4j's own dump.

    A running local Neo4j is stopped for the dump and started again. `supplygraph restore FILE`
    (or `neo4j-admin database load` on any Neo4j 5.26) brings it back.
    """
    from supplygraph.graph.local_backup import backup as dump

    written = dump(_local_only("backup"), file)
    click.echo(f"backed up the local graph to {written} ({written.stat().st_size:,} bytes)")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a local graph that has data (it is lost: back it up first).")
def restore(file: Path, force: bool) -> None:
    """Replace the local graph (in .neo4j/) with the backup in FILE, and start it."""
    from supplygraph.graph.local_backup import restore as load

    load(_local_only("restore"), file, force=force)
    click.echo(f"restored the local graph from {file}")
