"""A leader turns a document's passages or list items into assignments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import PassageFormSet
from partydesk.assignments.models import SourceKind
from partydesk.assignments.permissions import ASSIGN
from partydesk.assignments.selectors.assignments import assignments_of_source
from partydesk.assignments.services.from_document import (
    Picked,
    assignments_from_document,
    document_passages,
)
from partydesk.core.errors import DomainError
from partydesk.documents.selectors.assignments import document_for_assignments


@login_required
def from_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(ASSIGN)
    document = document_for_assignments(request.actor, pk)
    kwargs = {"scope": scope}
    error = ""
    if request.method == "POST":
        formset = PassageFormSet(request.POST, form_kwargs=kwargs)
        if formset.is_valid():
            picked = [
                Picked(number=i + 1, spec=form.spec())
                for i, form in enumerate(formset.forms)
                if form.cleaned_data.get("picked")
            ]
            try:
                created = assignments_from_document(
                    actor=request.actor, organization=scope, document=document, picked=picked
                )
            except DomainError as failure:
                error = str(failure.message)
            else:
                messages.success(request, _("%(n)s assignments were given.") % {"n": len(created)})
                return redirect("assignments:by_me")
    else:
        initial = [{"text": text} for text in document_passages(document)]
        formset = PassageFormSet(initial=initial, form_kwargs=kwargs)
    kind = SourceKind.INCOMING if document.incoming else SourceKind.DIRECTIVE
    context = {
        "document": document,
        "formset": formset,
        "error": error,
        "existing": assignments_of_source(request.actor, kind, document.pk),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assignments/from_document.html", context, status=status)
