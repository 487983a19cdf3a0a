"""Documents settings in the web UI: types and abbreviations, who may issue them, signing
forms, marks, review chains and the organization's rulebook and header (congresses are kept
with the meetings, ADR 0024)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError, NotAllowed
from partydesk.documents.forms.reference import (
    ChainStepForm,
    DocumentTypeForm,
    MarkForm,
    SettingsForm,
    SigningFormForm,
)
from partydesk.documents.models import ReviewChainStep
from partydesk.documents.permissions import can_manage_reference_data
from partydesk.documents.selectors.reference import (
    MODELS,
    reference_data_for,
    reference_get_for,
)
from partydesk.documents.services.reference import chain_step_delete, reference_save
from partydesk.documents.views.common import form_error
from partydesk.organizations.models import Organization

FORMS: dict[str, type[forms.ModelForm]] = {
    "type": DocumentTypeForm,
    "signing-form": SigningFormForm,
    "mark": MarkForm,
    "chain-step": ChainStepForm,
}
CREATABLE = {"type", "signing-form", "chain-step"}


def _settings_scope(request: AuthenticatedRequest) -> Organization:
    """The acting organization, if the role edits its reference data there; else 403."""
    who = request.actor
    scope = who.require_scope()
    if not can_manage_reference_data(who.grants, scope):
        raise PermissionDenied(_("Your role does not allow this here."))
    return scope


@login_required
def settings_home(request: AuthenticatedRequest) -> HttpResponse:
    scope = _settings_scope(request)
    data = reference_data_for(scope)
    form = SettingsForm(request.POST or None, instance=data.settings)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reference_save(actor=request.user, scope=scope, instance=form.save(commit=False))
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("documents:settings")
        status = 400
    return render(
        request,
        "documents/settings.html",
        {"data": data, "form": form, "top": scope.parent_id is None},
        status=status,
    )


@login_required
def reference_edit(request: AuthenticatedRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Create or change one row of a settings table."""
    scope = _settings_scope(request)
    if kind not in FORMS or (pk is None and kind not in CREATABLE):
        raise Http404("no such table")
    instance = reference_get_for(scope, kind, pk) if pk is not None else MODELS[kind]()
    form = FORMS[kind](request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            row = form.save(commit=False)
            if isinstance(row, ReviewChainStep) and pk is None and scope.parent_id is not None:
                row.organization = scope
            try:
                reference_save(actor=request.user, scope=scope, instance=row)
            except NotAllowed as exc:
                form_error(form, exc)
                status = 403
            except DomainError as exc:
                form_error(form, exc)
                status = 400
            else:
                messages.success(request, _("Saved."))
                return redirect("documents:settings")
        else:
            status = 400
    return render(
        request,
        "documents/settings_edit.html",
        {"form": form, "kind": kind, "instance": instance},
        status=status,
    )


@login_required
@require_POST
def chain_step_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _settings_scope(request)
    step = reference_get_for(scope, "chain-step", pk)
    assert isinstance(step, ReviewChainStep)
    try:
        chain_step_delete(actor=request.user, scope=scope, step=step)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Step removed."))
    return redirect("documents:settings")
