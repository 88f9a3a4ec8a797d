"""Backup and restore of the local Neo4j with Neo4j's own tools (``neo4j-admin database dump|load``).

The tools come from the same Maven jars as the local server (neo4j-command-line), so nothing else
is installed. Community edition dumps a stopped database: a running local server is stopped for
the dump or load and started again afterwards. A dump is Neo4j's own format: ``neo4j-admin
database load`` on any Neo4j 5.26 server restores it (docs/operations.md).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import child_environment
from supplygraph.graph.errors import LocalNeo4jError, ParameterError

logger = logging.getLogger(__name__)

DATABASE = "neo4j"


def backup(data_dir: Path, file: Path) -> Path:
    """Dump the local graph in ``data_dir`` to ``file`` (written whole or not at all); returns the file."""
    data_dir = data_dir.resolve()
    if not (data_dir / "db" / "data" / "databases" / DATABASE).is_dir():
        raise ParameterError(f"there is no local graph in {data_dir} to back up")
    file = file.resolve()
    if file.is_dir():
        raise ParameterError(f"{file} is a directory: give the backup file's name, e.g. {file / 'supplygraph.dump'}")
    file.parent.mkdir(parents=True, exist_ok=True)
    with _stopped(data_dir), tempfile.TemporaryDirectory(dir=file.parent, prefix=".backup-") as tmp:
        _admin(data_dir, "dump", DATABASE, f"--to-path={tmp}")
        os.replace(Path(tmp) / f"{DATABASE}.dump", file)
    logger.info("backed up the local graph in %s to %s (%d bytes)", data_dir, file, file.stat().st_size)
    return file


def restore(data_dir: Path, file: Path, force: bool = False) -> None:
    """Replace the local graph in ``data_dir`` with the dump in ``file``.

    Refuses to replace a graph that exists unless ``force``: a restore loses what is there.
    """
    data_dir = data_dir.resolve()
    file = file.resolve()
    if not file.is_file():
        raise ParameterError(f"no backup file {file}")
    if (data_dir / "db" / "data" / "databases" / DATABASE).is_dir() and not force:
        raise ParameterError(
            f"the local graph in {data_dir} has data, and a restore replaces all of it: "
            "back it up first, then restore with --force"
        )
    with _stopped(data_dir, start_anyway=True), tempfile.TemporaryDirectory(prefix="supplygraph-restore-") as tmp:
        shutil.copyfile(file, Path(tmp) / f"{DATABASE}.dump")  # load reads <database>.dump from a folder
        _admin(data_dir, "load", DATABASE, f"--from-path={tmp}", "--overwrite-destination=true")
    logger.info("restored the local graph in %s from %s", data_dir, file)


class _stopped:
    """Stop the local server for the work, and start it again if it ran (or ``start_anyway``)."""

    def __init__(self, data_dir: Path, start_anyway: bool = False) -> None:
        self.data_dir = data_dir
        self.start_anyway = start_anyway
        self.was_running = False

    def __enter__(self) -> None:
        self.was_running = local_neo4j.stop(self.data_dir)
        if self.was_running:
            logger.info("stopped the local Neo4j for the dump/load; it starts again afterwards")

    def __exit__(self, *exc: object) -> None:
        if self.was_running or (self.start_anyway and exc[0] is None):
            local_neo4j.start(self.data_dir)


def _admin(data_dir: Path, command: str, *args: str) -> None:
    run_admin(data_dir, ["database", command, *args])


@dataclass(frozen=True)
class AdminRun:
    """What a neo4j-admin run printed, and the peak resident memory of its JVM."""

    output: str
    peak_rss_mb: float


def run_admin(data_dir: Path, args: list[str]) -> AdminRun:
    """Run ``neo4j-admin ARGS`` (from the local server's jars) on the local Neo4j in ``data_dir``, stopped."""
    rt = local_neo4j.ensure_runtime()
    java = shutil.which("java")
    if java is None:
        raise LocalNeo4jError("java not found on PATH: neo4j-admin needs Java 17")
    home = data_dir / "db"
    (home / "data").mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="supplygraph-admin-conf-") as conf,
        tempfile.TemporaryFile("w+") as out,
    ):
        (Path(conf) / "neo4j.conf").write_text("# neo4j-admin for supplygraph's local Neo4j\n")
        proc = subprocess.Popen(
            [java, "-cp", f"{rt / 'lib'}/*", "org.neo4j.cli.AdminTool", *args],
            env=child_environment(NEO4J_HOME=str(home), NEO4J_CONF=conf),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        tail = output.strip().splitlines()[-10:]
        raise LocalNeo4jError(f"neo4j-admin {' '.join(args[:3])} failed:\n" + "\n".join(tail))
    return AdminRun(output, usage.ru_maxrss / 1024)
