"""Liveness and the caller's own identity."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.auth import Principal
from api.deps import Caller

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health)
def health() -> Health:
    """Liveness probe; needs no key."""
    return Health(status="ok")


@router.get("/me", response_model=Principal)
def me(principal: Caller) -> Principal:
    """The name and role of the presented API key."""
    return principal
