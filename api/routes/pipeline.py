from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS, ExpiringAnswer, ExpiringContract, QueryRunAnswer, Ref
from supplygraph.graph import pipeline
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api", tags=["pipeline"])


@router.get("/expiring", response_model=ExpiringAnswer, responses=ERRORS)
def expiring(
    from_: Annotated[date, Query(alias="from", description="first day of the window, YYYY-MM-DD")],
    months: Annotated[int, Query(ge=1, le=pipeline.MAX_MONTHS, description="window length in months")] = 12,
    graph: Graph = Depends(get_graph),
) -> ExpiringAnswer:
    """Contracts ending in [from, from + months): the re-procurement pipeline."""
    rows = pipeline.expiring(graph, from_, months)
    return ExpiringAnswer(
        from_=from_.isoformat(),
        months=months,
        contracts=[
            ExpiringContract(
                contract_id=r["contract_id"],
                title=r["title"],
                buyer=Ref(id=r["buyer_id"], name=r["buyer_name"]),
                suppliers=[Ref(id=i, name=n) for i, n in zip(r["supplier_ids"], r["supplier_names"])],
                towers=r["towers"],
                value=r["value"],
                currency=r["currency"],
                end=r["end"],
                end_precision=r["end_precision"],
                status=r["status"],
            )
            for r in rows
        ],
    )


@router.get("/open-processes", response_model=QueryRunAnswer, responses=ERRORS)
def open_processes(
    buyer: Annotated[str | None, Query(description="only this buyer (id, name or alias)")] = None,
    graph: Graph = Depends(get_graph),
) -> QueryRunAnswer:
    """Planned and open processes with no supplier yet."""
    rows = pipeline.open_processes(graph, buyer)
    columns = list(rows[0]) if rows else []
    return QueryRunAnswer(query="open-processes", columns=columns, rows=rows, count=len(rows))
