"""Giving work: a new assignment, or a sub-assignment passing part of one on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import AssignmentForm
from partydesk.assignments.models import Assignment
from partydesk.assignments.permissions import ASSIGN, can_break_down
from partydesk.assignments.selectors.assignments import assignment_get_for
from partydesk.assignments.services.assignments import assignment_create
from partydesk.core.errors import DomainError
from partydesk.documents.views.common import form_error
from partydesk.organizations.models import Organization


def _form_page(
    request: AuthenticatedRequest,
    scope: Organization,
    *,
    parent: Assignment | None,
) -> HttpResponse:
    form = AssignmentForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            created = assignment_create(
                actor=request.actor, organization=scope, spec=form.spec(), parent=parent
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The assignment is given."))
            return redirect("assignments:detail", pk=created.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "parent": parent}
    return render(request, "assignments/form.html", context, status=status)


@login_required
def new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(ASSIGN)
    return _form_page(request, scope, parent=None)


@login_required
def break_down(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The lead passes part of the work on: within its own unit, or to a unit below the
    organization that gave it (a grassroots committee)."""
    parent = assignment_get_for(request.actor, pk)
    if not can_break_down(request.actor, parent):
        raise PermissionDenied(_("Only the lead of an open assignment breaks it down."))
    return _form_page(request, parent.organization, parent=parent)
