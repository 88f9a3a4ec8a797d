"""Neo4j values as plain JSON: dates as ISO strings, nodes as their properties."""

from __future__ import annotations

from typing import Any

import neo4j.graph
import neo4j.time


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
        return jsonable(dict(value))
    return value
