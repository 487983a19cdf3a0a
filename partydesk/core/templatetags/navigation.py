"""`{% side_menu %}`: the side menu the apps registered, as this request's actor may open it."""

from __future__ import annotations

from typing import Any

from django import template

from partydesk.core.http import acting
from partydesk.core.navigation import menu_for

register = template.Library()


@register.inclusion_tag("partials/sidenav.html", takes_context=True)
def side_menu(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"sections": []}
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    return {"sections": menu_for(acting(request), view_name)}
