"""``GET /api/contracts/{id}``: one contract with every source that asserted it."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ErrorAnswer, Ref
from supplygraph.graph.contracts import contract_detail
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api/contracts", tags=["contracts"])


class SourceRef(BaseModel):
    url: str | None = Field(examples=["https://example.org/notices/award-1"])
    title: str | None
    published: str | None = Field(description="first day of the published period, YYYY-MM-DD")
    published_precision: str | None = Field(description="day, month, year or decade")


class ContractDetail(BaseModel):
    id: str = Field(examples=["met-capgemini-infrastructure"])
    title: str | None
    description: str | None
    status: str
    holds: bool
    programme: str | None
    buyer: Ref | None
    suppliers: list[Ref]
    towers: list[str] = Field(description="canonical tower ids")
    start: str | None
    start_precision: str | None
    end: str | None = Field(description="last day, inclusive; null while ongoing")
    end_precision: str | None
    max_extent: str | None = Field(description="last day the extension options allow (OCDS maxExtentDate)")
    value: float | None
    currency: str | None
    ocid: str | None
    release_id: str | None
    cpv_codes: list[str] | None
    sources: list[SourceRef] = Field(description="every source that asserted the contract, oldest first")


@router.get(
    "/{contract_id:path}",
    response_model=ContractDetail,
    responses={404: {"model": ErrorAnswer}},
)
def contract(contract_id: str, graph: Graph = Depends(get_graph)) -> ContractDetail:
    """One contract by id (OCDS ids contain a slash: ``<ocid>/<award id>``), with its provenance."""
    row = contract_detail(graph, contract_id)
    return ContractDetail(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        status=row["status"],
        holds=bool(row["holds"]),
        programme=row["programme"],
        buyer=Ref(id=row["buyer_id"], name=row["buyer_name"]) if row["buyer_id"] else None,
        suppliers=[Ref(id=i, name=n) for i, n in zip(row["supplier_ids"], row["supplier_names"])],
        towers=row["tower_ids"],
        start=row["start"],
        start_precision=row["start_precision"],
        end=row["end"],
        end_precision=row["end_precision"],
        max_extent=row["max_extent"],
        value=row["value"],
        currency=row["currency"],
        ocid=row["ocid"],
        release_id=row["release_id"],
        cpv_codes=row["cpv_codes"],
        sources=[SourceRef(**s) for s in row["sources"]],
    )
