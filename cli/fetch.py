"""``supplygraph fetch``: OCDS release packages from Contracts Finder or Find a Tender into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supplygraph.cli.output import stderr_console
from supplygraph.graph.errors import ParameterError
from supplygraph.loaders.fetch import SOURCES, Fetcher, Page, parse_when, parse_window


@click.command("fetch")
@click.argument("source", type=click.Choice(sorted(SOURCES)))
@click.option("--since", required=True, help="Start of the range: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS.")
@click.option(
    "--until",
    default=None,
    help="End of the range, inclusive (a bare date runs to 23:59:59); default now (UTC), or the "
    "interrupted fetch's when resuming.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the pages (<source>-00001.json, ...) and the resume state.",
)
@click.option(
    "--base-url",
    default=None,
    help="Ask this server instead of the official API (a mirror, or a replay in tests); next links "
    "under the official address are followed on it [default: SUPPLYGRAPH_CONTRACTS_FINDER_URL or "
    "SUPPLYGRAPH_FIND_A_TENDER_URL, the official address].",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds between requests [default: SUPPLYGRAPH_CONTRACTS_FINDER_DELAY, 1, or "
    "SUPPLYGRAPH_FIND_A_TENDER_DELAY, 10].",
)
@click.option(
    "--window",
    default=None,
    help="Ask for the range in windows this long, e.g. 6h or 15d [default: 15d for contracts-finder, "
    "6h for find-a-tender].",
)
@click.option(
    "--attempts", type=click.IntRange(min=1), default=5, show_default=True, help="Tries per page before giving up."
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds to wait after a first failure without Retry-After, doubled after each further one.",
)
def fetch(
    source: str,
    since: str,
    until: str | None,
    out_dir: Path,
    base_url: str | None,
    delay: float | None,
    window: str | None,
    attempts: int,
    backoff: float,
) -> None:
    """Download OCDS release packages published from --since to --until into a folder.

    SOURCE is contracts-finder (Published/Notices/OCDS/Search, by publication date) or
    find-a-tender (api/1.0/ocdsReleasePackages, by last update). Each page of up to 100
    releases becomes one file; `supplygraph load DIR` reads them. An interrupted fetch
    (a failure after --attempts tries, or Ctrl-C) resumes from the page it stopped at
    when the same command is run again. Rate limits (HTTP 429, and Contracts Finder's
    403) and server errors are waited out, as Retry-After says or with backoff.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    try:
        start = parse_when(since)
        end = parse_when(until, end_of_day=True) if until else None
        length = parse_window(window) if window else None
    except ParameterError as exc:
        raise click.UsageError(str(exc)) from None
    with Fetcher(
        source,
        out_dir,
        start,
        end,
        base_url=base_url,
        delay=delay,
        window=length,
        attempts=attempts,
        backoff=backoff,
    ) as fetcher:
        state = fetcher.state
        console = stderr_console()
        if state.done:
            click.echo(f"{source} {state.since} to {state.until} is already complete in {out_dir}: {_summary(state)}")
            return
        if fetcher.resumed:
            console.print(
                f"resuming {source} {state.since} to {state.until}: {_summary(state)} already in {out_dir}",
                soft_wrap=True,
            )
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.fields[source]}[/bold] {task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task: Any = bar.add_task("starting", total=1.0, source=source)

            def on_page(page: Page) -> None:
                bar.update(
                    task,
                    completed=page.covered,
                    description=f"{page.number} pages, {page.total_releases} releases, to {page.window_end:%Y-%m-%d %H:%M}",
                )

            def on_wait(url: str, problem: str, seconds: float) -> None:
                bar.console.print(f"{problem} from {url}; retrying in {seconds:.3g} s", soft_wrap=True)

            state = fetcher.run(on_page=on_page, on_wait=on_wait)
    click.echo(f"fetched {source} {state.since} to {state.until} into {out_dir}: {_summary(state)}")


def _summary(state: Any) -> str:
    return f"{state.pages} page file(s), {state.releases} releases"
