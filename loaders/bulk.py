"""Bulk import into an empty database: the check pass, import files, Neo4j's offline importer, then the schema
and the derived layers.

:func:`bulk_load` checks the files exactly as ``load`` does (a bad row stops it before
anything is written, or goes to the rejects file), writes what the write pass would
write as CSV (:mod:`supplygraph.loaders.bulk_files`), and builds the store with
``neo4j-admin database import full``, which writes store files without
transactions. The local Neo4j is stopped for the import and started again; then
:func:`after_import` creates the constraints and indexes, sets what the importer
cannot write (empty lists), re-applies analysts' corrections, stores the coverage
counts (notices read, loaded and rejected per file) and derives the
tenure layer and the contract succession (``SUCCEEDS``) for every buyer.

It refuses a database that has a graph (:class:`~supplygraph.graph.errors.DatabaseNotEmptyError`):
the import replaces the whole database. Against a server that is not the local
one (``NEO4J_URI``), it writes the files and returns the command to run there;
``supplygraph load --after-import DIR`` then finishes against that server.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from supplygraph.graph import derived, local_backup, local_neo4j
from supplygraph.graph.config import Settings, settings
from supplygraph.graph.db import Graph, connect
from supplygraph.graph.errors import DatabaseNotEmptyError, ParameterError
from supplygraph.graph.org_corrections import reapply as reapply_corrections
from supplygraph.graph.organisations import OrgIndex
from supplygraph.graph.schema import ensure_schema
from supplygraph.loaders.bulk_files import AFTER_IMPORT, ImportFiles, write_import_files
from supplygraph.loaders.coverage import UNREADABLE, write_coverage_params
from supplygraph.loaders.detect import expand
from supplygraph.loaders.plan import Plan, check
from supplygraph.loaders.rejects import RejectsFile
from supplygraph.loaders.write import Progress

log = logging.getLogger(__name__)

DEFAULT_DATABASE = "neo4j"


@dataclass
class BulkReport:
    """What a bulk import did; ``command`` (and no import) when the server is not the local one."""

    files: list[str]
    contracts: int
    organisations: int
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    folder: Path
    command: str | None = None
    importer_peak_rss_mb: float | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # per step: check, files, import, start, after


def bulk_load(
    paths: Sequence[Path],
    folder: Path | None = None,
    fmt: str | None = None,
    rejects: Path | None = None,
    cfg: Settings | None = None,
    progress: Progress | None = None,
) -> BulkReport:
    """Check ``paths``, write import files into ``folder`` and import them into the configured, empty database.

    ``folder`` defaults to ``import/`` in the local Neo4j's folder, or ``supplygraph-import`` in the
    working directory for a remote server (the files are kept: a remote server needs them copied over).
    """
    cfg = cfg or settings()
    database = cfg.database or DEFAULT_DATABASE
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    sink = RejectsFile(rejects) if rejects is not None else None
    try:
        files = expand(paths, fmt, sink)
        if _no_local_database(cfg, database):  # nothing to look at: no need to start the server
            plan = Plan(OrgIndex(), sink)
        else:
            with connect(cfg, autostart=True) as graph:
                refuse_unless_empty(graph)
                plan = Plan(OrgIndex.from_graph(graph), sink)
        try:
            check(plan, files, fmt or "auto")
            if sink is not None:
                sink.flush()
                for path in sink.whole_files:  # counted for coverage as load_paths counts them
                    if not any(key[0] == path for key in plan.coverage.counts):
                        plan.coverage.count(path, UNREADABLE, None, loaded=False)
            seconds["check"] = _lap(started)
            target = folder or (cfg.local_dir / "import" if cfg.uses_local else Path("supplygraph-import"))
            written = write_import_files(plan, target.resolve(), progress)
            seconds["files"] = _lap(started, seconds)
        finally:
            plan.close()
    finally:
        if sink is not None:
            sink.close()
    report = BulkReport(
        files=[str(p) for _, p in files],
        contracts=written.contracts,
        organisations=written.organisations,
        rows_in=plan.rows_in + (len(sink.whole_files) if sink is not None else 0),
        rows_loaded=plan.rows_loaded,
        rows_rejected=sink.count if sink is not None else 0,
        folder=written.folder,
        seconds=seconds,
    )
    if not cfg.uses_local:
        report.command = server_command(written, database)
        return report
    local_neo4j.stop(cfg.local_dir)
    seconds["stop"] = _lap(started, seconds)
    run = local_backup.run_admin(cfg.local_dir, written.arguments(database))
    report.importer_peak_rss_mb = run.peak_rss_mb
    log.info("neo4j-admin: %s", _summary(run.output))
    seconds["import"] = _lap(started, seconds)
    with connect(cfg, autostart=True) as graph:
        seconds["start"] = _lap(started, seconds)
        after_import(graph, written.folder)
    seconds["after"] = _lap(started, seconds)
    if folder is None:  # the default folder: the graph has it all now
        shutil.rmtree(written.folder, ignore_errors=True)
    return report


def _no_local_database(cfg: Settings, database: str) -> bool:
    """The local Neo4j is stopped and has never had the database: it is empty without asking it."""
    if not cfg.uses_local or local_neo4j.status(cfg.local_dir).running:
        return False
    return not (cfg.local_dir / "db" / "data" / "databases" / database).exists()


def refuse_unless_empty(graph: Graph) -> None:
    """Raise DatabaseNotEmptyError unless the graph has nothing but the canonical towers, their names and its version."""
    rows = graph.read(
        "MATCH (n) WHERE NOT n:ServiceTower AND NOT n:GraphVersion "
        "AND NOT (n:Alias AND NOT EXISTS { (n)-[:ALIAS_OF]->(:Organisation) }) "
        "WITH coalesce(head(labels(n)), 'unlabelled') AS label RETURN label, count(*) AS nodes ORDER BY nodes DESC"
    )
    if rows:
        found = ", ".join(f"{r['nodes']:,} {r['label']}" for r in rows[:4])
        raise DatabaseNotEmptyError(
            f"bulk import builds a new database and replaces everything in it, and this one has a graph "
            f"({found} nodes): load into it with `supplygraph load` instead, or back it up "
            "(`supplygraph backup FILE`) and start from an empty database"
        )


def after_import(graph: Graph, folder: Path) -> None:
    """The steps after neo4j-admin: schema, the lists it cannot write, corrections, tenure and succession."""
    path = folder / AFTER_IMPORT
    if not path.is_file():
        raise ParameterError(f"{folder} has no {AFTER_IMPORT}: it is not a folder `load --bulk` wrote")
    after = json.loads(path.read_text(encoding="utf-8"))
    ensure_schema(graph)
    _set_empty_lists(graph, [tuple(x) for x in after["empty_lists"]])
    reapply_corrections(graph)
    write_coverage_params(graph, after["coverage"])
    started = time.perf_counter()
    written = derived.refresh_all(graph)  # the same step every write command ends with, over the whole graph
    log.info(
        "derived layers (tenures, contract succession): %d written in %.1fs", written, time.perf_counter() - started
    )


def server_command(files: ImportFiles, database: str) -> str:
    """The neo4j-admin command to run on the server, in the folder the import files were copied to."""
    args = " ".join(shlex.quote(a) for a in files.arguments(database, relative=True))
    return f"cd {shlex.quote(files.folder.name)} && neo4j-admin {args}"


_PROPERTY = re.compile(r"^[a-z_]+$")


def _set_empty_lists(graph: Graph, entries: list[tuple[str, ...]]) -> None:
    by_target: dict[tuple[str, str], list[str]] = {}
    for label, prop, node_id in entries:
        if not (_PROPERTY.match(prop) and label in ("Organisation", "ServiceTower")):
            raise ParameterError(f"{AFTER_IMPORT}: unexpected list {label}.{prop}")
        by_target.setdefault((label, prop), []).append(node_id)
    for (label, prop), ids in by_target.items():
        graph.write(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) SET n.{prop} = []", {"ids": ids})


def _summary(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.startswith("IMPORT DONE")), None)
    return " ".join(x for x in lines[start:] if x) if start is not None else (lines[-1] if lines else "")


def _lap(started: float, seconds: dict[str, float] | None = None) -> float:
    """Seconds since ``started`` less the steps already counted."""
    return time.perf_counter() - started - sum((seconds or {}).values())


__all__ = ["BulkReport", "after_import", "bulk_load", "refuse_unless_empty", "server_command"]
