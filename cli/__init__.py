"""The ``supplygraph`` command line: one module per command or group, registered in :mod:`.main`."""

from supplygraph.cli.main import main

__all__ = ["main"]
