"""Market analytics over networkx: switching network, supplier centrality, concentration by year."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS
from supplygraph.graph import analytics
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api/analytics", tags=["analytics"])


class NetworkNode(BaseModel):
    id: str
    name: str
    in_house: bool


class NetworkEdge(BaseModel):
    source: str = Field(description="the supplier replaced")
    target: str = Field(description="the supplier that replaced it")
    switches: int = Field(description="how many (buyer, tower) successions switched so")
    examples: list[str] = Field(description='up to five "buyer / tower" pairs')


class SwitchingNetwork(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class SupplierCentrality(BaseModel):
    id: str
    name: str
    won: int = Field(description="successions in which it replaced someone")
    lost: int = Field(description="successions in which it was replaced")
    pagerank: float = Field(description="weighted PageRank in the switching network: where business flows")
    betweenness: float = Field(description="normalised betweenness: how often it sits between others' switches")


class BuyerConcentration(BaseModel):
    buyer_id: str
    buyer_name: str
    year: int
    towers: int = Field(description="towers held by anyone on 1 July")
    suppliers: int = Field(description="suppliers holding at least one of them")
    largest: list[str] = Field(description="the supplier(s) holding the most towers")
    largest_towers: int
    share: float = Field(description="largest_towers / towers")


@router.get("/switching-network", response_model=SwitchingNetwork)
def switching_network(graph: Graph = Depends(get_graph)) -> SwitchingNetwork:
    """Supplier -> successor supplier across all buyers and towers, weighted by how often."""
    g = analytics.switching_network(graph)
    return SwitchingNetwork(
        nodes=[NetworkNode(id=n, name=d["name"], in_house=d["in_house"]) for n, d in sorted(g.nodes(data=True))],
        edges=[
            NetworkEdge(source=a, target=b, switches=d["weight"], examples=d["examples"])
            for a, b, d in sorted(g.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
        ],
    )


@router.get("/centrality", response_model=list[SupplierCentrality])
def centrality(graph: Graph = Depends(get_graph)) -> list[SupplierCentrality]:
    """Suppliers by PageRank in the switching network, most central first."""
    g = analytics.switching_network(graph)
    return [SupplierCentrality(**asdict(r)) for r in analytics.supplier_centrality(g)]


@router.get("/concentration", response_model=list[BuyerConcentration], responses=ERRORS)
def concentration(
    buyer: Annotated[str | None, Query(description="only this buyer: id, name or alias")] = None,
    from_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    to_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    graph: Graph = Depends(get_graph),
) -> list[BuyerConcentration]:
    """Each buyer's supplier concentration by year: the share of its held towers its largest supplier held."""
    return [BuyerConcentration(**asdict(r)) for r in analytics.concentration(graph, buyer, from_year, to_year)]
