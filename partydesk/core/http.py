"""Request helpers shared by every app's views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.db.models import Model


def acting_scope(request: HttpRequest) -> Model | None:
    """The organization the user acts for (set by the accounts middleware), or None."""
    return getattr(request, "acting_organization", None)


def request_grants(request: HttpRequest) -> list[Any]:
    """The user's current role grants (set by the accounts middleware)."""
    return getattr(request, "grants", [])


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
