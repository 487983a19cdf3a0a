"""Template context for the top bar: acting organization and the ones to switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partydesk.accounts.actor import Actor
from partydesk.accounts.selectors import acting_choices
from partydesk.core.http import acting


def acting_organization(request: HttpRequest) -> dict[str, Any]:
    actor = acting(request)
    return {
        "acting_organization": actor.scope,
        "acting_choices": acting_choices(actor.grants) if isinstance(actor, Actor) else [],
    }
