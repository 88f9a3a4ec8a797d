"""The FastAPI application: routes from ``api.routes``, errors mapped to status codes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from supplygraph.api.routes import (
    admin,
    contracts,
    explore,
    health,
    holders,
    market,
    organisations,
    pipeline,
    queries,
    succession,
)
from supplygraph.graph.errors import (
    DatabaseUnavailableError,
    InputError,
    NotFoundError,
    ParameterError,
    SupplygraphError,
)
from supplygraph.graph.query_library import QueryRefusedError, QueryTimeoutError, ResultTooLargeError

STATUS = {
    NotFoundError: 404,
    ParameterError: 400,
    InputError: 400,
    QueryRefusedError: 400,
    ResultTooLargeError: 413,
    QueryTimeoutError: 504,
    DatabaseUnavailableError: 503,
}


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    if app.state.graph is not None and getattr(app.state, "owns_graph", False):
        app.state.graph.close()
        app.state.graph = None


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        title="supplygraph",
        description="Who ran this buyer's IT towers before, who replaced them, and who came back.",
        version="0.1.0",
    )
    app.state.graph = None

    @app.exception_handler(SupplygraphError)
    async def supplygraph_error(request: Request, exc: SupplygraphError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        return JSONResponse(status_code=status, content={"detail": str(exc)})

    app.include_router(health.router)
    app.include_router(holders.router)
    app.include_router(succession.router)
    app.include_router(market.router)
    app.include_router(pipeline.router)
    app.include_router(organisations.router)
    app.include_router(queries.router)
    app.include_router(admin.router)
    app.include_router(explore.router)
    app.include_router(contracts.router)
    return app
