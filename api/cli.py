"""The ``supplygraph`` command line.

Each command calls the same library functions as the API. Errors the user can
act on (bad input, unknown names, Neo4j down) become one line on stderr and
exit code 1; bad usage exits 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph import local_neo4j
from graph.config import settings
from graph.errors import SupplygraphError

F = TypeVar("F", bound=Callable[..., Any])
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def _fail(exc: SupplygraphError) -> None:
    click.echo(f"supplygraph: error: {exc}", err=True)
    sys.exit(1)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SupplygraphError as exc:
            _fail(exc)


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="supplygraph")
def main() -> None:
    """supplygraph: a knowledge graph of who supplies which IT service towers to which public buyers, and when.

    Connects to NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) when
    set; otherwise to its own local Neo4j (`supplygraph neo4j start`), whose data
    lives in .neo4j/ in the working directory.
    """


# --- local Neo4j -----------------------------------------------------------------

@main.group("neo4j")
def neo4j_group() -> None:
    """Run the project's own Neo4j 5.26 Community (no Docker needed; Java 17 and Maven are)."""


@neo4j_group.command("start")
@click.option("--port", type=int, default=None, help="Bolt port (default: the last one used, else a free one).")
def neo4j_start(port: int | None) -> None:
    """Start the local Neo4j (data in .neo4j/) and print its Bolt URI."""
    cfg = settings()
    uri = local_neo4j.start(cfg.local_dir, echo=_echo_err, port=port)
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


# --- loading -----------------------------------------------------------------------

@main.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "csv", "contracts-finder", "ocds-release-package", "ocds-record-package",
                                 "ocds-release", "jsonl"]),
              help="How to read the files; auto: CSV by header (deal history, or a Contracts Finder export: "
                   "contracts-finder), OCDS (.json, .jsonl, .gz) by content.")
@click.option("--rejects", "rejects", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write bad rows (with file, row, field, reason and the raw row) to this CSV and load the rest.")
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

    from graph.db import connect
    from loaders import load_paths

    with connect(autostart=True, echo=_echo_err) as graph:
        with Progress(
            TextColumn("[bold]loading[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=_stderr_console(),
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


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


# --- API ---------------------------------------------------------------------------

def _serve(host: str, port: int, workers: int = 1, access_log: bool = True) -> None:
    import uvicorn

    if workers > 1:
        # each worker process builds its own app (and Neo4j connection) from the factory
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="info", access_log=access_log)
        return
    from api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=access_log)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes. One Python process tops out at ~200 requests/s here "
                   "(benchmarks/README.md); 2 doubles that on two cores.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log one line per request.")
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the API (and explorer) over the configured Neo4j."""
    _serve(host, port, workers, access_log)


@main.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--data", "data_dir", default=SAMPLE_DIR, type=click.Path(path_type=Path),
              show_default="data/sample", help="Deal-history folder to load first.")
def demo(host: str, port: int, data_dir: Path) -> None:
    """The main job: start the local Neo4j (unless NEO4J_URI is set), load the sample, serve the API."""
    from graph.db import connect
    from loaders import load_paths

    cfg = settings()
    with connect(autostart=True, echo=_echo_err) as graph:
        report = load_paths(graph, [data_dir])
    click.echo(f"loaded {report.contracts} contracts from {data_dir}", err=True)
    click.echo(f"API on http://{host}:{port}/  (OpenAPI at /docs; Ctrl-C stops)", err=True)
    try:
        _serve(host, port)
    finally:
        if cfg.uses_local and os.environ.get("SUPPLYGRAPH_KEEP_NEO4J") != "1":
            local_neo4j.stop(cfg.local_dir)
            click.echo("stopped the local Neo4j (its data stays in .neo4j/)", err=True)


# --- saved queries -----------------------------------------------------------------

@main.command("queries")
def list_queries() -> None:
    """List the saved Cypher queries with their parameters."""
    from graph import query_library

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


def _render(columns: tuple[str, ...], rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        return out.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text, never runs: formula-like text gets a leading quote.

    Numbers stay numbers (so -5 is not quoted), but text such as ``-2+3`` is.
    """
    text = _cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    if text.startswith(_FORMULA_START) or (text.startswith("-") and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)


@main.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeatable); see `supplygraph queries`.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query(name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a saved query by name, read-only. Example:

        supplygraph query holders -p buyer="Met Police" -p tower=networks -p as_of=2019-06-01
    """
    from graph import query_library
    from graph.db import connect

    bound = _parse_params(params)
    query_library.get(name).bind(bound)  # report bad parameters before connecting
    with connect(autostart=True, echo=_echo_err) as graph:
        result = query_library.run(graph, name, bound, max_rows=None)  # analysts may export it all
    click.echo(_render(result.columns, result.rows, fmt))


main.add_command(__import__("api.cli_generate", fromlist=["generate"]).generate)

for _command in __import__("api.cli_explore", fromlist=["COMMANDS"]).COMMANDS: main.add_command(_command)

main.add_command(__import__("api.cli_orgs", fromlist=["orgs"]).orgs)


if __name__ == "__main__":
    main()
