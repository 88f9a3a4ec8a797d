"""``supplygraph load``: files into the graph, checked first."""

from __future__ import annotations

import resource
from pathlib import Path
from typing import Any

import click

from supplygraph.cli.output import stderr_console


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    type=click.Choice(
        ["auto", "csv", "contracts-finder", "ocds-release-package", "ocds-record-package", "ocds-release", "jsonl"]
    ),
    help="How to read the files; auto: CSV by header (deal history, or a Contracts Finder export: "
    "contracts-finder), OCDS (.json, .jsonl, .gz) by content.",
)
@click.option(
    "--rejects",
    "rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write bad rows (with file, row, field, reason and the raw row) to this CSV and load the rest.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Into an empty database: check the files, write import files and build the graph with Neo4j's offline "
    "importer (neo4j-admin database import full); against NEO4J_URI, print the command to run on the server.",
)
@click.option(
    "--import-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="With --bulk: where the import files go (kept). Default: .neo4j/import (removed after the import), "
    "or ./supplygraph-import for a remote server.",
)
@click.option(
    "--after-import",
    is_flag=True,
    help="PATHS is a folder `load --bulk` wrote for a remote server that has imported it: create the schema and "
    "derive the tenure and succession layers there.",
)
def load(
    paths: tuple[Path, ...], fmt: str, rejects: Path | None, bulk: bool, import_dir: Path | None, after_import: bool
) -> None:
    """Load deal-history CSV files or folders (contracts.csv, organisations.csv, lineage.csv),
    OCDS JSON, or a Contracts Finder search export (CSV).

    Every file is checked before anything is written: a bad row stops the load
    with its file, row and field, and the graph stays as it was. Loading the
    same files again changes nothing. With --rejects FILE, bad rows (and files
    that cannot be read at all) go to FILE with their reason and the rest loads;
    loaded + rejected = rows read.

    With --bulk, into an empty database only, the same checks run, then Neo4j's
    offline importer builds the graph (the local Neo4j is stopped for it and
    started again), then the schema and the derived layers are built.
    """
    if after_import or bulk:
        _bulk(paths, fmt, rejects, import_dir, after_import)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from supplygraph.graph.db import connect
    from supplygraph.loaders import load_paths

    with connect(autostart=True) as graph:
        with Progress(
            TextColumn("[bold]loading[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr_console(),
            transient=False,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(label: str, advance: int, total: int | None) -> None:
                if label not in tasks:
                    tasks[label] = bar.add_task(Path(label).name, total=total)
                bar.update(tasks[label], advance=advance)

            report = load_paths(graph, list(paths), progress=progress, fmt=fmt, rejects=rejects)
    click.echo(
        f"loaded {report.contracts} contracts and {report.organisations} organisation rows "
        f"({report.new_organisations} organisations first seen in contracts) from {len(report.files)} file(s)"
    )
    if rejects is not None:
        whole = f", {len(report.files_rejected)} of them whole files" if report.files_rejected else ""
        click.echo(
            f"rows: {report.rows_in} read = {report.rows_loaded} loaded + {report.rows_rejected} rejected"
            f"{whole} (written to {rejects})"
        )
    if report.ambiguous_names:
        click.echo(
            f"ambiguous names resolved by the rule: {report.ambiguous_names} "
            "(docs/entity-resolution.md; review with `supplygraph orgs candidates`)"
        )


def _bulk(paths: tuple[Path, ...], fmt: str, rejects: Path | None, import_dir: Path | None, after: bool) -> None:
    from supplygraph.graph.db import connect
    from supplygraph.graph.errors import ParameterError
    from supplygraph.loaders.bulk import after_import, bulk_load

    if after:
        if len(paths) != 1 or not paths[0].is_dir():
            raise ParameterError("--after-import takes one folder: the one `load --bulk` wrote")
        with connect() as graph:
            after_import(graph, paths[0])
        click.echo(f"schema, tenure and succession layers built on {graph.uri}")
        return
    report = bulk_load(list(paths), folder=import_dir, fmt=fmt, rejects=rejects)
    if rejects is not None:
        click.echo(
            f"rows: {report.rows_in} read = {report.rows_loaded} loaded + {report.rows_rejected} rejected "
            f"(written to {rejects})"
        )
    if report.command is not None:
        click.echo(
            f"wrote import files for {report.contracts} contracts and {report.organisations} organisations "
            f"to {report.folder}\n"
            "NEO4J_URI is not the local Neo4j, so nothing was imported. On the server: copy the folder there, "
            "stop the database (Community: stop the server), run\n\n"
            f"  {report.command}\n\n"
            f"start it, then from here: supplygraph load --after-import {report.folder}"
        )
        return
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    python_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    click.echo(
        f"bulk-imported {report.contracts} contracts and {report.organisations} organisations "
        f"from {len(report.files)} file(s) ({steps}; peak RSS: importer {report.importer_peak_rss_mb:.0f} MB, "
        f"python {python_mb:.0f} MB)"
    )
