"""Turning what a user typed ("Met Police", "desktop") into one graph entity.

The one place user text is resolved: by id, then by the ``Alias`` keys loaders
stored (:func:`graph.names.lookup_keys`, most literal first). The saved queries
take the resolved ids (:mod:`graph.query_library` calls this for parameters
typed ``buyer``, ``supplier``, ``organisation`` or ``tower``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError, ParameterError, UnknownTowerError
from supplygraph.graph.identifiers import parse_org_id
from supplygraph.graph.names import lookup_keys
from supplygraph.graph.towers import canonical_tower

Role = Literal["any", "buyer", "supplier"]


@dataclass(frozen=True)
class Entity:
    id: str
    name: str


def organisation(graph: Graph, text: str, role: Role | str = "any") -> Entity:
    """The one organisation with this id, name or alias; NotFoundError or an ambiguity error otherwise.

    The id and the most literal key that names any organisation (in this role)
    decide: "Capgemini UK" is looked up as typed before its legal suffix is
    dropped, so a closer spelling is never made ambiguous by a looser one.
    """
    kind = role if role != "any" else "organisation"
    keys = lookup_keys(text)
    registered = parse_org_id(text)  # an identifier typed short (GB-COH-0042): as the register issues it
    if registered and registered != text.strip():
        keys = (*lookup_keys(registered), *(k for k in keys if k not in lookup_keys(registered)))
    if not keys:
        raise NotFoundError(kind, text)
    rows = graph.read(_FIND, {"id": text, "keys": list(keys), "role": role})
    closest = [r for r in rows if r["rank"] == rows[0]["rank"]] if rows else []
    if len(closest) > 1:
        names = ", ".join(f"{r['name']} ({r['id']})" for r in closest)
        raise ParameterError(f"{text!r} matches several {kind}s: {names}; use an id")
    if not closest:
        raise NotFoundError(kind, text)
    return Entity(closest[0]["id"], closest[0]["name"])


def tower(text: str) -> Entity:
    """The canonical tower for an id, name or alias."""
    try:
        t = canonical_tower(text)
    except UnknownTowerError:
        raise NotFoundError("tower", text) from None
    return Entity(t.id, t.name)


# rank: 0 for the id and the first key, then the position of the key that matched
_FIND = """
CALL () {
  MATCH (o:Organisation {id: $id}) RETURN o, 0 AS rank
  UNION
  UNWIND range(0, size($keys) - 1) AS rank
  MATCH (:Alias {key: $keys[rank]})-[:ALIAS_OF]->(o:Organisation) RETURN o, rank
}
WITH o, min(rank) AS rank
WHERE $role = 'any' OR ($role = 'buyer' AND o:Buyer) OR ($role = 'supplier' AND o:Supplier)
RETURN o.id AS id, o.name AS name, rank
ORDER BY rank, name
"""
