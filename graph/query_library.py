"""The saved-query library: ``queries/*.cypher`` files with a header.

The analyst who runs a file in Neo4j Browser and the API that answers a script
run the same text. A header of ``//`` comment lines describes the query::

    // @name holders
    // @description Suppliers holding a tower at a buyer on a given day.
    // @param buyer buyer example="Met Police" -- the buyer (in Neo4j Browser: its id)
    // @param min_gap_days integer default=365 -- shortest gap that counts
    // @param supplier supplier optional -- only this supplier
    // @column supplier_id -- the holder's id

Parameters are checked and converted here (dates, integers, booleans), and
every query runs in a READ transaction, so a saved query cannot write.

A parameter typed ``buyer``, ``supplier``, ``organisation`` or ``tower`` takes
an id, name or alias; :mod:`graph.lookup` resolves it to the one entity's id
before the query runs (or says it is unknown or ambiguous), so the Cypher
matches by id only. A ``key`` parameter is turned into its name key
(:func:`graph.names.text_key`), the form ``Alias`` nodes store.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from time import monotonic
from typing import Any

import neo4j.time
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError

from supplygraph.graph import lookup
from supplygraph.graph.config import settings
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import (
    DateFormatError,
    NotFoundError,
    ParameterError,
    QueryDefinitionError,
    QueryRefusedError,
    QueryTimeoutError,
    ResultTooLargeError,
)
from supplygraph.graph.names import text_key
from supplygraph.graph.temporal import parse_iso_day

#: types whose value names one organisation or tower; the query receives its id
ENTITY_TYPES = ("buyer", "supplier", "organisation", "tower")
TYPES = ("string", "date", "datetime", "integer", "float", "boolean", "key", *ENTITY_TYPES)
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    example: str | None
    doc: str

    def convert(self, raw: Any) -> Any:
        """Turn a CLI/JSON value into the Python value the driver sends."""
        if raw is None:
            return None
        try:
            if self.type == "date":
                if isinstance(raw, datetime):
                    raise ValueError
                if isinstance(raw, date):
                    return raw
                return parse_iso_day(str(raw))
            if self.type == "datetime":
                return parse_moment(raw)
            if self.type == "integer":
                if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                    raise ValueError
                number = int(str(raw).strip()) if not isinstance(raw, int) else raw
                if not _INT64_MIN <= number <= _INT64_MAX:  # what Neo4j's integers hold
                    raise ValueError
                return number
            if self.type == "float":
                if isinstance(raw, bool):
                    raise ValueError
                return float(raw)
            if self.type == "boolean":
                if isinstance(raw, bool):
                    return raw
                text = str(raw).strip().lower()
                if text in ("true", "yes", "1"):
                    return True
                if text in ("false", "no", "0"):
                    return False
                raise ValueError
            if self.type in ENTITY_TYPES and isinstance(raw, lookup.Entity):
                return raw  # resolved already by the caller
            if not isinstance(raw, str):
                raise ValueError
            if self.type == "key":
                return text_key(raw)
            return raw
        except (ValueError, DateFormatError):
            hint = {
                "date": "YYYY-MM-DD",
                "datetime": "YYYY-MM-DD or an ISO date-time",
                "integer": "a whole number between -2^63 and 2^63 - 1",
                "float": "a number",
                "boolean": "true or false",
                "string": "text",
                "key": "text",
            }.get(self.type, "an id, name or alias")
            raise ParameterError(f"parameter {self.name!r} must be {self.type} ({hint}), got {raw!r}") from None


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class SavedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[tuple[str, str], ...]
    text: str
    path: Path
    notes: tuple[str, ...] = field(default=())

    def bind(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Check and convert parameters; unknown or missing ones are errors."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ParameterError(
                f"query {self.name!r} has no parameter(s) {', '.join(unknown)} "
                f"(it takes: {', '.join(sorted(known)) or 'none'})"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            value = raw.get(p.name)
            if value is None or value == "":
                if p.required:
                    raise ParameterError(f"query {self.name!r} needs parameter {p.name!r} ({p.type}): {p.doc}")
                value = p.default
            bound[p.name] = p.convert(value)
        return bound

    def resolve(self, graph: Graph, bound: dict[str, Any]) -> dict[str, Any]:
        """Bound parameters with each buyer, supplier, organisation or tower replaced by its id."""
        resolved = dict(bound)
        for p in self.params:
            value = bound.get(p.name)
            if p.type not in ENTITY_TYPES or value is None:
                continue
            if isinstance(value, lookup.Entity):
                resolved[p.name] = value.id
            elif p.type == "tower":
                resolved[p.name] = lookup.tower(value).id
            else:
                resolved[p.name] = lookup.organisation(
                    graph, value, role="any" if p.type == "organisation" else p.type
                ).id
        return resolved


def parse_moment(raw: Any) -> neo4j.time.DateTime:
    """A point in time: an ISO date-time (UTC if no offset), or a day meaning its last moment.

    Neo4j keeps nanoseconds (``toString(c.recorded_at)`` prints up to nine
    digits), so they are kept here too: a moment read back from the graph is
    the same moment, not one that falls a few hundred nanoseconds before it.
    """
    if isinstance(raw, neo4j.time.DateTime):
        moment = raw
    elif isinstance(raw, datetime):
        moment = neo4j.time.DateTime.from_native(raw)
    elif isinstance(raw, date):
        return _end_of(raw)
    else:
        text = str(raw).strip()
        if len(text) == 10:
            return _end_of(parse_iso_day(text))
        moment = neo4j.time.DateTime.from_native(datetime.fromisoformat(text.replace("Z", "+00:00")))
        fraction = _FRACTION.search(text)
        if fraction and len(fraction.group(1)) > 6:  # Python stops at microseconds
            moment = moment.replace(nanosecond=int(fraction.group(1)[:9].ljust(9, "0")))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def queries_dir() -> Path:
    configured = settings().queries_dir
    if configured:
        return configured
    return Path(str(resources.files("supplygraph") / "queries"))


def parse_file(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    columns: list[tuple[str, str]] = []
    notes: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        body = stripped[2:].strip()
        if not body.startswith("@"):
            if body:
                notes.append(body)
            continue
        tag, _, rest = body.partition(" ")
        rest = rest.strip()
        if tag in ("@name", "@description"):
            meta[tag[1:]] = rest
        elif tag == "@param":
            params.append(_parse_param(rest, path))
        elif tag == "@column":
            col, _, doc = rest.partition("--")
            columns.append((col.strip(), doc.strip()))
        else:
            raise QueryDefinitionError(f"{path}: unknown header tag {tag}")
    name = meta.get("name")
    if not name or not _NAME.match(name):
        raise QueryDefinitionError(f"{path}: header needs '// @name lower-case-name'")
    if name != path.stem:
        raise QueryDefinitionError(f"{path}: @name {name!r} must match the file name")
    if "description" not in meta:
        raise QueryDefinitionError(f"{path}: header needs '// @description ...'")
    return SavedQuery(name, meta["description"], tuple(params), tuple(columns), text, path, tuple(notes))


def _parse_param(rest: str, path: Path) -> Param:
    spec, _, doc = rest.partition("--")
    try:
        words = shlex.split(spec)
    except ValueError as exc:
        raise QueryDefinitionError(f"{path}: bad @param line {rest!r}: {exc}") from None
    if len(words) < 2 or words[1] not in TYPES:
        raise QueryDefinitionError(f"{path}: @param needs a name and a type ({', '.join(TYPES)}): {rest!r}")
    name, type_ = words[0], words[1]
    options = dict(w.split("=", 1) for w in words[2:] if "=" in w)
    flags = {w for w in words[2:] if "=" not in w}
    required = "optional" not in flags and "default" not in options
    return Param(name, type_, required, options.get("default"), options.get("example"), doc.strip())


@lru_cache(maxsize=1)
def _library(directory: str, stamp: tuple[tuple[str, float], ...]) -> dict[str, SavedQuery]:
    del stamp  # part of the cache key only: edits to the files reload the library
    return {q.name: q for q in (parse_file(p) for p in sorted(Path(directory).glob("*.cypher")))}


_RECHECK_SECONDS = 1.0
_checked: tuple[str, float, dict[str, SavedQuery]] | None = None  # (directory, when, library)


def library() -> dict[str, SavedQuery]:
    """All saved queries by name, re-read when a file changes.

    The files are looked at (a directory listing and a stat each) at most once
    a second: on every call it was a fifth of an API request's time.
    """
    global _checked
    directory = str(queries_dir())
    now = monotonic()
    if _checked is not None and _checked[0] == directory and now - _checked[1] < _RECHECK_SECONDS:
        return _checked[2]
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(Path(directory).glob("*.cypher")))
    found = _library(directory, stamp)
    _checked = (directory, now, found)
    return found


def get(name: str) -> SavedQuery:
    try:
        return library()[name]
    except KeyError:
        raise NotFoundError("saved query", name) from None


@dataclass(frozen=True)
class Result:
    query: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


def default_timeout() -> float | None:
    """Seconds a saved query may run (SUPPLYGRAPH_QUERY_TIMEOUT, default 30; 0 = no limit)."""
    seconds = settings().query_timeout
    return seconds if seconds > 0 else None


def default_max_rows() -> int | None:
    """Rows an answer may have (SUPPLYGRAPH_MAX_ROWS, default 100000; 0 = no limit)."""
    rows = settings().max_rows
    return rows if rows > 0 else None


def run(
    graph: Graph,
    name: str,
    raw: dict[str, Any] | None = None,
    timeout: float | None = -1.0,
    max_rows: int | None = -1,
) -> Result:
    """Run a saved query by name in a READ transaction.

    Parameters naming a buyer, supplier, organisation or tower may be text
    (resolved here) or a :class:`lookup.Entity` the caller resolved already.
    ``timeout`` and ``max_rows`` default to the environment's limits; pass None
    for no limit. A query past its time is cancelled by Neo4j and reported.
    """
    saved = get(name)
    params = saved.resolve(graph, saved.bind(raw or {}))
    timeout = default_timeout() if timeout == -1.0 else timeout
    max_rows = default_max_rows() if max_rows == -1 else max_rows
    try:
        rows = graph.read(saved.text, params, timeout=timeout, max_rows=max_rows)
    except CypherSyntaxError as exc:
        raise QueryRefusedError(f"query {name!r} is not valid Cypher: {exc.message}") from exc
    except Neo4jError as exc:
        if exc.code and "TransactionTimedOut" in exc.code:
            raise QueryTimeoutError(
                f"query {name!r} ran longer than {timeout:g}s and was cancelled; "
                "narrow it with parameters or raise SUPPLYGRAPH_QUERY_TIMEOUT"
            ) from exc
        if isinstance(exc, ClientError):
            raise QueryRefusedError(f"Neo4j refused query {name!r}: {exc.message}") from exc
        raise
    if max_rows is not None and len(rows) > max_rows:
        raise ResultTooLargeError(
            f"query {name!r} has more than {max_rows} rows; narrow it with parameters (or raise SUPPLYGRAPH_MAX_ROWS)"
        )
    columns = tuple(c for c, _ in saved.columns) or (tuple(rows[0]) if rows else ())
    return Result(name, columns, rows)


_FRACTION = re.compile(r"\d{2}:\d{2}:\d{2}[.,](\d+)")


def _end_of(day: date) -> neo4j.time.DateTime:
    return neo4j.time.DateTime(day.year, day.month, day.day, 23, 59, 59, 999_999_999, tzinfo=UTC)
