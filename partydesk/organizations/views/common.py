"""What every organizations view shares: the scope, capability checks, the confirmation step.

The services refuse what the acting user may not do (organizations/permissions.py); the views
ask the same predicates to choose what to offer, and answer 403 for a form the user could not
submit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.errors import DomainError
from partydesk.core.http import acting
from partydesk.organizations import permissions
from partydesk.organizations.models import Organization
from partydesk.organizations.permissions import DECIDED_ABOVE, NO_REGISTRY, deny_unless


def scope_of(request: HttpRequest) -> Organization:
    """The organization the request's actor acts for; without one every page is 404."""
    scope = acting(request).scope
    if not isinstance(scope, Organization):
        raise Http404("no acting organization")
    return scope


def can(request: HttpRequest, capability: str, org: Organization | None) -> bool:
    return org is not None and acting(request).can(capability, org)


def can_view_people(request: HttpRequest, org: Organization) -> bool:
    return permissions.can_view_people(acting(request), org)


def require(request: HttpRequest, capability: str, org: Organization | None) -> None:
    deny_unless(can(request, capability, org))


def require_people(request: HttpRequest, org: Organization) -> None:
    deny_unless(can_view_people(request, org), NO_REGISTRY)


def can_restructure(request: HttpRequest, org: Organization) -> bool:
    """The restructuring pages are offered for a unit that has not ended, to those who
    decide one level up (permissions.can_restructure_organization)."""
    return org.valid_to is None and permissions.can_restructure_organization(acting(request), org)


def require_restructure(request: HttpRequest, org: Organization) -> None:
    deny_unless(permissions.can_restructure_organization(acting(request), org), DECIDED_ABOVE)
    deny_unless(org.valid_to is None, _("This organization has ended."))


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal next to the field it concerns (or on top of the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _display(field: forms.BoundField, value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Organization):
        return f"{value.name} ({value.code})"
    if isinstance(field.field, forms.ModelMultipleChoiceField) or isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(field.field, forms.ModelChoiceField):
        return str(value)
    choices = dict(getattr(field.field, "choices", None) or [])
    return str(choices.get(value, value))


def summary(form: forms.Form) -> list[tuple[str, str]]:
    """What the user is about to confirm, field by field, as people read it."""
    rows = []
    for bound in form:
        if bound.name in form.cleaned_data and bound.name != "confirmed":
            value = form.cleaned_data[bound.name]
            if value in (None, "", [], False) and not bound.field.required:
                continue
            rows.append((str(bound.label), _display(bound, value)))
    return rows


def confirm_then(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
    perform: Callable[[], HttpResponse],
    *,
    confirm: bool = True,
) -> HttpResponse:
    """Edit -> confirm -> perform. A valid form is shown back for confirmation with its values
    in hidden fields; only a POST with `confirmed` runs `perform` (which calls one service).
    Without `confirm` a valid POST runs it at once. A refusal is shown next to its field."""
    stage = "edit"
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        if request.POST.get("confirmed") == "1" or not confirm:
            try:
                return perform()
            except DomainError as exc:
                add_domain_error(form, exc)
                if confirm:
                    messages.error(request, str(exc.message))
        else:
            stage = "confirm"
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "stage": stage,
            "summary": summary(form) if stage == "confirm" else [],
        },
        status=422 if request.method == "POST" and form.errors else 200,
    )


def parse_day(value: str | None, default: dt.date) -> tuple[dt.date, bool]:
    """A yyyy-mm-dd query parameter; (default, False) when missing or unreadable."""
    if not value:
        return default, True
    try:
        return dt.date.fromisoformat(value), True
    except ValueError:
        return default, False
