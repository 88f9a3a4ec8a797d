"""One contract in full, with its provenance: every source that asserted it.

Loaders never drop a ``SOURCED_FROM`` link when a later file asserts the same
contract again, so the sources listed here are all the evidence the graph has
seen for it (a deal-history article, an OCDS award notice, a package URL).
"""

from __future__ import annotations

from typing import Any

from supplygraph.graph import query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError


def contract_detail(graph: Graph, contract_id: str) -> dict[str, Any]:
    """The ``contract`` saved query's one row; NotFoundError when there is no such contract."""
    rows = query_library.run(graph, "contract", {"contract": contract_id}).rows
    if not rows:
        raise NotFoundError("contract", contract_id)
    return rows[0]
