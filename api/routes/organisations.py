from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from supplygraph.api.answers import answer
from supplygraph.api.deps import get_graph
from supplygraph.api.models import (
    ERRORS,
    FootprintAnswer,
    FootprintItem,
    Organisation,
    OrganisationsAnswer,
    PortfolioAnswer,
    PortfolioItem,
    Ref,
    TowerInfo,
    TowersAnswer,
)
from supplygraph.graph import holdings
from supplygraph.graph.db import Graph
from supplygraph.graph.names import text_key
from supplygraph.graph.towers import TOWERS

router = APIRouter(prefix="/api", tags=["organisations"])
Q = Annotated[str | None, Query(max_length=300, description="text the name or an alias contains")]
LIMIT = Annotated[int, Query(ge=1, le=1000)]


@router.get("/buyers", response_model=OrganisationsAnswer)
async def buyers(request: Request, q: Q = None, limit: LIMIT = 100, graph: Graph = Depends(get_graph)) -> Response:
    """Buyers, optionally those whose name or an alias contains q."""

    def compute(g: Graph) -> OrganisationsAnswer:
        return OrganisationsAnswer(
            organisations=[Organisation(**r) for r in holdings.organisations(g, "buyer", q, limit)]
        )

    return await answer(request, graph, compute)


@router.get("/suppliers", response_model=OrganisationsAnswer)
async def suppliers(request: Request, q: Q = None, limit: LIMIT = 100, graph: Graph = Depends(get_graph)) -> Response:
    """Suppliers (in-house included), optionally those whose name or an alias contains q."""

    def compute(g: Graph) -> OrganisationsAnswer:
        return OrganisationsAnswer(
            organisations=[Organisation(**r) for r in holdings.organisations(g, "supplier", q, limit)]
        )

    return await answer(request, graph, compute)


@router.get("/towers", response_model=TowersAnswer)
def towers(q: Q = None) -> TowersAnswer:
    """The canonical service towers with their aliases, optionally those matching q."""
    key = text_key(q) if q else ""
    return TowersAnswer(
        towers=[
            TowerInfo(id=t.id, name=t.name, aliases=list(t.aliases))
            for t in TOWERS
            if not key or any(key in text_key(n) for n in (t.id, t.name, *t.aliases))
        ]
    )


@router.get("/suppliers/{supplier}/footprint", response_model=FootprintAnswer, responses=ERRORS)
async def footprint(
    request: Request,
    supplier: str,
    as_of: Annotated[date, Query(description="the day, YYYY-MM-DD")],
    graph: Graph = Depends(get_graph),
) -> Response:
    """The buyers and towers a supplier held on a day."""

    def compute(g: Graph) -> FootprintAnswer:
        s, rows = holdings.footprint(g, supplier, as_of)
        return FootprintAnswer(
            supplier=Ref(**vars(s)),
            as_of=as_of.isoformat(),
            held=[
                FootprintItem(
                    buyer=Ref.of(r, "buyer"),
                    tower=None if r["tower_id"] is None else Ref.of(r, "tower"),
                    contract_id=r["contract_id"],
                    start=r["start"],
                    start_precision=r["start_precision"],
                    end=r["end"],
                    end_precision=r["end_precision"],
                )
                for r in rows
            ],
        )

    return await answer(request, graph, compute)


@router.get("/buyers/{buyer}/portfolio", response_model=PortfolioAnswer, responses=ERRORS)
async def portfolio(request: Request, buyer: str, graph: Graph = Depends(get_graph)) -> Response:
    """A buyer's contracts and processes, in start order."""

    def compute(g: Graph) -> PortfolioAnswer:
        b, rows = holdings.portfolio(g, buyer)
        return PortfolioAnswer(
            buyer=Ref(**vars(b)),
            contracts=[
                PortfolioItem(
                    contract_id=r["contract_id"],
                    title=r["title"],
                    status=r["status"],
                    programme=r["programme"],
                    suppliers=Ref.each(r, "supplier"),
                    towers=r["towers"],
                    start=r["start"],
                    start_precision=r["start_precision"],
                    end=r["end"],
                    end_precision=r["end_precision"],
                    value=r["value"],
                    currency=r["currency"],
                )
                for r in rows
            ],
        )

    return await answer(request, graph, compute)
