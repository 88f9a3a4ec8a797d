"""The Neo4j connection shared by all requests, opened lazily.

The API starts even while Neo4j is down (it answers 503 until Neo4j is back)
and never needs a restart to recover.
"""

from __future__ import annotations

import threading

from fastapi import Request

from graph.db import Graph, connect
from graph.schema import ensure_schema

_lock = threading.Lock()


def get_graph(request: Request) -> Graph:
    state = request.app.state
    graph: Graph | None = getattr(state, "graph", None)
    if graph is not None:
        return graph
    with _lock:
        graph = getattr(state, "graph", None)
        if graph is None:
            graph = connect(autostart=False, retry_seconds=3.0)
            ensure_schema(graph)  # idempotent: constraints, indexes, canonical towers
            state.graph = graph
            state.owns_graph = True  # closed at shutdown; a graph handed in by a caller is not
    return graph
