from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from supplygraph.api.deps import forget, open_graph
from supplygraph.api.models import Health
from supplygraph.graph.errors import DatabaseUnavailableError

router = APIRouter(prefix="/health", tags=["health"])


@router.get("", response_model=Health, responses={503: {"model": Health}})
def health(request: Request) -> Health | JSONResponse:
    """Whether the API can reach Neo4j right now."""
    graph = None
    try:
        graph = open_graph(request.app.state)
        graph.read("RETURN 1 AS ok")
    except DatabaseUnavailableError as exc:
        if graph is not None:
            forget(request.app.state, graph)
        body = Health(status="unavailable", neo4j="down", detail=str(exc))
        return JSONResponse(status_code=503, content=body.model_dump())
    return Health(status="ok", neo4j="up", uri=graph.uri)
