from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS, Holder, HoldersAnswer, Ref
from supplygraph.graph.db import Graph
from supplygraph.graph.holdings import holders as holders_of

router = APIRouter(prefix="/api/buyers/{buyer}/towers/{tower}", tags=["holdings"])


@router.get(
    "/holders",
    response_model=HoldersAnswer,
    responses=ERRORS,  # 400: a bad as_known_on
)
def holders(
    buyer: str,
    tower: str,
    as_of: Annotated[date, Query(description="the day, YYYY-MM-DD")],
    as_known_on: Annotated[
        str | None,
        Query(
            max_length=40,
            description="answer from what the graph knew then (YYYY-MM-DD = end of that day UTC, or an ISO date-time)",
        ),
    ] = None,
    graph: Graph = Depends(get_graph),
) -> HoldersAnswer:
    """Who held a tower at a buyer on a day. Buyer and tower accept an id, name or alias."""
    answer = holders_of(graph, buyer, tower, as_of, as_known_on)
    return HoldersAnswer(
        buyer=Ref(id=answer.buyer.id, name=answer.buyer.name),
        tower=Ref(id=answer.tower.id, name=answer.tower.name),
        as_of=answer.as_of.isoformat(),
        holders=[
            Holder(
                supplier=Ref(id=r["supplier_id"], name=r["supplier_name"]),
                contract_id=r["contract_id"],
                start=r["start"],
                start_precision=r["start_precision"],
                end=r["end"],
                end_precision=r["end_precision"],
            )
            for r in answer.holders
        ],
    )
