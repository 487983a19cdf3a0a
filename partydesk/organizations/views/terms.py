"""Ending a committee term, and the positions of an organization, from its page (a new term
is one of the organization's actions: organizations.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from partydesk.core.http import acting
from partydesk.organizations import forms, selectors, services
from partydesk.organizations.models import Organization
from partydesk.organizations.permissions import MANAGE_ORGS
from partydesk.organizations.views.common import confirm_then, require
from partydesk.organizations.views.organizations import (
    ACTION_TEMPLATE,
    GET_POST,
    _back,
    _base,
    _org,
    action_page,
)


def _managed(request: HttpRequest, org_id: int) -> Organization:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    return org


@login_required
@GET_POST
def term_end(request: HttpRequest, org_id: int, term_id: int) -> HttpResponse:
    org = _managed(request, org_id)
    term = selectors.term_get_for(org, term_id)
    form = forms.TermEndForm(request.POST or None)
    return action_page(
        request,
        org,
        form,
        lambda data: services.term_end(acting=acting(request), term=term, **data),
        title=_("Close the term %(name)s") % {"name": term.name},
        confirm=_("Close this term?"),
        done=_("The term is closed."),
    )


@login_required
@GET_POST
def position_add(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _managed(request, org_id)
    form = forms.PositionForm(request.POST or None, organization=org)

    def perform() -> HttpResponse:
        services.position_assign(acting=acting(request), organization=org, **form.cleaned_data)
        messages.success(request, _("The position is recorded."))
        return _back(org)

    title = _("New position in %(name)s") % {"name": org.name}
    context = {**_base(request, org), "action_title": title}
    return confirm_then(request, form, ACTION_TEMPLATE, context, perform, confirm=False)


@login_required
@GET_POST
def position_end(request: HttpRequest, org_id: int, position_id: int) -> HttpResponse:
    org = _managed(request, org_id)
    position = selectors.position_get_for(org, position_id)
    form = forms.PositionEndForm(request.POST or None)
    return action_page(
        request,
        org,
        form,
        lambda data: services.position_end(acting=acting(request), position=position, **data),
        title=_("End: %(position)s") % {"position": position},
        confirm=_("End this position?"),
        done=_("The position has ended."),
    )
