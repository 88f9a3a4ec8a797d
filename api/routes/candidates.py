"""Likely duplicate organisations for an analyst to review (``supplygraph orgs candidates`` over HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from supplygraph.api.deps import get_graph
from supplygraph.api.models import Ref
from supplygraph.graph import candidates as found
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api/organisations", tags=["organisations"])


class CandidateEvidence(BaseModel):
    name_similarity: float = Field(description="0-100, rapidfuzz on the names without legal forms")
    names: list[str] = Field(description="the two most alike spellings")
    shared_identifiers: list[str]
    conflicting_identifiers: list[str] = Field(description="different Companies House or charity numbers")
    shared_keys: list[str] = Field(description="lookup keys that name both (an ambiguous name)")
    shared_postcodes: list[str]
    shared_buyers: list[str]
    shared_contracts: list[str]


class Candidate(BaseModel):
    score: float = Field(description="0-100; docs/entity-resolution.md says how it adds up")
    survivor: Ref = Field(description="the suggested survivor of a merge")
    absorbed: Ref
    evidence: CandidateEvidence
    merge: str = Field(description="the command that confirms it")


class CandidatesAnswer(BaseModel):
    min_score: float
    candidates: list[Candidate]


@router.get("/candidates", response_model=CandidatesAnswer)
def candidates(
    min_score: Annotated[float, Query(ge=0, le=100)] = found.DEFAULT_MIN_SCORE,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    graph: Graph = Depends(get_graph),
) -> CandidatesAnswer:
    """Pairs of organisations that are likely one, best first, with the evidence; confirm with `orgs merge`."""
    return CandidatesAnswer(
        min_score=min_score,
        candidates=[
            Candidate(
                score=c.score,
                survivor=Ref(id=c.survivor.id, name=c.survivor.name),
                absorbed=Ref(id=c.absorbed.id, name=c.absorbed.name),
                evidence=CandidateEvidence(
                    name_similarity=c.evidence.name_similarity,
                    names=list(c.evidence.names),
                    shared_identifiers=list(c.evidence.shared_identifiers),
                    conflicting_identifiers=list(c.evidence.conflicting_identifiers),
                    shared_keys=list(c.evidence.shared_keys),
                    shared_postcodes=list(c.evidence.shared_postcodes),
                    shared_buyers=list(c.evidence.shared_buyers),
                    shared_contracts=list(c.evidence.shared_contracts),
                ),
                merge=c.row()["merge"],
            )
            for c in found.candidates(graph, min_score=min_score, limit=limit)
        ],
    )
