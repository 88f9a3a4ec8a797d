"""The Neo4j connection shared by all requests, opened lazily.

The API starts even while Neo4j is down (it answers 503 until Neo4j is back)
and never needs a restart to recover: after a failure the connection is
re-resolved, so a local Neo4j that came back on another port is found too.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from supplygraph.graph.db import Graph, connect
from supplygraph.graph.errors import DatabaseUnavailableError
from supplygraph.graph.schema import ensure_schema

_lock = threading.Lock()


def open_graph(state: object) -> Graph:
    graph: Graph | None = getattr(state, "graph", None)
    if graph is not None:
        return graph
    with _lock:
        graph = getattr(state, "graph", None)
        if graph is None:
            graph = connect(autostart=False, retry_seconds=3.0)
            ensure_schema(graph)  # idempotent: constraints, indexes, canonical towers
            state.graph = graph  # type: ignore[attr-defined]
            state.owns_graph = True  # type: ignore[attr-defined]  # closed at shutdown; a graph handed in is not
    return graph


def forget(state: object, graph: Graph) -> None:
    """Drop a connection that failed, so the next request connects afresh."""
    if getattr(state, "owns_graph", False):
        with _lock:
            if getattr(state, "graph", None) is graph:
                state.graph = None  # type: ignore[attr-defined]
        graph.close()


async def get_graph(request: Request) -> AsyncIterator[Graph]:
    """The shared graph. Async so a request does not hop to a worker thread just to fetch it.

    Only the first connection (or a reconnection) blocks, and that goes to a thread.
    """
    state = request.app.state
    graph: Graph | None = getattr(state, "graph", None)
    if graph is None:
        graph = await run_in_threadpool(open_graph, state)
    try:
        yield graph
    except DatabaseUnavailableError:
        forget(state, graph)
        raise
