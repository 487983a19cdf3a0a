"""The sending clerk recalls, updates or replaces a released document (ADR 0020)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.selectors.lists import document_list_for
from partydesk.exchange.forms import BusinessRequestForm
from partydesk.exchange.models import BusinessType
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.services.business import business_request

KINDS = {
    "recall": BusinessType.RECALL,
    "update": BusinessType.UPDATE,
    "replace": BusinessType.REPLACE,
}
CANDIDATES = 100


def _candidates(request: AuthenticatedRequest, document: Document) -> list[Document]:
    """The office's other released documents, newest first: the new version to point to."""
    return list(
        document_list_for(request.actor, direction=Direction.OUTGOING)
        .filter(
            organization=document.organization,
            status__in=[Status.RELEASED, Status.ARCHIVED],
        )
        .exclude(pk=document.pk)[:CANDIDATES]
    )


@login_required
def business_request_view(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    business_type = KINDS.get(kind)
    if business_type is None:
        raise Http404
    document = document_get_for(request.actor, pk)
    if document.direction != Direction.OUTGOING or document.released_at is None:
        raise Http404("not a released document")
    if not request.actor.can(PACKAGE, on=document.organization):
        raise PermissionDenied(_("Only the office (văn thư) recalls or replaces a document."))
    recall = business_type == BusinessType.RECALL
    found = [] if recall else _candidates(request, document)
    choices = [(d.pk, f"{d.symbol or '—'} — {d.subject[:80]}") for d in found]
    form = BusinessRequestForm(request.POST or None, recall=recall, candidates=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            chosen = form.cleaned_data.get("replacement")
            replacement = next((d for d in found if d.pk == chosen), None)
            try:
                business_request(
                    actor=request.actor,
                    document=document,
                    business_type=business_type,
                    reason=form.cleaned_data["reason"],
                    replacement=replacement,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Sent; each recipient's answer appears below."))
                return redirect("exchange:statuses", pk=document.pk)
        status = 400
    context = {"document": document, "form": form, "kind": kind}
    return render(request, "exchange/business.html", context, status=status)
