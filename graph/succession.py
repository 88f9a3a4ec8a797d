"""Incumbency: the succession of a tower at a buyer and who held it before whom.

Both answers run the saved queries ``succession`` and ``predecessor``; this
module only resolves what the user typed and shapes the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError


@dataclass(frozen=True)
class Succession:
    buyer: lookup.Entity
    tower: lookup.Entity
    spells: list[dict[str, Any]]


@dataclass(frozen=True)
class Predecessor:
    buyer: lookup.Entity
    tower: lookup.Entity
    holder: dict[str, Any] | None
    predecessor: dict[str, Any] | None


def succession(
    graph: Graph, buyer: str, tower: str, as_known_on: str | datetime | None = None, follow_lineage: bool = True
) -> Succession:
    """The spells of ``tower`` at ``buyer``; with ``as_known_on``, as the graph knew them then.

    ``follow_lineage`` (the default) treats a rename, merger or acquisition as
    the same supplier carrying on, not as a change of holder.
    """
    b = lookup.organisation(graph, buyer, role="buyer")
    t = lookup.tower(tower)
    params: dict[str, Any] = {"buyer": b, "tower": t, "follow_lineage": follow_lineage}
    name = "succession"
    if as_known_on is not None:
        name, params["as_known_on"] = "succession-known-on", as_known_on
    return Succession(b, t, query_library.run(graph, name, params).rows)


def predecessor(
    graph: Graph,
    buyer: str,
    tower: str,
    supplier: str | None = None,
    as_of: date | None = None,
    follow_lineage: bool = True,
) -> Predecessor:
    """Predecessor of ``supplier``'s most recent spell, or of the holder on ``as_of`` (exactly one)."""
    if (supplier is None) == (as_of is None):
        raise ParameterError("give exactly one of supplier or as_of")
    b = lookup.organisation(graph, buyer, role="buyer")
    t = lookup.tower(tower)
    params: dict[str, Any] = {
        "buyer": b,
        "tower": t,
        "supplier": None if supplier is None else lookup.organisation(graph, supplier, role="supplier"),
        "as_of": as_of,
        "follow_lineage": follow_lineage,
    }
    rows = query_library.run(graph, "predecessor", params).rows
    if not rows:
        return Predecessor(b, t, None, None)
    row = rows[0]
    holder = {
        "id": row["holder_id"],
        "name": row["holder_name"],
        "start": row["holder_start"],
        "end": row["holder_end"],
    }
    if row["predecessor_id"] is None:
        return Predecessor(b, t, holder, None)
    pred = {
        "id": row["predecessor_id"],
        "name": row["predecessor_name"],
        "start": row["start"],
        "start_precision": row["start_precision"],
        "end": row["end"],
        "end_precision": row["end_precision"],
        "contract_ids": row["contract_ids"],
    }
    return Predecessor(b, t, holder, pred)
