from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from supplygraph.api.answers import answer
from supplygraph.api.deps import get_graph
from supplygraph.api.models import (
    ERRORS,
    ConsolidationEvent,
    ConsolidationsAnswer,
    InsourcingAnswer,
    Ref,
    Return,
    ReturnsAnswer,
    SourcingEvent,
    Switch,
    SwitchingAnswer,
)
from supplygraph.graph import market
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api", tags=["market"])


@router.get("/returns", response_model=ReturnsAnswer, responses=ERRORS)
async def returns(
    request: Request,
    min_gap_days: Annotated[int, Query(ge=0, le=36500, description="shortest gap that counts, in days")] = 365,
    supplier: Annotated[str | None, Query(description="only this supplier (id, name or alias)")] = None,
    buyer: Annotated[str | None, Query(description="only this buyer (id, name or alias)")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100000, description="most rows (default: all)")] = None,
    follow_lineage: Annotated[
        bool,
        Query(
            description="true (default): a return counts when the company a former supplier became "
            "(renamed, merged into, acquired by: lineage.csv) comes back",
        ),
    ] = True,
    graph: Graph = Depends(get_graph),
) -> Response:
    """Suppliers that returned to a former client after holding nothing there for at least min_gap_days."""

    def compute(g: Graph) -> ReturnsAnswer:
        rows = market.returns(g, min_gap_days, supplier, buyer, limit, follow_lineage=follow_lineage)
        return ReturnsAnswer(
            min_gap_days=min_gap_days,
            returns=[
                Return(
                    supplier=Ref.of(r, "supplier"),
                    left_as=r["left_as"],
                    buyer=Ref.of(r, "buyer"),
                    left=r["left"],
                    left_precision=r["left_precision"],
                    returned=r["returned"],
                    returned_precision=r["returned_precision"],
                    gap_days=r["gap_days"],
                    towers_before=r["towers_before"],
                    towers_after=r["towers_after"],
                    contracts_before=r["contracts_before"],
                    contracts_after=r["contracts_after"],
                )
                for r in rows
            ],
        )

    return await answer(request, graph, compute)


def _tower(row: dict[str, object]) -> Ref | None:
    if row["tower_id"] is None:
        return None
    return Ref(id=str(row["tower_id"]), name=str(row["tower_name"]))


@router.get("/insourcing", response_model=InsourcingAnswer, responses=ERRORS)
async def insourcing(
    request: Request,
    buyer: Annotated[str | None, Query(description="only this buyer (id, name or alias)")] = None,
    graph: Graph = Depends(get_graph),
) -> Response:
    """Insourcing (a supplier's spell followed by an in-house spell on the same tower) and outsourcing (the reverse);
    for contracts that name no tower, an in-house contract succeeding a supplier's (stored contract succession)."""

    def compute(g: Graph) -> InsourcingAnswer:
        return InsourcingAnswer(
            events=[
                SourcingEvent(
                    kind=r["kind"],
                    buyer=Ref.of(r, "buyer"),
                    tower=_tower(r),
                    from_=Ref.of(r, "from"),
                    from_end=r["from_end"],
                    to=Ref.of(r, "to"),
                    to_start=r["to_start"],
                    basis=r["basis"],
                    score=r["score"],
                )
                for r in market.insourcing(g, buyer)
            ]
        )

    return await answer(request, graph, compute)


@router.get("/consolidations", response_model=ConsolidationsAnswer, responses=ERRORS)
async def consolidations(
    request: Request,
    buyer: Annotated[str | None, Query(description="only this buyer (id, name or alias)")] = None,
    since: Annotated[date | None, Query(description="only events on or after this day (YYYY-MM-DD)")] = None,
    limit: Annotated[
        int, Query(ge=0, le=10_000_000, description="most events returned, in day order from the first; 0 for all")
    ] = 1000,
    names: Annotated[
        int,
        Query(
            ge=0, le=100_000, description="most other suppliers named per event (other_count says how many); 0 for all"
        ),
    ] = 20,
    graph: Graph = Depends(get_graph),
) -> Response:
    """One contract covering towers that two or more suppliers held just before it (and fragmentations, the reverse)."""

    def compute(g: Graph) -> ConsolidationsAnswer:
        return ConsolidationsAnswer(
            events=[
                ConsolidationEvent(
                    kind=r["kind"],
                    buyer=Ref.of(r, "buyer"),
                    contract_id=r["contract_id"],
                    suppliers=Ref.each(r, "supplier"),
                    day=r["day"],
                    towers=r["towers"],
                    other_holders=r["other_holders"],
                    other_count=r["other_count"],
                    other_suppliers=r["other_suppliers"],
                )
                for r in market.consolidations(g, buyer, since, limit, names)
            ]
        )

    return await answer(request, graph, compute)


@router.get("/switching", response_model=SwitchingAnswer, responses=ERRORS)
async def switching(
    request: Request,
    limit: Annotated[
        int,
        Query(ge=0, le=10_000_000, description="most pairs returned, those with the most switches first; 0 for all"),
    ] = 1000,
    graph: Graph = Depends(get_graph),
) -> Response:
    """The switching matrix: how often supplier A was succeeded by supplier B, across buyers and towers."""

    def compute(g: Graph) -> SwitchingAnswer:
        return SwitchingAnswer(
            switches=[
                Switch(
                    from_=Ref.of(r, "from"),
                    to=Ref.of(r, "to"),
                    switches=r["switches"],
                    examples=r["examples"],
                )
                for r in market.switching_matrix(g, limit)
            ]
        )

    return await answer(request, graph, compute)
