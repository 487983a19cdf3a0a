"""An evaluation's form as PDF (2A, 2B, 2C, or the collective's 01), and signing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.selectors.evaluations import evaluation_get_for, result_hidden
from partydesk.assignments.services.form_signing import (
    evaluation_form_pdf,
    evaluation_form_sign,
    form_filename,
)
from partydesk.core.errors import DomainError
from partydesk.core.http import pdf_response


@login_required
def form_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The form as it stands (the signed one when signed at this step); the person does not
    see the decision before it is published."""
    found = evaluation_get_for(request.actor, pk)
    data = evaluation_form_pdf(found, show_decision=not result_hidden(request.actor, found))
    return pdf_response(data, form_filename(found))


@login_required
@require_POST
def form_sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = evaluation_get_for(request.actor, pk)
    try:
        evaluation_form_sign(actor=request.actor, evaluation=found)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The form is signed."))
    return redirect("assignments:evaluation", pk=pk)
