"""People search and export, the member profile, person forms and membership actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from partydesk.core.http import acting, file_response, is_htmx
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.organizations import forms, selectors, services
from partydesk.organizations.models import (
    MembershipStatus,
    PartyMembership,
    Person,
)
from partydesk.organizations.permissions import MANAGE_MEMBERS, MANAGE_ORGS
from partydesk.organizations.services.people import PERSON_FIELDS
from partydesk.organizations.transitions import ACTIVE_STATUSES
from partydesk.organizations.views.common import (
    can,
    confirm_then,
    require,
    require_people,
    scope_of,
)

PAGE_SIZES = (25, 50, 100)
GET_POST = require_http_methods(["GET", "POST"])


def _filtered(request: HttpRequest) -> tuple[forms.PeopleFilterForm, Any]:
    """The filter form and the people it selects (the same for the page and the export)."""
    scope = scope_of(request)
    form = forms.PeopleFilterForm(request.GET or None, scope=scope)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    people = selectors.person_list_for(
        scope,
        query=data.get("q", ""),
        organization=data.get("org"),
        status=data.get("status", ""),
        sort=data.get("sort") or "name",
    )
    return form, people


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    require_people(request, scope)
    form, rows = _filtered(request)
    size = request.GET.get("size", "")
    per_page = int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZES[0]
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_manage": can(request, MANAGE_MEMBERS, scope),
        "query_string": request.GET.urlencode(),
        "filtered": any(request.GET.get(k) for k in ("q", "org", "status")),
    }
    template = (
        "organizations/partials/people_results.html"
        if is_htmx(request) and request.headers.get("HX-Target") == "people-results"
        else "organizations/people.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def people_export(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    require_people(request, scope)
    _form, rows = _filtered(request)
    content = selectors.people_workbook(rows)
    stamp = timezone.localdate().isoformat()
    return file_response(content, f"people-{stamp}.xlsx", XLSX_CONTENT_TYPE)


def _person(request: HttpRequest, person_id: int) -> Person:
    person = selectors.person_get_for(scope_of(request), person_id)
    require_people(request, person.organization)
    return person


def _membership(person: Person) -> PartyMembership | None:
    try:
        return person.membership
    except PartyMembership.DoesNotExist:
        return None


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    membership = _membership(person)
    scope = scope_of(request)
    manage = can(request, MANAGE_MEMBERS, person.organization)
    return render(
        request,
        "organizations/person.html",
        {
            "person": person,
            "membership": membership,
            "events": selectors.membership_history(membership) if membership else [],
            "flags": selectors.membership_flags(membership) if membership else [],
            "positions": selectors.person_positions(person),
            "ancestors": [
                *selectors.organization_ancestors(scope, person.organization),
                person.organization,
            ],
            "can_manage": manage,
            "actions": [
                (reverse("organizations:membership_action", args=[person.pk, a.slug]), a.label)
                for a in _available_actions(membership)
            ]
            if manage
            else [],
            "can_manage_orgs": can(request, MANAGE_ORGS, person.organization),
        },
    )


def _to_person(request: HttpRequest, person: Person, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("organizations:person", person_id=person.pk)


@login_required
@GET_POST
def person_create(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    require(request, MANAGE_MEMBERS, scope)
    initial: dict[str, Any] = {}
    preset = request.GET.get("org", "")
    if preset.isdigit():
        initial["organization"] = selectors.organization_get_for(scope, int(preset)).code
    form = forms.PersonForm(request.POST or None, initial=initial, scope=scope)

    def perform() -> HttpResponse:
        person = services.person_register(acting=acting(request), **form.cleaned_data)
        for warning in form.warnings:
            messages.warning(request, warning)
        done = _("%(name)s is registered.") % {"name": person.full_name}
        return _to_person(request, person, done)

    context = {"title": _("New person")}
    return confirm_then(
        request, form, "organizations/person_form.html", context, perform, confirm=False
    )


@login_required
@GET_POST
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    require(request, MANAGE_MEMBERS, person.organization)
    initial = {f: getattr(person, f) for f in PERSON_FIELDS}
    form = forms.PersonForm(
        request.POST or None, initial=initial, scope=scope_of(request), creating=False
    )

    def perform() -> HttpResponse:
        services.person_update(acting=acting(request), person=person, **form.cleaned_data)
        return _to_person(request, person, _("The changes are saved."))

    context = {"person": person, "title": _("Edit %(name)s") % {"name": person.full_name}}
    return confirm_then(
        request, form, "organizations/person_form.html", context, perform, confirm=False
    )


@dataclass(frozen=True)
class MembershipAction:
    """One membership verb as offered on the profile: its form and its service, called with
    the person when there is no membership yet (admission), else with the membership."""

    slug: str
    label: Any
    form: type[django_forms.Form]
    allowed: Callable[[PartyMembership | None], bool]
    service: Callable[..., Any]
    done: Any
    scoped: bool = False
    danger: bool = False


def _active(m: PartyMembership | None) -> bool:
    return m is not None and m.status in ACTIVE_STATUSES


ACTIONS: dict[str, MembershipAction] = {
    a.slug: a
    for a in (
        MembershipAction(
            "admit",
            gettext_lazy("Admit to the Party"),
            forms.AdmitForm,
            lambda m: m is None,
            services.membership_admit,
            gettext_lazy("The admission is recorded."),
        ),
        MembershipAction(
            "ceremony",
            gettext_lazy("Record the admission ceremony"),
            forms.CeremonyForm,
            lambda m: (
                m is not None and m.status == MembershipStatus.CANDIDATE and m.ceremony_date is None
            ),
            services.membership_record_ceremony,
            gettext_lazy("The ceremony is recorded; probation runs 12 months from it."),
        ),
        MembershipAction(
            "recognize",
            gettext_lazy("Recognize as official member"),
            forms.RecognizeForm,
            lambda m: (
                m is not None
                and m.status == MembershipStatus.CANDIDATE
                and m.ceremony_date is not None
            ),
            services.membership_recognize,
            gettext_lazy("The member is now an official member."),
        ),
        MembershipAction(
            "transfer",
            gettext_lazy("Transfer"),
            forms.TransferForm,
            lambda m: _active(m) and m is not None and m.away_since is None,
            services.membership_transfer,
            gettext_lazy("The transfer is recorded."),
            scoped=True,
        ),
        MembershipAction(
            "return",
            gettext_lazy("Record the return"),
            forms.ReturnForm,
            lambda m: m is not None and m.away_since is not None,
            services.membership_return,
            gettext_lazy("The member is active at home again."),
        ),
        MembershipAction(
            "transfer-in",
            gettext_lazy("Transfer back in"),
            forms.TransferInForm,
            lambda m: m is not None and m.status == MembershipStatus.TRANSFERRED_OUT,
            services.membership_transfer_in,
            gettext_lazy("The member is back on the rolls."),
            scoped=True,
        ),
        MembershipAction(
            "end",
            gettext_lazy("End the membership"),
            forms.EndForm,
            _active,
            services.membership_end,
            gettext_lazy("The membership has ended."),
            danger=True,
        ),
        MembershipAction(
            "edit",
            gettext_lazy("Card and dues"),
            forms.MembershipEditForm,
            lambda m: m is not None,
            services.membership_update,
            gettext_lazy("The changes are saved."),
        ),
    )
}


def _available_actions(membership: PartyMembership | None) -> list[MembershipAction]:
    return [a for a in ACTIONS.values() if a.allowed(membership)]


@login_required
@GET_POST
def membership_action(request: HttpRequest, person_id: int, action: str) -> HttpResponse:
    person = _person(request, person_id)
    require(request, MANAGE_MEMBERS, person.organization)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("no such action")
    membership = _membership(person)
    if not spec.allowed(membership):
        messages.error(request, _("This step is not possible in the current status."))
        return redirect("organizations:person", person_id=person.pk)
    kwargs: dict[str, Any] = {"scope": scope_of(request)} if spec.scoped else {}
    initial: dict[str, Any] = {}
    if spec.slug == "edit" and membership is not None:
        initial = {"card_number": membership.card_number, "dues_category": membership.dues_category}
    form = spec.form(request.POST or None, initial=initial, **kwargs)

    def perform() -> HttpResponse:
        subject: dict[str, Any] = (
            {"person": person} if membership is None else {"membership": membership}
        )
        spec.service(acting=acting(request), **subject, **form.cleaned_data)
        messages.success(request, str(spec.done))
        try:
            person_now = selectors.person_get_for(scope_of(request), person.pk)
        except Http404:
            # Transferred to an organization outside the user's scope: no longer theirs to see.
            return redirect("organizations:people")
        membership_now = _membership(person_now)
        if membership_now is not None and spec.slug in ("admit", "ceremony"):
            for level, message in selectors.membership_flags(membership_now):
                if level == "warn":
                    messages.warning(request, message)
        return redirect("organizations:person", person_id=person.pk)

    return confirm_then(
        request,
        form,
        "organizations/membership_action.html",
        {
            "person": person,
            "membership": membership,
            "action": spec,
            "danger": spec.danger,
            "action_title": f"{spec.label}: {person.full_name}",
            "confirm_text": _("Check the dates: every step stays in the member's history."),
        },
        perform,
    )
