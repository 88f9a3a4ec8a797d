"""The graph explorer: its page, its static files, and the JSON and HTML it draws from.

vis-network is served from the installed pyvis package (which ships it), so the
page needs no CDN and works offline.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ERRORS, HTML_ROUTE_ERRORS
from supplygraph.graph import neighbourhood as hood
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import InstallationError
from supplygraph.graph.explore_html import export_html

router = APIRouter(prefix="/api", tags=["explorer"])
#: the page and its static files, outside /api and the OpenAPI schema
page_router = APIRouter(tags=["explorer"], include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"
MEDIA = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


def vis_dir() -> Path:
    """vis-network's JS and CSS, as shipped inside the pyvis wheel."""
    import pyvis

    found = sorted((Path(pyvis.__file__).parent / "templates" / "lib").glob("vis-*/vis-network.min.js"))
    if not found:
        raise InstallationError("the installed pyvis ships no vis-network: reinstall pyvis")
    return found[-1].parent


class Node(BaseModel):
    id: str
    label: str
    kind: Literal["buyer", "supplier", "tower", "in-house"]
    center: str = Field(description="what to pass as ?center= to explore from this node")


class Party(BaseModel):
    id: str
    name: str


class Source(BaseModel):
    url: str | None
    title: str | None


class Contract(BaseModel):
    id: str
    title: str | None
    status: str | None
    programme: str | None
    buyer: str
    suppliers: list[Party]
    towers: list[str]
    start: str = Field(description="first day of the start's period")
    start_precision: str
    start_text: str | None = Field(description="the start as the source gave it")
    end: str | None = Field(description="last day of the end's period, inclusive; null while ongoing")
    end_precision: str | None
    end_text: str | None
    value: float | None
    currency: str | None
    sources: list[Source]


class SuccessionPair(BaseModel):
    earlier: str = Field(description="the contract replaced")
    earlier_title: str | None
    later: str = Field(description="the holding contract that most likely replaced it")
    score: float = Field(description="0 to 1 (docs/incumbents.md)")
    evidence: list[str]


class Edge(BaseModel):
    id: str
    source: str
    target: str
    kind: Literal["holding", "tower", "succession"] = Field(
        description="holding: supplier -> buyer; tower: buyer -> tower it has held by someone; "
        "succession: earlier supplier -> the supplier whose contract most likely replaced its contract"
    )
    label: str
    towers: list[str]
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None
    contracts: list[Contract]
    pairs: list[SuccessionPair] = Field(default=[], description="succession edges: the pairs behind it, best first")


class GraphAnswer(BaseModel):
    center: Node
    as_of: date
    depth: int
    max_nodes: int
    truncated: bool = Field(description="true when the node cap or per-node contract cap cut the answer")
    cut: str | None = Field(description="what was cut, when truncated")
    nodes: list[Node]
    edges: list[Edge]


class Suggestion(BaseModel):
    id: str
    name: str
    kind: Literal["buyer", "supplier", "tower", "in-house"]
    matched: str | None = Field(description="the alias the text matched, when not the name")


Center = Annotated[str, Query(min_length=1, description="a buyer, supplier or tower: id, name or alias")]
AsOf = Annotated[date | None, Query(description="the day, YYYY-MM-DD (default today)")]
Depth = Annotated[int, Query(ge=1, le=hood.MAX_DEPTH, description="hops from the centre")]
MaxNodes = Annotated[int, Query(ge=1, le=hood.MAX_NODES_LIMIT, description="node cap")]


@page_router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/explore")


@page_router.get("/explore")
def explore_page() -> FileResponse:
    return FileResponse(STATIC / "explore.html", media_type="text/html")


@page_router.get("/static/explore/{name}")
def explore_static(name: str) -> FileResponse:
    return _file(STATIC, name)


@page_router.get("/static/vis/{name}")
def vis_static(name: str) -> FileResponse:
    return _file(vis_dir(), name)


def _file(directory: Path, name: str) -> FileResponse:
    allowed = {p.name: p for p in directory.iterdir() if p.is_file()}
    path = allowed.get(name)
    if path is None:
        raise HTTPException(status_code=404, detail=f"no static file {name!r}")
    return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"))


def _neighbourhood(
    center: Center,
    as_of: AsOf = None,
    depth: Depth = 1,
    max_nodes: MaxNodes = hood.DEFAULT_MAX_NODES,
    graph: Graph = Depends(get_graph),
) -> hood.Neighbourhood:
    """The parameters both views of a neighbourhood take (JSON and HTML), and the walk itself."""
    return hood.neighbourhood(graph, center, as_of or date.today(), depth, max_nodes)


@router.get("/graph", response_model=GraphAnswer, responses=ERRORS)
def graph_json(result: hood.Neighbourhood = Depends(_neighbourhood)) -> GraphAnswer:
    """Buyers, suppliers and towers around a node on a day, with the holding contracts between them."""
    return GraphAnswer.model_validate(asdict(result))


@router.get("/graph.html", response_class=HTMLResponse, responses=HTML_ROUTE_ERRORS)
def graph_html(result: hood.Neighbourhood = Depends(_neighbourhood)) -> HTMLResponse:
    """The same neighbourhood as a standalone offline HTML page (pyvis, vis-network inlined)."""
    return HTMLResponse(export_html(result))


@router.get("/search", response_model=list[Suggestion])
def search(
    q: Annotated[str, Query(description="the start of a name, id or alias")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    graph: Graph = Depends(get_graph),
) -> list[Suggestion]:
    """Suggestions for the explorer's search box: buyers, suppliers and towers."""
    return [Suggestion.model_validate(asdict(s)) for s in hood.search(graph, q, limit)]
