"""The administrator's page of exchange identifiers: list, search, assign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.exchange.forms import OrganIdAssignForm
from partydesk.exchange.permissions import MANAGE_IDS
from partydesk.exchange.selectors.organ_ids import (
    organ_id_history,
    organ_id_rows_for,
    organization_for_ids_get,
)
from partydesk.exchange.services.organ_ids import organ_id_assign

PAGE_SIZE = 50


@login_required
def organ_id_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(MANAGE_IDS)
    query = request.GET.get("q", "")[:100]
    page = Paginator(organ_id_rows_for(scope, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "exchange/organ_ids.html", {"page": page, "query": query, "scope": scope}
    )


@login_required
def organ_id_assign_view(request: AuthenticatedRequest, org_id: int) -> HttpResponse:
    scope = request.actor.require_scope()
    organization = organization_for_ids_get(scope, org_id)
    request.actor.require(MANAGE_IDS, on=organization)
    form = OrganIdAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = organ_id_assign(
                actor=request.actor,
                organization=organization,
                code=form.cleaned_data["code"],
                valid_from=form.cleaned_data["valid_from"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request,
                _("%(organization)s now has the identifier %(code)s.")
                % {"organization": organization.name, "code": row.code},
            )
            return redirect("exchange:organ_ids")
    return render(
        request,
        "exchange/organ_id_assign.html",
        {"organization": organization, "form": form, "history": organ_id_history(organization)},
        status=400 if form.is_bound else 200,
    )
