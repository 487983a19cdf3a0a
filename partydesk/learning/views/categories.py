"""Creating categories of the bank and sharing them with the organizations below."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.learning.forms import CategoryForm
from partydesk.learning.permissions import BANK_MANAGE, BANK_VIEW
from partydesk.learning.selectors.bank import categories_for, category_get_for
from partydesk.learning.services.bank import category_create, category_share


def _in_bank(category_id: int) -> str:
    return f"{reverse('learning:bank')}?category={category_id}"


@login_required
def category_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    own = [c for c in categories_for(scope) if c.organization_id == scope.pk]
    parents = [(c.pk, "— " * c.depth + c.name) for c in own]  # type: ignore[attr-defined]
    form = CategoryForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = next((c for c in own if c.pk == parent_id), None)
        try:
            made = category_create(
                actor=request.actor,
                organization=scope,
                name=form.cleaned_data["name"],
                parent=parent,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The category %(name)s was created.") % {"name": made.name})
            return redirect(_in_bank(made.pk))
    status = 400 if form.is_bound else 200
    return render(request, "learning/bank/category_new.html", {"form": form}, status=status)


@login_required
@require_POST
def category_share_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(BANK_VIEW)
    category = category_get_for(scope, pk)
    request.actor.require(BANK_MANAGE, on=category.organization)
    shared = request.POST.get("shared") == "1"
    try:
        category_share(actor=request.actor, category=category, shared=shared)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        text = (
            _("%(name)s and its subcategories are shared with the organizations below.")
            if shared
            else _("%(name)s is no longer shared.")
        )
        messages.success(request, text % {"name": category.name})
    return redirect(_in_bank(category.pk))
