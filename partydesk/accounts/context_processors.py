"""Template context for the top bar: acting organization and the ones to switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partydesk.accounts.selectors import acting_choices


def acting_organization(request: HttpRequest) -> dict[str, Any]:
    grants = getattr(request, "grants", [])
    return {
        "acting_organization": getattr(request, "acting_organization", None),
        "acting_choices": acting_choices(grants),
    }
