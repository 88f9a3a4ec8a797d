"""How complete the graph is, per publisher and year (``supplygraph sources``, ``GET /api/sources``)."""

from __future__ import annotations

from typing import Any

from supplygraph.graph import query_library
from supplygraph.graph.db import Graph

COLUMNS = (
    "publisher",
    "year",
    "files",
    "notices_read",
    "notices_loaded",
    "notices_rejected",
    "contracts",
    "with_tower",
    "it_other",
    "suppliers",
    "suppliers_with_identifier",
)


def sources(graph: Graph, publisher: str | None = None) -> list[dict[str, Any]]:
    """One row per publisher and year: notices read, loaded and rejected, contracts, towers, identifiers.

    Runs the saved query ``sources`` (queries/sources.cypher). ``publisher``
    keeps one publisher, written exactly as the answer lists it.
    """
    return query_library.run(graph, "sources", {"publisher": publisher}, max_rows=None).rows


__all__ = ["COLUMNS", "sources"]
