"""The re-procurement pipeline: what is ending soon, and what is out to tender."""

from __future__ import annotations

from datetime import date
from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError

MAX_MONTHS = 600


def expiring(graph: Graph, start: date, months: int = 12) -> list[dict[str, Any]]:
    """Holding contracts whose end falls in [start, start + months)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ParameterError(f"months must be between 1 and {MAX_MONTHS}")
    return query_library.run(graph, "expiring", {"from": start, "months": months}).rows


def open_processes(graph: Graph, buyer: str | None = None) -> list[dict[str, Any]]:
    """Open procurement processes, optionally one buyer's (an id, name or alias)."""
    chosen = None if buyer is None else lookup.organisation(graph, buyer, role="buyer")
    return query_library.run(graph, "open-processes", {"buyer": chosen}).rows
