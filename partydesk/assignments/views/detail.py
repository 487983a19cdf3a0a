"""One assignment: its facts, sub-assignments, reports, history, and what the viewer may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import (
    DecisionForm,
    ExtensionForm,
    ProgressForm,
    ReasonForm,
    ReportForm,
    ReviewForm,
)
from partydesk.assignments.models import Assignment, ExtensionState
from partydesk.assignments.permissions import (
    can_break_down,
    can_cancel,
    can_decide_extension,
    can_return,
    can_review,
    can_work_on,
)
from partydesk.assignments.selectors.assignments import (
    assignment_get_for,
    assignment_reports,
    assignment_tree,
)
from partydesk.assignments.services.assignments import assignment_cancel, assignment_complete
from partydesk.assignments.services.review import assignment_accept, assignment_return
from partydesk.assignments.sources import source_url
from partydesk.core.errors import DomainError
from partydesk.documents.views.common import form_error

FORMS: dict[str, type[django_forms.Form]] = {
    "report": ReportForm,
    "reason": ReasonForm,
    "progress": ProgressForm,
    "extension": ExtensionForm,
    "decision": DecisionForm,
    "review": ReviewForm,
}


def refused(request: AuthenticatedRequest, form: django_forms.Form, error: DomainError) -> None:
    """Next to the field it names, else on top of the page (the form may not be shown any
    more: a closed assignment has no report form)."""
    if error.field in form.fields:
        form_error(form, error)
    else:
        messages.error(request, str(error.message))


def page(
    request: AuthenticatedRequest,
    assignment: Assignment,
    *,
    forms: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The assignment page, with the forms given (bound, after an error) or empty ones."""
    actor = request.actor
    bound = forms or {}
    pending = assignment.extensions.filter(state=ExtensionState.PENDING).first()
    context = {
        "assignment": assignment,
        "tree": assignment_tree(assignment),
        "reports": assignment_reports(assignment),
        "extensions": assignment.extensions.select_related("requested_by", "decided_by"),
        "pending": pending,
        "events": assignment.events.select_related("actor").order_by("at", "id"),
        "co_units": assignment.co_units.order_by("path"),
        "informed": assignment.informed.select_related("person"),
        "today": timezone.localdate(),
        "source_url": source_url(assignment.source_kind, assignment.source_id),
        "can_work_on": can_work_on(actor, assignment),
        "can_break_down": can_break_down(actor, assignment),
        "can_cancel": can_cancel(actor, assignment),
        "can_review": can_review(actor, assignment),
        "can_return": can_return(actor, assignment),
        "can_decide": pending is not None and can_decide_extension(actor, assignment),
        **{f"{name}_form": bound.get(name) or cls() for name, cls in FORMS.items()},
    }
    return render(request, "assignments/detail.html", context, status=status)


def submitted(
    request: AuthenticatedRequest,
    assignment: Assignment,
    name: str,
    form: django_forms.Form,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """One of the page's forms sent: `act` runs the service with the cleaned data and says
    what was done; a refusal shows next to its field, and the page comes back with what was
    typed (400)."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except DomainError as error:
            refused(request, form, error)
        else:
            messages.success(request, done)
            return redirect("assignments:detail", pk=assignment.pk)
    return page(request, assignment, forms={name: form}, status=400)


@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return page(request, assignment_get_for(request.actor, pk))


@login_required
@require_POST
def complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for(request.actor, pk)

    def act(data: dict[str, Any]) -> str:
        assignment_complete(actor=request.actor, assignment=assignment, report=data["report"])
        return _("The assignment is reported done.")

    return submitted(request, assignment, "report", ReportForm(request.POST), act)


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for(request.actor, pk)

    def act(data: dict[str, Any]) -> str:
        assignment_cancel(actor=request.actor, assignment=assignment, reason=data["reason"])
        return _("The assignment is withdrawn.")

    return submitted(request, assignment, "reason", ReasonForm(request.POST), act)


@login_required
@require_POST
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Accept the completion report with a quality mark, or return it."""
    assignment = assignment_get_for(request.actor, pk)

    def act(data: dict[str, Any]) -> str:
        if data["verdict"] == "accept":
            assignment_accept(
                actor=request.actor,
                assignment=assignment,
                quality=data["quality"],
                note=data["note"],
            )
            return _("The work is accepted.")
        assignment_return(actor=request.actor, assignment=assignment, note=data["note"])
        return _("The work is returned to the lead.")

    return submitted(request, assignment, "review", ReviewForm(request.POST), act)
