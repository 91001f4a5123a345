"""JSON routes, one module per resource, gathered into `api_router` (under /api)."""

from fastapi import APIRouter

from api.routes import (
    accounts,
    briefs,
    designs,
    imports,
    inbox,
    links,
    meta,
    metrics,
    runs,
    webhooks,
    workflows,
)

api_router = APIRouter()
# designs before workflows: `/workflows/design/...` must win over `/workflows/{ref}`.
for module in (
    meta,
    accounts,
    briefs,
    designs,
    workflows,
    runs,
    inbox,
    imports,
    webhooks,
    links,
    metrics,
):
    api_router.include_router(module.router)
