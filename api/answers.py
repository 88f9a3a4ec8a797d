"""Answers to GET questions: one READ transaction per request, cached in memory by graph version.

A request reads the graph's version (:mod:`graph.version`) first. The same question (path and query
string) at the same version is answered from memory: the JSON bytes made the first time. Otherwise
the names are resolved and the query run in one READ transaction (:class:`graph.db.TxGraph`) that
also reads the version, so the answer and the version it is filed under are one snapshot. Any
write, by any process, changes the version, so the next request misses and asks Neo4j.
docs/architecture.md has the design.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

import neo4j
from fastapi import Request, Response
from neo4j import ManagedTransaction
from pydantic import BaseModel
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool

from supplygraph.graph import query_library, version
from supplygraph.graph.db import Graph, TxGraph

logger = logging.getLogger(__name__)

Key = tuple[str, str]  # (path, query string in a canonical order)


class AnswerCache:
    """At most ``size`` answers (JSON bytes) of one graph version, least recently used dropped first.

    Answers of an earlier version are dropped as soon as a request sees a new one: they can never
    be served again. Used on the event loop only (:func:`answer` reads and files answers there, never
    in a worker thread), so it needs no lock.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.version: str | None = None
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[Key, bytes] = OrderedDict()
        self.probe = version.SharedProbe()  # the requests waiting at once share one version probe

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, at: str, key: Key) -> bytes | None:
        self._see(at)
        body = self._answers.get(key)
        if body is None:
            self.misses += 1
        else:
            self.hits += 1
            self._answers.move_to_end(key)
        return body

    def put(self, at: str, key: Key, body: bytes) -> None:
        if self.size <= 0 or at != self.version:
            return  # a slower request of an older version than the one seen since
        self._answers[key] = body
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def _see(self, at: str) -> None:
        if at != self.version:
            self._answers.clear()
            self.version = at


async def answer(request: Request, graph: Graph, compute: Callable[[Graph], BaseModel]) -> Response:
    """The JSON answer ``compute`` builds on a graph, from the cache when the graph has not changed.

    The graph's version is probed first (one auto-commit READ query, one round trip, shared with
    the requests that arrive while another probe is out: :class:`graph.version.SharedProbe`): an
    answer cached at that version is returned as it is, on the event loop. Otherwise ``compute`` runs,
    in a worker thread, in one READ transaction that reads the version again (so the answer is filed
    under the version its own snapshot saw) and gets a graph bound to that transaction: name lookups
    and the query share it. Errors propagate and are not cached.
    """
    cache: AnswerCache | None = getattr(request.app.state, "answers", None)
    if cache is None or cache.size <= 0:
        cache = None
    key: Key = (request.url.path, "&".join(sorted(str(request.query_params).split("&"))))
    if cache is not None:
        probed = (await cache.probe.current(graph)).id
        cached = None if probed is None else cache.get(probed, key)
        if cached is not None:
            return Response(content=cached, media_type="application/json")
    seen, body = await run_in_threadpool(_compute, graph, compute, cache is not None)
    if cache is not None and seen is not None:
        cache.put(seen, key, body)
    return Response(content=body, media_type="application/json")


def _compute(graph: Graph, compute: Callable[[Graph], BaseModel], versioned: bool) -> tuple[str | None, bytes]:
    @neo4j.unit_of_work(timeout=query_library.default_timeout())
    def work(tx: ManagedTransaction) -> tuple[str | None, bytes]:
        seen = version.read(tx).id if versioned else None
        return seen, to_json(compute(TxGraph(graph, tx)), by_alias=True)

    return graph.execute_read(work)
