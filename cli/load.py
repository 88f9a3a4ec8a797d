"""``supplygraph load``: files into the graph, checked first."""

from __future__ import annotations

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
def load(paths: tuple[Path, ...], fmt: str, rejects: Path | None) -> None:
    """Load deal-history CSV files or folders (contracts.csv, organisations.csv, lineage.csv),
    OCDS JSON, or a Contracts Finder search export (CSV).

    Every file is checked before anything is written: a bad row stops the load
    with its file, row and field, and the graph stays as it was. Loading the
    same files again changes nothing. With --rejects FILE, bad rows (and files
    that cannot be read at all) go to FILE with their reason and the rest loads;
    loaded + rejected = rows read.
    """
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
