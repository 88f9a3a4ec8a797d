"""The FastAPI application: every router of ``api.routes`` registered here (each with its own prefix and tags);
each error answers with its class's HTTP status."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from supplygraph.api.answers import AnswerCache
from supplygraph.api.routes import (
    admin,
    analytics,
    candidates,
    contracts,
    explore,
    health,
    holders,
    market,
    organisations,
    pipeline,
    queries,
    sources,
    succession,
)
from supplygraph.graph.config import settings
from supplygraph.graph.errors import SupplygraphError

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    if app.state.graph is not None and getattr(app.state, "owns_graph", False):
        app.state.graph.close()
        app.state.graph = None
    app.state.answers = AnswerCache(settings().api_cache_size)


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        title="supplygraph",
        description="Who ran this buyer's IT towers before, who replaced them, and who came back.",
        version="0.1.0",
    )
    app.state.graph = None
    app.state.answers = AnswerCache(settings().api_cache_size)

    @app.exception_handler(SupplygraphError)
    async def supplygraph_error(request: Request, exc: SupplygraphError) -> JSONResponse:
        if exc.http_status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(status_code=exc.http_status, content={"detail": str(exc)})

    app.include_router(health.router)
    app.include_router(holders.router)
    app.include_router(succession.router)
    app.include_router(market.router)
    app.include_router(pipeline.router)
    app.include_router(candidates.router)  # before any /api/organisations/{name} route
    app.include_router(organisations.router)
    app.include_router(queries.router)
    app.include_router(admin.router)
    app.include_router(explore.router)
    app.include_router(explore.page_router)
    app.include_router(analytics.router)
    app.include_router(contracts.router)
    app.include_router(sources.router)
    return app
