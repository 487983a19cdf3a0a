"""The organization page and the actions it offers: a new unit, renaming, restructuring and a
new committee term, each a form, a confirmation and one service call (the end of a term and
positions: terms.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from partydesk.core.http import Acting, acting
from partydesk.core.indicators import indicators_for
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
ACTION_TEMPLATE = "organizations/action.html"


def _org(request: HttpRequest, org_id: int) -> Organization:
    return selectors.organization_get_for(scope_of(request), org_id)


def _back(org: Organization) -> HttpResponse:
    return redirect("organizations:detail", org_id=org.pk)


def _base(request: HttpRequest, org: Organization) -> dict[str, Any]:
    return {
        "organization": org,
        "ancestors": selectors.organization_ancestors(scope_of(request), org),
    }


def action_page(
    request: HttpRequest,
    org: Organization,
    form: django_forms.Form,
    call: Callable[[dict[str, Any]], object],
    *,
    title: str,
    confirm: str,
    done: str,
    template: str = ACTION_TEMPLATE,
    danger: bool = False,
) -> HttpResponse:
    """An action under the organization's page: edit, confirm (confirm_then), then `call`
    (one service) with the form's data. Then the page of the organization `call` returns, if
    it returns one (a new unit, a merger's result), else this one's, with `done` (which may
    say %(name)s)."""

    def perform() -> HttpResponse:
        result = call(form.cleaned_data)
        shown = result if isinstance(result, Organization) else org
        messages.success(request, done % {"name": shown.name})
        return _back(shown)

    context = {**_base(request, org), "action_title": title, "confirm_text": confirm}
    return confirm_then(request, form, template, {**context, "danger": danger}, perform)


def _restructure_menu(org: Organization) -> list[tuple[str, Any]]:
    return [
        (reverse(f"organizations:{name}", args=[org.pk]), label)
        for name, label in (
            ("move", _("Move")),
            ("merge", _("Merge")),
            ("split", _("Split")),
            ("dissolve", _("Dissolve")),
        )
    ]


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
    restructure = can_restructure(request, org)
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
            "can_restructure": restructure,
            "restructure_menu": _restructure_menu(org) if restructure else [],
            "figures_open": org.valid_to is None and bool(indicators_for(acting(request), org)),
            "today": today,
        }
    )
    return render(request, "organizations/detail.html", context)


def _require_manage(request: HttpRequest, org: Organization) -> None:
    require(request, MANAGE_ORGS, org)


@dataclass(frozen=True)
class OrganizationAction:
    """An action offered on an organization's page: who may open it, its form, the service it
    calls and its words (see action_page); `title` may name the organization as %(name)s."""

    form: type[django_forms.Form]
    perform: Callable[[Acting, Organization, Any], Organization | None]
    title: Any
    confirm: Any
    done: Any
    check: Callable[[HttpRequest, Organization], None] = require_restructure
    initial: Callable[[Organization], dict[str, Any]] | None = None
    of_organization: bool = False  # the form offers the organization's people and units
    template: str = ACTION_TEMPLATE
    danger: bool = False

    def bind(self, request: HttpRequest, org: Organization) -> django_forms.Form:
        kwargs: dict[str, Any] = {"initial": self.initial(org) if self.initial else None}
        if issubclass(self.form, forms.ScopedForm):
            kwargs["scope"] = scope_of(request)
        if self.of_organization:
            kwargs["organization"] = org
        return self.form(request.POST or None, **kwargs)


def _create(acting: Acting, org: Organization, form: Any) -> Organization:
    return services.organization_create(acting=acting, parent=org, **form.cleaned_data)


def _rename(acting: Acting, org: Organization, form: Any) -> None:
    services.organization_rename(acting=acting, organization=org, **form.cleaned_data)


def _move(acting: Acting, org: Organization, form: Any) -> None:
    services.organization_move(acting=acting, organization=org, **form.cleaned_data)


def _merge(acting: Acting, org: Organization, form: Any) -> Organization:
    data = form.cleaned_data
    event = services.organization_merge(
        acting=acting,
        sources=form.sources(),
        into=data.get("into") if data["mode"] == form.MODE_INTO else None,
        new=form.new_organization(),
        effective_on=data["effective_on"],
        decision=data["decision"],
        carry_members=data["carry_members"],
        carry_open_work=data["carry_open_work"],
        numbering_from=form.numbering_source(),
    )
    return event.targets.get()


def _split(acting: Acting, org: Organization, form: Any) -> None:
    data = form.cleaned_data
    services.organization_split(
        acting=acting,
        source=org,
        parts=form.parts(),
        keep_source=data["keep_source"],
        effective_on=data["effective_on"],
        decision=data["decision"],
    )


def _dissolve(acting: Acting, org: Organization, form: Any) -> None:
    services.organization_dissolve(acting=acting, organization=org, **form.cleaned_data)


def _add_term(acting: Acting, org: Organization, form: Any) -> None:
    services.term_create(acting=acting, organization=org, **form.cleaned_data)


# Keyed by URL name (urls.py gives each its path).
ACTIONS: dict[str, OrganizationAction] = {
    "create_child": OrganizationAction(
        forms.OrganizationCreateForm,
        _create,
        _("New unit under %(name)s"),
        _("Create this unit?"),
        _("%(name)s was created."),
        check=_require_manage,
    ),
    "rename": OrganizationAction(
        forms.RenameForm,
        _rename,
        _("Rename %(name)s"),
        _("Documents dated before the effective date keep the old name and abbreviation."),
        _("The new name is recorded."),
        check=_require_manage,
        initial=lambda org: {
            "name": org.name,
            "short_name": org.short_name,
            "abbreviation": org.abbreviation,
        },
    ),
    "move": OrganizationAction(
        forms.MoveForm,
        _move,
        _("Move %(name)s"),
        _("Everything below it moves too. The old place stays in the history."),
        _("%(name)s now belongs to its new parent."),
    ),
    "merge": OrganizationAction(
        forms.MergeForm,
        _merge,
        _("Merge %(name)s"),
        _(
            "The merged organizations end the day before the effective date; their units "
            "move to the result. Nothing is deleted."
        ),
        _("The merger is recorded."),
        of_organization=True,
        template="organizations/merge.html",
    ),
    "split": OrganizationAction(
        forms.SplitForm,
        _split,
        _("Split %(name)s"),
        _(
            "The new organizations start on the effective date with the people and units "
            "assigned to them."
        ),
        _("The split is recorded."),
        of_organization=True,
        template="organizations/split.html",
    ),
    "dissolve": OrganizationAction(
        forms.DissolveForm,
        _dissolve,
        _("Dissolve %(name)s"),
        _("It ends the day before the effective date. Its documents and history stay."),
        _("%(name)s is dissolved."),
        danger=True,
    ),
    "term_add": OrganizationAction(
        forms.TermForm,
        _add_term,
        _("New committee term of %(name)s"),
        _("Party documents are numbered per term from its first day."),
        _("The term is recorded."),
        check=_require_manage,
    ),
}


@login_required
@GET_POST
def organization_action(request: HttpRequest, org_id: int, action: str) -> HttpResponse:
    org = _org(request, org_id)
    spec = ACTIONS[action]
    spec.check(request, org)
    form = spec.bind(request, org)
    return action_page(
        request,
        org,
        form,
        lambda data: spec.perform(acting(request), org, form),
        title=spec.title % {"name": org.name},
        confirm=spec.confirm,
        done=spec.done,
        template=spec.template,
        danger=spec.danger,
    )
