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

from supplygraph.graph.config import settings
from supplygraph.graph.db import Graph, connect, resolve_uri
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
    """After a request found Neo4j unavailable: connect afresh next time if Neo4j is no longer where it was.

    The driver is shared by every request in flight. While Neo4j is still at the same address (a
    remote ``NEO4J_URI``, or the local one on the same port) it is kept: its pool replaces broken
    connections by itself, and closing it would fail every other request in flight with it (one
    timeout under load became a burst of errors, then a reconnection that stalled the worker).
    """
    if not getattr(state, "owns_graph", False):
        return
    try:
        moved = resolve_uri(settings(), autostart=False) != graph.uri
    except DatabaseUnavailableError:
        moved = True  # the local Neo4j is not running: the next request says so
    if not moved:
        return
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
