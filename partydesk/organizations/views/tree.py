"""The organization tree browser (today or as of a past date) and the code look-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partydesk.organizations import selectors
from partydesk.organizations.views.common import parse_day, scope_of

LOOKUP_LIMIT = 30


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The scope's tree, lazily expanded; `?on=yyyy-mm-dd` shows the structure of that day."""
    scope = scope_of(request)
    today = timezone.localdate()
    on, readable = parse_day(request.GET.get("on"), today)
    if not readable:
        messages.error(request, _("That date could not be read; showing today's structure."))
    if on > today:
        on = today
    roots = selectors.organization_nodes_on(scope, on)
    children = selectors.organization_nodes_on(scope, on, roots[0].id) if roots else []
    return render(
        request,
        "organizations/tree.html",
        {
            "roots": roots,
            "root_children": children,
            "on": on,
            "is_past": on != today,
            "today": today,
        },
    )


@login_required
@require_GET
def tree_children(request: HttpRequest, org_id: int) -> HttpResponse:
    """One level of the tree below `org_id` (HTMX, when a node is opened)."""
    scope = scope_of(request)
    on, _readable = parse_day(request.GET.get("on"), timezone.localdate())
    nodes = selectors.organization_nodes_on(scope, on, org_id)
    return render(
        request,
        "organizations/partials/tree_nodes.html",
        {"nodes": nodes, "on": on, "is_past": on != timezone.localdate()},
    )


@login_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """<option>s for an organization-code box: names or codes matching what was typed."""
    scope = scope_of(request)
    field = request.GET.get("field", "")
    query = request.GET.get(field, "")[:100] if field else ""
    if request.GET.get("all") == "1":
        orgs = selectors.organization_directory(query=query)
    else:
        orgs = selectors.organization_list_for(scope, query=query)
    return render(
        request,
        "organizations/partials/lookup_options.html",
        {"organizations": orgs.select_related("parent").order_by("path")[:LOOKUP_LIMIT]},
    )
