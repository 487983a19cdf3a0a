"""The organization page and its actions: a new unit and restructuring (terms and positions:
terms.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partydesk.core.http import acting
from partydesk.organizations import forms, selectors, services
from partydesk.organizations.models import Organization
from partydesk.organizations.permissions import MANAGE_ORGS
from partydesk.organizations.views.common import (
    can,
    can_restructure,
    can_view_people,
    confirm_then,
    require,
    require_restructure,
    scope_of,
)

MEMBERS_PAGE = 25
GET_POST = require_http_methods(["GET", "POST"])


def _org(request: HttpRequest, org_id: int) -> Organization:
    return selectors.organization_get_for(scope_of(request), org_id)


def _back(org: Organization) -> HttpResponse:
    return redirect("organizations:detail", org_id=org.pk)


def _base(request: HttpRequest, org: Organization) -> dict[str, Any]:
    return {
        "organization": org,
        "ancestors": selectors.organization_ancestors(scope_of(request), org),
    }


@login_required
@require_GET
def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    today = timezone.localdate()
    context = _base(request, org)
    people_visible = can_view_people(request, org)
    members_page = None
    if people_visible:
        members_page = Paginator(selectors.organization_members(org), MEMBERS_PAGE).get_page(
            request.GET.get("page")
        )
    manage = can(request, MANAGE_ORGS, org) and org.valid_to is None
    context.update(
        {
            "children": selectors.organization_children(org),
            "members_page": members_page,
            "people_visible": people_visible,
            "positions": selectors.position_list(org, current_on=today),
            "terms": selectors.term_list(org),
            "current_term": selectors.term_on(org, today),
            "history": selectors.organization_history(org),
            "revisions": selectors.revision_list(org),
            "can_manage": manage,
            "can_restructure": can_restructure(request, org),
            "today": today,
        }
    )
    return render(request, "organizations/detail.html", context)


@login_required
@GET_POST
def create_child(request: HttpRequest, org_id: int) -> HttpResponse:
    parent = _org(request, org_id)
    require(request, MANAGE_ORGS, parent)
    form = forms.OrganizationCreateForm(request.POST or None, scope=scope_of(request))

    def perform() -> HttpResponse:
        data = form.cleaned_data
        org = services.organization_create(
            acting=acting(request),
            parent=parent,
            name=data["name"],
            short_name=data["short_name"],
            abbreviation=data["abbreviation"],
            kind=data["kind"],
            code=data["code"],
            place_name=data["place_name"],
            valid_from=data["valid_from"],
        )
        messages.success(request, _("%(name)s was created.") % {"name": org.name})
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, parent),
            "action_title": _("New unit under %(name)s") % {"name": parent.name},
            "confirm_text": _("Create this unit?"),
        },
        perform,
    )


@login_required
@GET_POST
def rename(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    initial = {"name": org.name, "short_name": org.short_name, "abbreviation": org.abbreviation}
    form = forms.RenameForm(request.POST or None, initial=initial, scope=scope_of(request))

    def perform() -> HttpResponse:
        data = form.cleaned_data
        services.organization_rename(
            acting=acting(request),
            organization=org,
            name=data["name"],
            short_name=data["short_name"],
            abbreviation=data["abbreviation"],
            effective_on=data["effective_on"],
            decision=data["decision"],
        )
        messages.success(request, _("The new name is recorded."))
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("Rename %(name)s") % {"name": org.name},
            "confirm_text": _(
                "Documents dated before the effective date keep the old name and abbreviation."
            ),
        },
        perform,
    )


@login_required
@GET_POST
def move(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require_restructure(request, org)
    form = forms.MoveForm(request.POST or None, scope=scope_of(request))

    def perform() -> HttpResponse:
        data = form.cleaned_data
        services.organization_move(
            acting=acting(request),
            organization=org,
            new_parent=data["new_parent"],
            effective_on=data["effective_on"],
            decision=data["decision"],
        )
        messages.success(request, _("%(name)s now belongs to its new parent.") % {"name": org.name})
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("Move %(name)s") % {"name": org.name},
            "confirm_text": _("Everything below it moves too. The old place stays in the history."),
        },
        perform,
    )


@login_required
@GET_POST
def merge(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require_restructure(request, org)
    form = forms.MergeForm(request.POST or None, scope=scope_of(request), organization=org)

    def perform() -> HttpResponse:
        data = form.cleaned_data
        event = services.organization_merge(
            acting=acting(request),
            sources=form.sources(),
            into=data.get("into") if data["mode"] == form.MODE_INTO else None,
            new=form.new_organization(),
            effective_on=data["effective_on"],
            decision=data["decision"],
            carry_members=data["carry_members"],
            carry_open_work=data["carry_open_work"],
            numbering_from=form.numbering_source(),
        )
        messages.success(request, _("The merger is recorded."))
        return redirect("organizations:detail", org_id=event.details["target"])

    return confirm_then(
        request,
        form,
        "organizations/merge.html",
        {
            **_base(request, org),
            "action_title": _("Merge %(name)s") % {"name": org.name},
            "confirm_text": _(
                "The merged organizations end the day before the effective date; their units "
                "move to the result. Nothing is deleted."
            ),
        },
        perform,
    )


@login_required
@GET_POST
def split(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require_restructure(request, org)
    form = forms.SplitForm(request.POST or None, scope=scope_of(request), organization=org)

    def perform() -> HttpResponse:
        data = form.cleaned_data
        services.organization_split(
            acting=acting(request),
            source=org,
            parts=form.parts(),
            keep_source=data["keep_source"],
            effective_on=data["effective_on"],
            decision=data["decision"],
        )
        messages.success(request, _("The split is recorded."))
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/split.html",
        {
            **_base(request, org),
            "action_title": _("Split %(name)s") % {"name": org.name},
            "confirm_text": _(
                "The new organizations start on the effective date with the people and units "
                "assigned to them."
            ),
        },
        perform,
    )


@login_required
@GET_POST
def dissolve(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require_restructure(request, org)
    form = forms.DissolveForm(request.POST or None, scope=scope_of(request))

    def perform() -> HttpResponse:
        data = form.cleaned_data
        services.organization_dissolve(
            acting=acting(request),
            organization=org,
            effective_on=data["effective_on"],
            decision=data["decision"],
            members_to=data.get("members_to"),
        )
        messages.success(request, _("%(name)s is dissolved.") % {"name": org.name})
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("Dissolve %(name)s") % {"name": org.name},
            "confirm_text": _(
                "It ends the day before the effective date. Its documents and history stay."
            ),
            "danger": True,
        },
        perform,
    )
