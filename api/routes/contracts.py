"""``GET /api/contracts/{id}``: one contract with every source that asserted it; ``GET /api/contracts?ref=``:
contracts by the reference their source published them under."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS, ContractSuccessionAnswer, ErrorAnswer, Ref, SuccessionPair
from supplygraph.graph import incumbents
from supplygraph.graph.contracts import contract_detail, find_by_ref
from supplygraph.graph.db import Graph
from supplygraph.graph.predecessors import THRESHOLD

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
    source_ref: str | None = Field(description="the source's own reference (Contracts Finder Notice Identifier, ocid)")
    release_id: str | None
    cpv_codes: list[str] | None
    sources: list[SourceRef] = Field(description="every source that asserted the contract, oldest first")


class ContractMatch(BaseModel):
    id: str = Field(examples=["contracts-finder/hertfordshire-county-council/tender_235607~2f890431"])
    source_ref: str | None = Field(
        description="the reference as the source published it", examples=["tender_235607/890431"]
    )
    title: str | None
    status: str
    buyer: Ref
    suppliers: list[Ref]
    start: str | None
    end: str | None
    value: float | None
    currency: str | None


class ContractMatches(BaseModel):
    ref: str
    buyer: str | None
    contracts: list[ContractMatch]
    count: int


@router.get("", response_model=ContractMatches, responses=ERRORS)
def contracts_by_ref(
    ref: Annotated[
        str,
        Query(
            min_length=1,
            max_length=1000,
            description="the source's own reference (a Contracts Finder Notice Identifier, an OCDS ocid) or a "
            "contract id; exact match, case and runs of spaces ignored",
        ),
    ],
    buyer: Annotated[str | None, Query(description="only this buyer's contracts (id, name or alias)")] = None,
    graph: Graph = Depends(get_graph),
) -> ContractMatches:
    """Contracts by the reference their source published them under: two buyers may share one, so each is listed."""
    rows = find_by_ref(graph, ref, buyer)
    return ContractMatches(
        ref=ref,
        buyer=buyer,
        contracts=[
            ContractMatch(
                id=r["id"],
                source_ref=r["source_ref"],
                title=r["title"],
                status=r["status"],
                buyer=Ref.of(r, "buyer"),
                suppliers=Ref.each(r, "supplier"),
                start=r["start"],
                end=r["end"],
                value=r["value"],
                currency=r["currency"],
            )
            for r in rows
        ],
        count=len(rows),
    )


AllCandidates = Annotated[bool, Query(alias="all", description="also the candidates below the threshold, marked")]


@router.get(
    "/{contract_id:path}/predecessors",
    response_model=ContractSuccessionAnswer,
    responses={404: {"model": ErrorAnswer}},
)
def predecessors(
    contract_id: str, all_: AllCandidates = False, graph: Graph = Depends(get_graph)
) -> ContractSuccessionAnswer:
    """The contracts this one most likely replaced (stored SUCCEEDS pairs), best first, each with its evidence."""
    return _succession(graph, contract_id, all_, incumbents.predecessors)


@router.get(
    "/{contract_id:path}/successors",
    response_model=ContractSuccessionAnswer,
    responses={404: {"model": ErrorAnswer}},
)
def successors(
    contract_id: str, all_: AllCandidates = False, graph: Graph = Depends(get_graph)
) -> ContractSuccessionAnswer:
    """The contracts and open processes that most likely replace this one, best first, each with its evidence."""
    return _succession(graph, contract_id, all_, incumbents.successors)


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
        buyer=Ref.of(row, "buyer") if row["buyer_id"] else None,
        suppliers=Ref.each(row, "supplier"),
        towers=row["tower_ids"],
        start=row["start"],
        start_precision=row["start_precision"],
        end=row["end"],
        end_precision=row["end_precision"],
        max_extent=row["max_extent"],
        value=row["value"],
        currency=row["currency"],
        ocid=row["ocid"],
        source_ref=row["source_ref"],
        release_id=row["release_id"],
        cpv_codes=row["cpv_codes"],
        sources=[SourceRef(**s) for s in row["sources"]],
    )


def _succession(
    graph: Graph, contract_id: str, include_below: bool, side: Callable[[Graph, str, bool], list[dict[str, Any]]]
) -> ContractSuccessionAnswer:
    """Both routes: the stored pairs on one side of a contract (and, on request, its other candidates)."""
    found = side(graph, contract_id, include_below)
    return ContractSuccessionAnswer(
        contract_id=contract_id, threshold=THRESHOLD, contracts=[SuccessionPair(**p) for p in found]
    )
