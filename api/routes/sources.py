"""``GET /api/sources``: how complete the graph is, per publisher and year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from supplygraph.api.answers import answer
from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS, SourceCoverage, SourcesAnswer
from supplygraph.graph import sources as coverage
from supplygraph.graph.db import Graph

router = APIRouter(prefix="/api", tags=["sources"])


@router.get("/sources", response_model=SourcesAnswer, responses=ERRORS)
async def sources(
    request: Request,
    publisher: Annotated[
        str | None, Query(description="only this publisher, exactly as listed (e.g. 'Contracts Finder')")
    ] = None,
    graph: Graph = Depends(get_graph),
) -> Response:
    """Per publisher and year: notices read, loaded and rejected by the loads; contracts, with a tower,
    it-other; suppliers, with a register identifier. Know how complete the graph is before trusting an answer."""

    def compute(g: Graph) -> SourcesAnswer:
        rows = coverage.sources(g, publisher)
        return SourcesAnswer(publisher=publisher, sources=[SourceCoverage(**r) for r in rows])

    return await answer(request, graph, compute)
