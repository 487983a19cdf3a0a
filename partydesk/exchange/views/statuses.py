"""The sender's side of tracked delivery (where each recipient is with a released document,
and what is still waiting for a receipt) and the recipient's refusal of an arrival."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.documents.models import Direction
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.services.incoming import can_refuse_arrival, incoming_refuse
from partydesk.exchange.forms import RefuseForm
from partydesk.exchange.models import OutgoingPackage
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.statuses import package_timeline_for, packages_waiting_for
from partydesk.exchange.services.send import package_resend

PAGE_SIZE = 50


@login_required
def document_statuses(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every recipient of an outgoing document with the statuses it reported."""
    document = document_get_for(request.actor, pk)
    if document.direction != Direction.OUTGOING:
        raise Http404("not an outgoing document")
    context = {
        "document": document,
        "packages": package_timeline_for(document),
        "can_resend": request.actor.can(PACKAGE, on=document.organization),
    }
    return render(request, "exchange/statuses.html", context)


@login_required
@require_POST
def package_resend_view(request: AuthenticatedRequest, pk: int, package_pk: int) -> HttpResponse:
    """The sending clerk sends a package the peer refused, or could not take, again."""
    document = document_get_for(request.actor, pk)
    package = OutgoingPackage.objects.filter(pk=package_pk, document=document).first()
    if package is None:
        raise Http404
    try:
        package_resend(actor=request.actor, package=package)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Sent again; this page shows how it went."))
    if request.POST.get("next") == "dashboard":
        return redirect("core:dashboard")
    return redirect("exchange:statuses", pk=document.pk)


@login_required
def waiting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The office's sent documents that no recipient has registered after a working day."""
    scope = request.actor.require(PACKAGE)
    page = Paginator(packages_waiting_for(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/waiting.html", {"page": page, "organization": scope})


@login_required
def arrival_refuse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The recipient's clerk refuses a document that arrived, with the reason (02)."""
    document = document_get_for(request.actor, pk)
    if not can_refuse_arrival(request.user, document):
        raise PermissionDenied(_("This document cannot be refused now."))
    form = RefuseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                incoming_refuse(
                    actor=request.user, document=document, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Refused; the sender sees your reason."))
                return redirect("documents:detail", pk=document.pk)
        status = 400
    return render(
        request, "exchange/refuse.html", {"document": document, "form": form}, status=status
    )
