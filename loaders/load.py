"""Loading files into the graph: which passes run, in which order, and the report of what loaded.

:func:`load_paths` checks every file completely before it writes anything, so
bad input leaves the graph exactly as it was, then writes in idempotent
batches. Deal-history CSV files and OCDS JSON go through the same plan and
writer; a Contracts Finder CSV export is read as OCDS-like units, one per
notice, and planned and written as OCDS. Neither pass holds a file's rows:
both re-read the files.

With a rejects file, bad records are written there with their reason instead
of stopping the load, and the rest loads. A record is a CSV data row, an OCDS
release or record (or a JSON line that is not one), or a whole file that
cannot be split into records (empty, not UTF-8, truncated JSON, bad header).
Every input record is counted as loaded or rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from supplygraph.graph.db import Graph
from supplygraph.graph.org_corrections import reapply as reapply_corrections
from supplygraph.graph.organisations import OrgIndex
from supplygraph.graph.schema import ensure_schema
from supplygraph.loaders.coverage import UNREADABLE, write_coverage
from supplygraph.loaders.detect import expand
from supplygraph.loaders.plan import Plan, check
from supplygraph.loaders.rejects import RejectsFile
from supplygraph.loaders.touched import LoadTouches
from supplygraph.loaders.write import Progress, write


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    organisations: int = 0
    new_organisations: int = 0
    contracts: int = 0
    rows_in: int = 0  # input records (see the module docstring): always rows_loaded + rows_rejected
    rows_loaded: int = 0  # accepted: written, or an exact repeat / older OCDS release of what was written
    rows_rejected: int = 0  # written to the rejects file (only with one)
    files_rejected: list[str] = field(default_factory=list)  # rejected whole
    ambiguous_names: int = 0  # names that matched several organisations, resolved by the rule (graph.resolution)


def load_paths(
    graph: Graph,
    paths: Sequence[Path],
    progress: Progress | None = None,
    fmt: str | None = None,
    rejects: Path | None = None,
) -> LoadReport:
    """Check all files, then write them; raise InputError before writing anything bad.

    ``fmt`` forces how files are read (one of :data:`~supplygraph.loaders.detect.FORMATS`); by default
    CSV (deal history or a Contracts Finder export) by header and OCDS by
    suffix and content. With ``rejects`` (a CSV file to create), bad records
    go there with their reason and the rest loads; the report counts records
    in, loaded and rejected.
    """
    ensure_schema(graph)
    sink = RejectsFile(rejects) if rejects is not None else None
    try:
        files = expand(paths, fmt, sink)
        plan = Plan(OrgIndex.from_graph(graph), sink)
        try:
            check(plan, files, fmt or "auto")
            if sink is not None:
                sink.flush()
            touches = LoadTouches(graph)
            try:
                written = write(graph, plan, touches, progress)
            finally:
                graph.new_version()  # once for all the batches (written in parallel, without bumping)
            reapply_corrections(graph)  # an analyst's merges and splits outlive what the files say
            if sink is not None:
                for path in sink.whole_files:
                    if not any(key[0] == path for key in plan.coverage.counts):
                        plan.coverage.count(path, UNREADABLE, None, loaded=False)
            write_coverage(graph, plan.coverage)
            touches.finish()  # the tenure layer, re-derived where this load touched it
        finally:
            plan.close()
    finally:
        if sink is not None:
            sink.close()
    files_rejected = list(sink.whole_files) if sink is not None else []
    return LoadReport(
        files=[str(p) for _, p in files],
        organisations=written.organisations,
        new_organisations=written.new_organisations,
        contracts=written.contracts,
        rows_in=plan.rows_in + len(files_rejected),
        rows_loaded=plan.rows_loaded,
        rows_rejected=sink.count if sink is not None else 0,
        files_rejected=files_rejected,
        ambiguous_names=len(plan.index.ambiguous),
    )


__all__ = ["LoadReport", "load_paths"]
