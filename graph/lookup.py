"""Turning what a user typed ("Met Police", "desktop") into one graph entity."""

from __future__ import annotations

from dataclasses import dataclass

from supplygraph.graph import query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError, ParameterError, UnknownTowerError
from supplygraph.graph.names import name_key, text_key
from supplygraph.graph.towers import canonical_tower


@dataclass(frozen=True)
class Entity:
    id: str
    name: str


def organisation(graph: Graph, text: str, role: str = "any") -> Entity:
    """The one organisation with this id, name or alias; NotFoundError or an ambiguity error otherwise."""
    kind = role if role != "any" else "organisation"
    if not text.strip():
        raise NotFoundError(kind, text)
    for candidate in dict.fromkeys((text, text_key(text), name_key(text))):
        rows = query_library.run(graph, "find-organisations", {"text": candidate, "role": role, "limit": 50}).rows
        exact = [r for r in rows if r["exact"]]
        if len(exact) == 1:
            return Entity(exact[0]["id"], exact[0]["name"])
        if len(exact) > 1:
            names = ", ".join(f"{r['name']} ({r['id']})" for r in exact)
            raise ParameterError(f"{text!r} matches several {kind}s: {names}; use an id")
    raise NotFoundError(kind, text)


def tower(text: str) -> Entity:
    try:
        t = canonical_tower(text)
    except UnknownTowerError:
        raise NotFoundError("tower", text) from None
    return Entity(t.id, t.name)
