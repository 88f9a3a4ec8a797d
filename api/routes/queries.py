from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ErrorAnswer, QueriesAnswer, QueryColumn, QueryParam, QueryRunAnswer, SavedQueryInfo
from supplygraph.graph import query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.jsonable import jsonable

router = APIRouter(prefix="/api/queries", tags=["saved queries"])


@router.get("", response_model=QueriesAnswer)
def list_queries() -> QueriesAnswer:
    """The saved-query library: the same .cypher files analysts run in Neo4j Browser."""
    return QueriesAnswer(
        queries=[
            SavedQueryInfo(
                name=q.name,
                description=q.description,
                cypher=q.text,
                parameters=[
                    QueryParam(
                        name=p.name,
                        type=p.type,
                        required=p.required,
                        default=p.default,
                        example=p.example,
                        description=p.doc,
                    )
                    for p in q.params
                ],
                columns=[QueryColumn(name=c, description=d) for c, d in q.columns],
            )
            for q in query_library.library().values()
        ]
    )


@router.post(
    "/{name}",
    response_model=QueryRunAnswer,
    responses={400: {"model": ErrorAnswer}, 404: {"model": ErrorAnswer}},
)
def run_query(
    name: str,
    params: Annotated[
        dict[str, Any] | None, Body(examples=[{"buyer": "Met Police", "tower": "networks", "as_of": "2019-06-01"}])
    ] = None,
    graph: Graph = Depends(get_graph),
) -> QueryRunAnswer:
    """Run a saved query by name with a JSON object of parameters, read-only."""
    result = query_library.run(graph, name, params or {})
    rows = [jsonable(r) for r in result.rows]
    return QueryRunAnswer(query=result.query, columns=list(result.columns), rows=rows, count=len(rows))
