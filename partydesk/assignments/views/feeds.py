"""Deadlines in any calendar client: the calendar page's list as an .ics download, and a
subscribable address per person and list (signed token, revocable)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import FilterForm
from partydesk.assignments.selectors.assignments import Filters, assignment_list_for
from partydesk.assignments.selectors.feeds import deadline_events, feed_name, feed_resolve
from partydesk.assignments.services.feeds import calendar_feed_issue, calendar_feed_revoke
from partydesk.assignments.views.lists import TITLES, asked_view
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.ical import feed_text


def _ics(text: str, filename: str) -> HttpResponse:
    response = file_response(text, filename, "text/calendar; charset=utf-8", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_ics(request: AuthenticatedRequest) -> HttpResponse:
    """The calendar page's list (same view and filters) as an iCalendar file."""
    view = asked_view(request)
    rows = assignment_list_for(request.actor, FilterForm(request.GET).filters(view))
    events = deadline_events(rows, timezone.localdate())
    name = feed_name(request.user, str(TITLES[view]))
    return _ics(feed_text(events, name=name, now=timezone.now()), "assignments.ics")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar client's fetch: no login, the token is the credential (else 404)."""
    found, actor = feed_resolve(token)
    with translation.override(found.user.preferred_language or settings.LANGUAGE_CODE):
        rows = assignment_list_for(actor, Filters(view=found.view, state=""))
        events = deadline_events(rows, timezone.localdate())
        name = feed_name(found.user, str(TITLES[found.view]))
        text = feed_text(events, name=name, now=timezone.now())
    return _ics(text, "assignments.ics")


def _back(view: str) -> HttpResponse:
    return redirect(f"{reverse('assignments:calendar')}?view={view}#feed")


@login_required
@require_POST
def feed_issue(request: AuthenticatedRequest) -> HttpResponse:
    view = request.POST.get("view", "mine")
    try:
        calendar_feed_issue(actor=request.actor, view=view)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back("mine")
    messages.success(
        request, _("A new calendar address is ready; any earlier one no longer works.")
    )
    return _back(view)


@login_required
@require_POST
def feed_revoke(request: AuthenticatedRequest) -> HttpResponse:
    view = request.POST.get("view", "mine")
    try:
        calendar_feed_revoke(actor=request.actor, view=view)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back("mine")
    messages.success(request, _("The calendar address no longer works."))
    return _back(view)
