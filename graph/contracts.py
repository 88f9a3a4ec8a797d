"""One contract in full, with its provenance; contracts found by the reference their source gave them.

Loaders never drop a ``SOURCED_FROM`` link when a later file asserts the same
contract again, so the sources listed here are all the evidence the graph has
seen for it (a deal-history article, an OCDS award notice, a package URL).
"""

from __future__ import annotations

from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError
from supplygraph.graph.names import reference_key


def contract_detail(graph: Graph, contract_id: str) -> dict[str, Any]:
    """The ``contract`` saved query's one row; NotFoundError when there is no such contract."""
    rows = query_library.run(graph, "contract", {"contract": contract_id}).rows
    if not rows:
        raise NotFoundError("contract", contract_id)
    return rows[0]


def find_by_ref(graph: Graph, reference: str, buyer: str | None = None) -> list[dict[str, Any]]:
    """Contracts whose source published them under this reference (or with this id), optionally one buyer's.

    ``buyer`` is an id, name or alias (NotFoundError when it is none); an empty
    reference finds nothing.
    """
    if not reference.strip():
        return []
    chosen = None if buyer is None else lookup.organisation(graph, buyer, role="buyer")
    params = {"ref": reference.strip(), "key": reference_key(reference), "buyer": chosen}
    return query_library.run(graph, "contracts-by-ref", params).rows
