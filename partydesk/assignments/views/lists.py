"""The work lists: mine, given by me, my unit's (the acting organization's), and .xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import FilterForm
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.selectors.assignments import VIEWS, assignment_list_for
from partydesk.assignments.selectors.export import assignments_workbook
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE

PAGE_SIZE = 25
TITLES = {
    "mine": _("My assignments"),
    "by_me": _("Assigned by me"),
    "unit": _("My unit's assignments"),
}


def asked_view(request: AuthenticatedRequest) -> str:
    """The list the query string asks for (mine by default), checked against the actor's
    scope and, for the unit's list, their capability to see it."""
    actor = request.actor
    actor.require_scope()
    view = request.GET.get("view", "mine")
    if view not in VIEWS:
        view = "mine"
    if view == "unit":
        actor.require(VIEW)
    return view


def _list(request: AuthenticatedRequest, view: str) -> HttpResponse:
    actor = request.actor
    actor.require_scope()
    if view == "unit":
        actor.require(VIEW)
    form = FilterForm(request.GET or None)
    rows = assignment_list_for(actor, form.filters(view))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assignments/list.html",
        {
            "view": view,
            "title": TITLES[view],
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "can_view_unit": actor.can(VIEW),
            "can_assign": actor.can(ASSIGN),
        },
    )


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return _list(request, "mine")


@login_required
def by_me(request: AuthenticatedRequest) -> HttpResponse:
    return _list(request, "by_me")


@login_required
def unit(request: AuthenticatedRequest) -> HttpResponse:
    return _list(request, "unit")


@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    """The list being looked at (same view and filters), as a workbook."""
    view = asked_view(request)
    rows = assignment_list_for(request.actor, FilterForm(request.GET).filters(view))
    return file_response(assignments_workbook(rows), "assignments.xlsx", XLSX_CONTENT_TYPE)
