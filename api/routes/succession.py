from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from supplygraph.api.answers import answer
from supplygraph.api.deps import get_graph
from supplygraph.api.models import (
    ERRORS,
    HolderSpell,
    PredecessorAnswer,
    PredecessorSpell,
    Ref,
    Spell,
    SuccessionAnswer,
)
from supplygraph.graph import succession as incumbency
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api/buyers/{buyer}/towers/{tower}", tags=["succession"])

FOLLOW_LINEAGE = (
    "true (default): a rename, merger or acquisition loaded from lineage.csv is the same supplier carrying on, "
    "not a change of holder"
)


@router.get("/succession", response_model=SuccessionAnswer, responses=ERRORS)
async def succession(
    request: Request,
    buyer: str,
    tower: str,
    as_known_on: Annotated[
        str | None,
        Query(
            max_length=40,
            description="answer from what the graph knew then (YYYY-MM-DD = end of that day UTC, or an ISO date-time)",
        ),
    ] = None,
    follow_lineage: Annotated[bool, Query(description=FOLLOW_LINEAGE)] = True,
    graph: Graph = Depends(get_graph),
) -> Response:
    """Every spell of a tower at a buyer, in order. A spell merges one supplier's contracts that overlap or touch."""

    def compute(g: Graph) -> SuccessionAnswer:
        answer = incumbency.succession(g, buyer, tower, as_known_on, follow_lineage=follow_lineage)
        return SuccessionAnswer(
            buyer=Ref(**vars(answer.buyer)),
            tower=Ref(**vars(answer.tower)),
            spells=[
                Spell(
                    seq=r["seq"],
                    supplier=Ref.of(r, "supplier"),
                    held_as=r["held_as"],
                    start=r["start"],
                    start_precision=r["start_precision"],
                    end=r["end"],
                    end_precision=r["end_precision"],
                    contracts=r["contract_ids"],
                )
                for r in answer.spells
            ],
        )

    return await answer(request, graph, compute)


@router.get("/predecessor", response_model=PredecessorAnswer, responses=ERRORS)
async def predecessor(
    request: Request,
    buyer: str,
    tower: str,
    supplier: Annotated[str | None, Query(description="whose predecessor (id, name or alias)")] = None,
    as_of: Annotated[date | None, Query(description="or: the predecessor of the holder on this day")] = None,
    follow_lineage: Annotated[bool, Query(description=FOLLOW_LINEAGE)] = True,
    graph: Graph = Depends(get_graph),
) -> Response:
    """Who held the tower before a supplier's most recent spell, or before the holder on a day. Give one of the two."""

    def compute(g: Graph) -> PredecessorAnswer:
        answer = incumbency.predecessor(g, buyer, tower, supplier=supplier, as_of=as_of, follow_lineage=follow_lineage)
        holder = answer.holder
        pred = answer.predecessor
        return PredecessorAnswer(
            buyer=Ref(**vars(answer.buyer)),
            tower=Ref(**vars(answer.tower)),
            holder=None
            if holder is None
            else HolderSpell(
                supplier=Ref(id=holder["id"], name=holder["name"]), start=holder["start"], end=holder["end"]
            ),
            predecessor=None
            if pred is None
            else PredecessorSpell(
                supplier=Ref(id=pred["id"], name=pred["name"]),
                start=pred["start"],
                start_precision=pred["start_precision"],
                end=pred["end"],
                end_precision=pred["end_precision"],
                contracts=pred["contract_ids"],
            ),
        )

    return await answer(request, graph, compute)
