"""The web pages: server-rendered HTML beside the JSON API, no front-end build.

`router` carries every page and the static files (CSS, vendored htmx and Mermaid);
`api.app.create_app` mounts it with `app.include_router(pages.router)`.

Pages:
    /design, /workflows/{ref}   design, refine, edit and publish workflows
    /accounts, /accounts/{key}  an account and its brief; /records/... the cited rows
    /inbox                      drafted nudges and escalations awaiting a decision
    /runs, /runs/{id}           open runs; one run's steps, timeline and answers
    /l/{token}                  the customer's one-action magic-link page
    /sign-in, /sign-out         a session from an API key (when keys are set)

Access (sign-in, roles, CSRF) is checked by `api.pages.guard.PageGuard`.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from api.pages import accounts, inbox, links, runs, session, workflows
from api.pages.templating import STATIC_DIR, STATIC_PREFIX

router = APIRouter(include_in_schema=False)
router.include_router(workflows.router)
router.include_router(accounts.router)
router.include_router(inbox.router)
router.include_router(links.router)
router.include_router(runs.router)
router.include_router(session.router)
router.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static")

__all__ = ["router"]
