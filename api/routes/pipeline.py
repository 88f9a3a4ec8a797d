from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from supplygraph.api.deps import get_graph
from supplygraph.api.models import (
    ERRORS,
    ChainStep,
    ExpiringAnswer,
    ExpiringContract,
    LeadTime,
    Likely,
    PipelineAnswer,
    PipelineContract,
    QueryRunAnswer,
    Ref,
)
from supplygraph.graph import feeds, pipeline
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
                buyer=Ref.of(r, "buyer"),
                suppliers=Ref.each(r, "supplier"),
                towers=r["towers"],
                value=r["value"],
                currency=r["currency"],
                end=r["end"],
                end_precision=r["end_precision"],
                expiry_basis=r["expiry_basis"],
                status=r["status"],
                incumbent=_likely(r["incumbent_contract_id"], r["incumbent_score"]),
                successor_process=_likely(r["successor_process_id"], r["successor_process_score"]),
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


Within = Annotated[str, Query(description="the window from `from`: months (18m, or 18) or years (2y)")]
From = Annotated[date | None, Query(alias="from", description="first day of the window (default today)")]
Filter = Annotated[str | None, Query(description="id, name or alias")]


def watched_pipeline(
    from_: From = None,
    within: Within = "18m",
    buyer: Filter = None,
    supplier: Filter = None,
    tower: Filter = None,
    graph: Graph = Depends(get_graph),
) -> pipeline.Pipeline:
    """The watch both the JSON answer and the Atom feed give: contracts ending in the window, filtered."""
    return pipeline.pipeline(graph, from_ or date.today(), pipeline.parse_window(within), buyer, supplier, tower)


Watch = Annotated[pipeline.Pipeline, Depends(watched_pipeline)]


@router.get("/pipeline", response_model=PipelineAnswer, responses=ERRORS)
def pipeline_watch(answer: Watch) -> PipelineAnswer:
    """Contracts whose latest possible end falls in the window, soonest first, with holders and incumbent chains."""
    return PipelineAnswer(
        from_=answer.start.isoformat(),
        months=answer.months,
        buyer=_ref(answer.buyer),
        supplier=_ref(answer.supplier),
        tower=_ref(answer.tower),
        lead_time=LeadTime(**answer.lead_time) if answer.lead_time else None,
        contracts=[
            PipelineContract(
                expiry=r["expiry"],
                expiry_basis=r["expiry_basis"],
                end=r["end"],
                contract_id=r["contract_id"],
                title=r["title"],
                buyer=Ref.of(r, "buyer"),
                suppliers=Ref.each(r, "supplier"),
                towers=r["towers"],
                service_class=r["service_class"],
                value=r["value"],
                currency=r["currency"],
                incumbent_chain=[ChainStep(**step) for step in r["incumbent_chain"]],
                successor_process=_likely(r["successor_process_id"], r["successor_process_score"]),
            )
            for r in answer.contracts
        ],
    )


@router.get(
    "/feeds/pipeline.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "an Atom feed (RFC 4287)"}, **ERRORS},
)
def pipeline_feed(request: Request, answer: Watch, graph: Graph = Depends(get_graph)) -> Response:
    """The same watch as an Atom feed, to follow in a feed reader: one entry per contract in the window."""
    ids = [c["contract_id"] for c in answer.contracts]
    updated = {
        r["id"]: r["at"].to_native()
        for r in graph.read(
            "UNWIND $ids AS id MATCH (c:Contract {id: id}) RETURN c.id AS id, c.recorded_at AS at", {"ids": ids}
        )
        if r["at"] is not None
    }
    base = str(request.base_url).rstrip("/")
    body = feeds.pipeline_feed(answer, str(request.url), base, updated)
    return Response(content=body, media_type="application/atom+xml")


def _likely(contract_id: str | None, score: float | None) -> Likely | None:
    return None if contract_id is None or score is None else Likely(contract_id=contract_id, score=score)


def _ref(entity: Any) -> Ref | None:
    return None if entity is None else Ref(id=entity.id, name=entity.name)
