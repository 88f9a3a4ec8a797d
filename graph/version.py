"""The graph's version: one ``(:GraphVersion)`` node that every write transaction changes.

:meth:`graph.db.Graph.execute_write` bumps it as the last statement of each write transaction, so
a version names one state of the graph exactly: whoever wrote (a load, ``orgs merge``, another
process), the next reader sees a new version. The API caches answers by it (:mod:`api.answers`).
``id`` is random per write, so a graph wiped or restored from a dump (whose counter ``n`` may be
lower) never reuses an earlier version's id.
"""

from __future__ import annotations

import threading
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
    """:func:`current` for many threads at once: callers waiting together share one probe.

    A caller is given the result of a probe that *started* after it asked, so a write committed
    before it asked is always seen, as with its own probe. While a probe is out, the callers that
    arrive wait for the next one, which the first of them sends when the probe out returns: under
    load, one round trip answers every request that arrived during the one before. A failed probe
    raises in the caller that sent it; the others send the next.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._sent = 0  # probes sent, numbered 1, 2, ...
        self._answered = 0  # the number of the latest probe that returned
        self._last = Version(0, None)
        self._out = False
        self.probes = 0  # probes that returned (for tests and figures)
        self.waiting = 0  # callers waiting for a probe to return

    def current(self, graph: Probe) -> Version:
        with self._changed:
            wanted = self._sent + 1  # the next probe sent starts after this call
            while self._answered < wanted:
                if self._out:
                    self.waiting += 1
                    self._changed.wait()
                    self.waiting -= 1
                    continue
                self._sent += 1
                mine = self._sent
                self._out = True
                try:
                    self._changed.release()
                    try:
                        found = current(graph)
                    finally:
                        self._changed.acquire()
                except BaseException:
                    self._out = False
                    self._changed.notify_all()
                    raise
                self._out = False
                self._answered, self._last = mine, found
                self.probes += 1
                self._changed.notify_all()
            return self._last


def _version(rows: list[dict[str, Any]]) -> Version:
    if not rows:
        return Version(0, None)
    return Version(int(rows[0]["n"] or 0), rows[0]["id"])


_BUMP = """
MERGE (v:GraphVersion {key: 'graph'})
SET v.n = coalesce(v.n, 0) + 1, v.id = randomUUID(), v.written_at = datetime()
"""
_READ = "MATCH (v:GraphVersion {key: 'graph'}) RETURN v.n AS n, v.id AS id LIMIT 1"
