"""Logging for the command line: messages on stderr, as plain lines; results stay on stdout."""

from __future__ import annotations

import logging

import click

#: -q, default, -v, -vv: the level of supplygraph's own messages
_LEVELS = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}


def configure(verbose: int = 0, quiet: bool = False) -> None:
    """Send log records to stderr: supplygraph's from INFO (DEBUG with -v, WARNING with -q), others' from WARNING.

    ``-vv`` shows every library's debug records too (the Neo4j driver's, say). Calling it
    again replaces the handler, so commands run in one process (tests) do not stack them.
    Uvicorn's loggers have their own handlers and do not propagate here.
    """
    step = -1 if quiet else min(verbose, 1)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose > 1 and not quiet else logging.WARNING)
    logging.getLogger("supplygraph").setLevel(_LEVELS[step])


class _StderrHandler(logging.Handler):
    """Writes through click, so the record goes to whatever stderr is now (rich's progress, a test runner)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:
            self.handleError(record)
