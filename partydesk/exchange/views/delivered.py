"""The clerk's list of packages peers delivered: each opens in the upload's preview, and is
registered by the upload's registration (once, whoever registers it first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.services.files import file_read
from partydesk.exchange.forms import RefuseForm
from partydesk.exchange.models import DeliveredPackage
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.packages import delivered_waiting_for, upload_token
from partydesk.exchange.services.receive import package_check
from partydesk.exchange.services.remote_statuses import delivered_refuse
from partydesk.exchange.views.packages import preview_response


@login_required
def delivered_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(PACKAGE)
    rows = delivered_waiting_for(scope)[:200]
    return render(request, "exchange/delivered.html", {"rows": rows})


@login_required
@require_POST
def delivered_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(PACKAGE)
    delivered = (
        DeliveredPackage.objects.filter(pk=pk, organization=scope).select_related("package").first()
    )
    if delivered is None:
        raise Http404
    data = file_read(delivered.package)
    preview = package_check(actor=request.actor, organization=scope, data=data)
    token = ""
    if preview.ok and preview.already is None:
        token = upload_token(
            sha256=delivered.package.sha256, actor=request.actor, organization=scope
        )
    return preview_response(request, preview, token)


@login_required
def delivered_refuse_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The clerk refuses a delivered package with the reason (02 goes to the sender)."""
    scope = request.actor.require(PACKAGE)
    delivered = DeliveredPackage.objects.filter(pk=pk, organization=scope).first()
    if delivered is None:
        raise Http404
    form = RefuseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                delivered_refuse(
                    actor=request.actor, delivered=delivered, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Refused; the sending installation sees your reason."))
                return redirect("exchange:delivered")
        status = 400
    context = {"delivered": delivered, "form": form}
    return render(request, "exchange/delivered_refuse.html", context, status=status)
