"""Jinja2 for the web pages: one environment, autoescaped, with a static-URL helper.

Every value a page shows may come from a customer (ticket text, a journey typed by
CS ops), so autoescaping is on for every template, not only `.html` ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

API_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = API_DIR / "templates"
STATIC_DIR = API_DIR / "static"
STATIC_PREFIX = "/static"

# The vendored files change only with a csops release; the version busts caches.
_ASSET_VERSION = "0.1.0"


def static(path: str) -> str:
    """The URL of a file under `api/static/`."""
    return f"{STATIC_PREFIX}/{path}?v={_ASSET_VERSION}"


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, auto_reload=False
)
_environment.globals["static"] = static
templates = Jinja2Templates(env=_environment)


def render(
    request: Request,
    name: str,
    status_code: int = 200,
    *,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The template `name` rendered with `context`, as an HTML response."""
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=headers
    )
