"""The members' rule at the door, shared by members' pages, files and pictures (ADR 0022,
"Members' area")."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from partydesk.core.http import acting
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors.own_record import own_record_for
from partydesk.portal.hosts import office_address, on_public_host
from partydesk.portal.permissions import can_edit_portal_of, can_read_members_area
from partydesk.portal.selectors import portal_top_organization


def members_only(request: HttpRequest, organization: Organization | None) -> HttpResponse | None:
    """The anonymous go to the login page; a logged-in person who is not a current member of
    `organization`'s subtree (any, when None), nor one of its editors, gets 403.
    On the public host, everyone goes to the office's address of the same page."""
    if on_public_host(request):
        return office_redirect(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    owner = organization or portal_top_organization()
    editor = request.user.is_superuser or (
        owner is not None and can_edit_portal_of(acting(request), owner)
    )
    if not can_read_members_area(own_record_for(request.user), organization, editor=editor):
        raise PermissionDenied(_("This page is for the Party members it names only."))
    return None


def office_redirect(request: HttpRequest) -> HttpResponse:
    """What is not for everyone is never served on the public host: it has no login (nor
    session) of its own, so the reader is sent to the same page under the office's /portal/,
    where the office's login and second factor come first (ADR 0022, "The public host")."""
    return HttpResponseRedirect(office_address(request))
