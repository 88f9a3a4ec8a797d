"""The graph's version: one ``(:GraphVersion)`` node that every write transaction changes.

:meth:`graph.db.Graph.execute_write` bumps it as the last statement of each write transaction, so
a version names one state of the graph exactly: whoever wrote (a load, ``orgs merge``, another
process), the next reader sees a new version. The API caches answers by it (:mod:`api.answers`).
``id`` is random per write, so a graph wiped or restored from a dump (whose counter ``n`` may be
lower) never reuses an earlier version's id.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from neo4j import ManagedTransaction


class Probe(Protocol):
    """What :func:`current` needs of a :class:`graph.db.Graph` (which imports this module: no import back)."""

    def read_once(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...


LABEL = "GraphVersion"


@dataclass(frozen=True)
class Version:
    n: int  # how many write transactions have committed (since the node was created)
    id: str | None  # random per write; None for a graph no write of this version of supplygraph has touched


def bump(tx: ManagedTransaction) -> None:
    """Give the graph a new version, in the caller's write transaction."""
    tx.run(_BUMP).consume()


def read(tx: ManagedTransaction) -> Version:
    """The version the caller's transaction sees (one index seek)."""
    return _version(tx.run(_READ).data())


def current(graph: Probe) -> Version:
    """The version now, in one auto-commit READ query (one round trip)."""
    return _version(graph.read_once(_READ))


class SharedProbe:
    """:func:`current` for the requests of one event loop: callers waiting together share one probe.

    A caller is given the result of a probe that *started* after it asked, so a write committed
    before it asked is always seen, as with its own probe. The first caller sends a probe (in a
    worker thread: the driver blocks); callers that arrive while it is out share the next one, sent
    as soon as it returns: under load, one round trip answers every request that arrived during the
    one before. The event loop never blocks, so an answer served from memory needs no worker thread
    and does not queue for the threads (and the GIL) behind the requests that ask Neo4j. A failed
    probe raises in every caller that waited for it; the next caller sends another.
    """

    def __init__(self) -> None:
        self._out: asyncio.Future[Version] | None = None  # what the probe in flight will give
        self._next: asyncio.Future[Version] | None = None  # what the probe after it will give
        self._graph: Probe | None = None  # the graph the latest caller asked (after a reconnection, the new one)
        self.probes = 0  # probes that returned (for tests and figures)

    @property
    def waiting(self) -> bool:
        """Whether callers wait for a probe not sent yet."""
        return self._next is not None

    async def current(self, graph: Probe) -> Version:
        self._graph = graph
        if self._out is None:
            wanted = self._send(asyncio.get_running_loop().create_future(), graph)
        else:
            if self._next is None:
                self._next = asyncio.get_running_loop().create_future()
            wanted = self._next
        return await asyncio.shield(wanted)  # a caller that goes away does not cancel what others wait for

    def _send(self, into: asyncio.Future[Version], graph: Probe) -> asyncio.Future[Version]:
        self._out = into
        sent = asyncio.get_running_loop().run_in_executor(None, current, graph)
        sent.add_done_callback(lambda done: self._returned(into, done))
        return into

    def _returned(self, into: asyncio.Future[Version], done: asyncio.Future[Version]) -> None:
        self.probes += 1
        if done.cancelled():
            into.cancel()
        elif (error := done.exception()) is not None:
            into.set_exception(error)
            into.exception()  # marked retrieved: no "never retrieved" warning when its callers went away
        else:
            into.set_result(done.result())
        self._out = None
        if self._next is not None and self._graph is not None:
            waiting, self._next = self._next, None
            self._send(waiting, self._graph)


def _version(rows: list[dict[str, Any]]) -> Version:
    if not rows:
        return Version(0, None)
    return Version(int(rows[0]["n"] or 0), rows[0]["id"])


_BUMP = """
MERGE (v:GraphVersion {key: 'graph'})
SET v.n = coalesce(v.n, 0) + 1, v.id = randomUUID(), v.written_at = datetime()
"""
_READ = "MATCH (v:GraphVersion {key: 'graph'}) RETURN v.n AS n, v.id AS id LIMIT 1"
