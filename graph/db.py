"""One way to reach Neo4j: the configured URI, or the project's local server.

Reads run in READ transactions (so a saved query cannot write, even by
accident) in the driver's read access mode, so on a cluster (``neo4j://``
routing) they go to a follower or read replica; writes go through managed write
transactions, sent to the leader and retried by the driver on transient errors
and on a leader change. Every write transaction also bumps the graph's version
(:mod:`graph.version`) as its last statement.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import neo4j
import neo4j.time
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import DatabaseError, ServiceUnavailable, SessionExpired, TransientError

from supplygraph.graph import local_neo4j, version
from supplygraph.graph.config import Settings, settings
from supplygraph.graph.errors import DatabaseUnavailableError

T = TypeVar("T")
logger = logging.getLogger(__name__)


def row(record: neo4j.Record) -> dict[str, Any]:
    """``record.data()``, without its walk through every value when no value needs converting.

    ``data()`` turns nodes, relationships and paths (at any depth) into dicts and lists; other values,
    dates included, it returns as they are. Most answers hold only scalars and lists of scalars; for
    them, skipping the walk took the succession query's p50 from 6.5 to 4.9 ms and the whole-graph
    consolidations from 2.6-4.0 to 1.8-2.2 s (100k generated contracts, measured once by hand;
    ``make bench-tenure`` gives the figures kept in benchmarks/README.md).
    """
    values = record.values()
    if all(map(_as_is, values)):
        return dict(zip(record.keys(), values, strict=True))
    return record.data()


def _as_is(value: Any) -> bool:
    """True when ``record.data()`` would return ``value`` unchanged: a scalar or temporal value, or lists of them."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is not list:
        return False
    kinds = set(map(type, value))
    if kinds <= _SCALARS:
        return True
    return kinds <= _SCALARS_AND_LISTS and all(map(_as_is, value))


_SCALARS = frozenset(
    {str, int, float, bool, type(None), neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration}
)
_SCALARS_AND_LISTS = _SCALARS | {list}


class Batch(list[Any]):
    """Rows sent as one query parameter; the same list, with a short ``repr``.

    The driver (neo4j 5.28.8, and still 6.4.1) formats every RUN message for its debug log,
    ``" ".join(map(repr, fields))``, even when debug logging is off: for a batch of thousands of rows
    that ``repr`` was 5% of the tenure layer's time at 100k contracts (py-spy, by hand). Packing is
    unchanged.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class Graph:
    """A driver plus the database to use; cheap to share across threads."""

    def __init__(self, driver: neo4j.Driver, database: str | None, uri: str) -> None:
        self.driver = driver
        self.database = database
        self.uri = uri

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> list[dict[str, Any]]:
        """Run one query in a READ transaction and return its rows as dicts.

        With ``max_rows``, reading stops after ``max_rows + 1`` rows, so a caller
        can tell an answer is too big without holding all of it.
        """

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            rows = []
            for record in tx.run(query, dict(params or {})):
                rows.append(row(record))
                if max_rows is not None and len(rows) > max_rows:
                    break
            return rows

        return self.execute_read(work)

    def read_once(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """One short query in an auto-commit READ transaction: one round trip instead of a managed
        transaction's three, and not retried (for a cheap probe, like the graph's version, per request)."""
        with self._session(neo4j.READ_ACCESS) as session:
            return _unavailable_as_error(lambda: session.run(query, dict(params or {})).data(), self.uri)

    def execute_read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._session(neo4j.READ_ACCESS) as session:
            return _unavailable_as_error(lambda: session.execute_read(work), self.uri)

    def execute_write(self, work: Callable[[ManagedTransaction], T], bump: bool = True) -> T:
        """Run ``work`` in a managed write transaction that also gives the graph a new version.

        ``bump=False`` only for writes that run in parallel (a load's batches): they would queue on
        the version node; their caller gives the graph one new version when they are done.
        """

        def work_then_bump(tx: ManagedTransaction) -> T:
            done = work(tx)
            if bump:
                version.bump(tx)  # last, so the version node is locked only from here to the commit
            return done

        with self._session(neo4j.WRITE_ACCESS) as session:
            return _unavailable_as_error(lambda: session.execute_write(work_then_bump), self.uri)

    def write(self, query: str, params: Mapping[str, Any] | None = None, bump: bool = True) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [row(record) for record in tx.run(query, dict(params or {}))]

        return self.execute_write(work, bump)

    def new_version(self) -> None:
        """Give the graph a new version (after writes made with ``bump=False``)."""
        self.execute_write(lambda tx: None)

    def write_schema(self, statement: str) -> None:
        """A schema statement (constraint, index): in a transaction of its own, which cannot also write data."""
        with self._session(neo4j.WRITE_ACCESS) as session:
            _unavailable_as_error(lambda: session.execute_write(lambda tx: tx.run(statement).consume()), self.uri)

    def _session(self, mode: str) -> neo4j.Session:
        return self.driver.session(database=self.database, default_access_mode=mode)


class TxGraph(Graph):
    """A :class:`Graph` whose reads all run in one open READ transaction.

    Handed to code written against :class:`Graph` (name lookups, saved queries) so that a whole
    answer (resolve the names, run the query) is one transaction: one snapshot, one round of
    BEGIN/COMMIT. Writes are refused; the transaction's own timeout applies, not ``timeout``.
    """

    def __init__(self, graph: Graph, tx: ManagedTransaction) -> None:
        super().__init__(graph.driver, graph.database, graph.uri)
        self.tx = tx

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> list[dict[str, Any]]:
        del timeout  # set once for the whole transaction by whoever opened it
        rows = []
        for record in self.tx.run(query, dict(params or {})):
            rows.append(row(record))
            if max_rows is not None and len(rows) > max_rows:
                break
        return rows

    def execute_read(self, work: Callable[[ManagedTransaction], T]) -> T:
        return work(self.tx)

    def execute_write(self, work: Callable[[ManagedTransaction], T], bump: bool = True) -> T:
        raise TypeError("a read transaction cannot write")

    def write_schema(self, statement: str) -> None:
        raise TypeError("a read transaction cannot change the schema")

    def close(self) -> None:
        """The driver belongs to the graph this was made from."""


def _unavailable_as_error(call: Callable[[], T], uri: str) -> T:
    """Neo4j gone, going or failing (after the driver's retries) is one error: unavailable."""
    try:
        return call()
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailableError(f"Neo4j at {uri} is unavailable: {exc}") from exc
    except (TransientError, DatabaseError) as exc:
        # e.g. Neo.TransientError.General.DatabaseUnavailable while it shuts down or starts
        raise DatabaseUnavailableError(f"Neo4j at {uri} is unavailable: {exc.code}: {exc.message}") from exc


def resolve_uri(cfg: Settings, autostart: bool) -> str:
    if cfg.uri:
        return cfg.uri
    state = local_neo4j.status(cfg.local_dir)
    if state.running and state.uri:
        return state.uri
    if not autostart:
        raise DatabaseUnavailableError(
            f"no NEO4J_URI set and the local Neo4j in {cfg.local_dir} is not running: "
            "run `supplygraph neo4j start` or set NEO4J_URI"
        )
    uri = local_neo4j.start(cfg.local_dir)
    logger.info("Local Neo4j running at %s (data in %s)", uri, cfg.local_dir)
    return uri


def connect(
    cfg: Settings | None = None,
    autostart: bool = False,
    retry_seconds: float = 30.0,
) -> Graph:
    """Open a driver to the configured Neo4j and check it answers.

    ``retry_seconds`` bounds how long a transaction is retried while Neo4j is
    unreachable: long for loads, short for the API so it answers 503 quickly.
    """
    cfg = cfg or settings()
    uri = resolve_uri(cfg, autostart)
    auth = None if cfg.uses_local else (cfg.user, cfg.password.get_secret_value())
    driver = GraphDatabase.driver(
        uri,
        auth=auth,
        max_connection_pool_size=64,
        max_transaction_retry_time=retry_seconds,
        connection_timeout=min(retry_seconds, 15.0),
        connection_acquisition_timeout=max(retry_seconds, 5.0),
        # "unknown label" hints for labels no load has created yet are noise to users
        notifications_min_severity="OFF",
    )
    try:
        driver.verify_connectivity()
    except Exception as exc:
        driver.close()
        raise DatabaseUnavailableError(f"cannot reach Neo4j at {uri}: {exc}") from exc
    logger.debug("connected to Neo4j at %s (database %s)", uri, cfg.database or "default")
    return Graph(driver, cfg.database, uri)
