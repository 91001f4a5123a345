"""The csops HTTP application: JSON routes under `/api`, pages mounted beside them.

`create_app(settings)` is the one factory; `csops serve`, the tests and the
benchmarks call it. The web pages add their router with one line:

    app.include_router(pages.router)

JSON routes live in `api/routes/<resource>.py`; the dependencies they share
(services, the caller's key and role) in `api/deps.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import pages
from api.deps import Services
from api.pages.guard import PageGuard
from api.problems import install_problem_handlers
from api.routes import api_router
from api.routes.metrics import RequestMetrics
from tools.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app on `settings`: routes, error handlers, limits and OpenAPI."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.services.close()

    app = FastAPI(
        title="csops",
        version="0.1.0",
        summary="Customer-success operations: workflows, briefs, runs, inbox.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.services = Services(settings)
    install_problem_handlers(app, settings)
    app.add_middleware(PageGuard)
    app.add_middleware(RequestMetrics)
    app.include_router(api_router, prefix="/api")
    app.include_router(pages.router)
    return app
