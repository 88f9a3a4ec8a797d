"""``supplygraph serve`` and ``supplygraph demo``: the API and explorer over HTTP."""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import click

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import settings

logger = logging.getLogger(__name__)

SAMPLE_DIR = Path(str(resources.files("supplygraph") / "sample"))


def _serve(host: str, port: int, workers: int = 1, access_log: bool = True) -> None:
    import uvicorn

    fast = settings().api_server == "fast"
    # auto: uvloop and httptools where installed (with supplygraph, but for uvloop on Windows)
    loop: Literal["auto", "asyncio"] = "auto" if fast else "asyncio"
    http: Literal["auto", "h11"] = "auto" if fast else "h11"
    if workers > 1:
        # each worker process builds its own app (and Neo4j connection) from the factory
        app: Any = "supplygraph.api.app:create_app"
    else:
        from supplygraph.api.app import create_app

        app = create_app()
    uvicorn.run(
        app,
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="info",
        access_log=access_log,
        loop=loop,
        http=http,
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes. One Python process tops out at ~200 requests/s here "
    "(benchmarks/README.md); 2 doubles that on two cores.",
)
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log one line per request.")
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the API (and explorer) over the configured Neo4j."""
    _serve(host, port, workers, access_log)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--data",
    "data_dir",
    default=SAMPLE_DIR,
    type=click.Path(path_type=Path),
    show_default="the sample shipped with supplygraph (data/sample)",
    help="Deal-history folder to load first.",
)
def demo(host: str, port: int, data_dir: Path) -> None:
    """The main job: start the local Neo4j (unless NEO4J_URI is set), load the sample, serve the API."""
    from supplygraph.graph.db import connect
    from supplygraph.loaders import load_paths

    cfg = settings()
    with _stop_on_sigterm():
        try:
            with connect(autostart=True) as graph:
                report = load_paths(graph, [data_dir])
            logger.info("loaded %d contracts from %s", report.contracts, data_dir)
            logger.info("API on http://%s:%d/  (OpenAPI at /docs; Ctrl-C or SIGTERM stops)", host, port)
            _serve(host, port)
        except _Terminated:
            logger.info("stopping on SIGTERM")
        finally:
            if cfg.uses_local and not cfg.keep_neo4j:
                local_neo4j.stop(cfg.local_dir)
                logger.info("stopped the local Neo4j (its data stays in %s)", cfg.local_dir)


class _Terminated(BaseException):
    """SIGTERM arrived: stop as Ctrl-C does (not an Exception, so nothing on the way swallows it)."""


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM (systemd, Docker, a CI runner) into a clean stop that runs ``finally`` blocks.

    Uvicorn shuts down on SIGTERM, then raises the signal again with the handler it found; by
    default that kills the process at once, before the local Neo4j could be stopped.
    """

    def terminated(signum: int, frame: object) -> None:
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
