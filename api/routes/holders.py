from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from supplygraph.api.answers import answer
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
async def holders(
    request: Request,
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
) -> Response:
    """Who held a tower at a buyer on a day. Buyer and tower accept an id, name or alias."""

    def compute(g: Graph) -> HoldersAnswer:
        found = holders_of(g, buyer, tower, as_of, as_known_on)
        return HoldersAnswer(
            buyer=Ref(id=found.buyer.id, name=found.buyer.name),
            tower=Ref(id=found.tower.id, name=found.tower.name),
            as_of=found.as_of.isoformat(),
            holders=[
                Holder(
                    supplier=Ref.of(r, "supplier"),
                    contract_id=r["contract_id"],
                    start=r["start"],
                    start_precision=r["start_precision"],
                    end=r["end"],
                    end_precision=r["end_precision"],
                )
                for r in found.holders
            ],
        )

    return await answer(request, graph, compute)
