"""Attendance pages: the chair's live view (HTMX polling), check-in online, by the host and
by QR code at a site, the hosts' counts, and the site's QR image."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import is_htmx
from partydesk.meetings.live import site_count_token
from partydesk.meetings.models import Site
from partydesk.meetings.selectors.attendance import (
    MemberFilter,
    SiteFilter,
    attendance_of,
    member_page,
    participant_get,
    participant_named,
    site_get,
    site_page,
)
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.attendance import (
    MAX_SITE_COUNT,
    can_host,
    can_run_attendance,
    check_in_by_host,
    check_in_by_qr,
    check_in_online,
    participant_exempt,
    site_count_report,
    site_from_token,
    site_token,
)


def _done(request: AuthenticatedRequest, call: object, success: str) -> None:
    try:
        call()  # type: ignore[operator]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)


def _lean_token(request: AuthenticatedRequest, site: Site) -> str | None:
    """The site's host reports through the lean route with this token (meetings/live.py);
    the chair, the secretary and organizers correct a count through `site_report`."""
    session_key = request.session.session_key
    if site.host_id != request.user.pk or not session_key:
        return None
    return site_count_token(site.pk, request.user.pk, session_key)


@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The chair's and the hosts' page: the live totals, then the sites a page at a time
    (searched by name, filtered by the host's count), each with its forms and a link to its
    QR code. The number of queries does not grow with the number of sites."""
    meeting = meeting_get_for(request.actor, pk)
    runs = can_run_attendance(request.actor, meeting)
    if not runs and not meeting.sites.filter(host_id=request.user.pk).exists():
        raise PermissionDenied(_("Only the chair, the secretary and the hosts follow attendance."))
    query = request.GET.get("q", "").strip()[:200]
    state = request.GET.get("state", "")
    sites = site_page(
        meeting,
        query=query,
        state=state,
        page=request.GET.get("page") or 1,
        host_id=None if runs else request.user.pk,
    )
    context = {
        "meeting": meeting,
        "data": attendance_of(meeting),
        "runs": runs,
        "sites": sites,
        "hosted": [(row.site, _lean_token(request, row.site)) for row in sites.object_list],
        "query": query,
        "state": state,
        "states": SiteFilter.choices,
        "editable": meeting.closed_at is None,
        "max_count": MAX_SITE_COUNT,
    }
    template = "meetings/_attendance_live.html" if is_htmx(request) else "meetings/attendance.html"
    return render(request, template, context)


@login_required
def attendance_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The members' attendance a page at a time, found by name and by state, where the chair
    and the secretary mark a member exempted (which the quorum leaves out)."""
    meeting = meeting_get_for(request.actor, pk)
    if not can_run_attendance(request.actor, meeting):
        raise PermissionDenied(_("Only the chair, the secretary and the organizers do this."))
    query = request.GET.get("q", "").strip()[:200]
    state = request.GET.get("state", "")
    context = {
        "meeting": meeting,
        "members": member_page(
            meeting, query=query, state=state, page=request.GET.get("page") or 1
        ),
        "query": query,
        "state": state,
        "states": MemberFilter.choices,
        "editable": meeting.closed_at is None,
        "here": request.get_full_path(),
    }
    return render(request, "meetings/attendance_members.html", context)


@login_required
@require_POST
def check_in_self(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    _done(
        request,
        lambda: check_in_online(actor=request.actor, meeting=meeting),
        _("You are checked in."),
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def check_in_host(request: AuthenticatedRequest, pk: int, site: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    place = site_get(meeting, site)
    typed = request.POST.get("who", "")
    if typed or "participant" not in request.POST:
        # The page's field: a name picked from its list ("Full name (login)") or a login.
        named = participant_named(meeting, typed)
        if named is None:
            messages.error(
                request,
                _("No one invited to this meeting is called “%(who)s”: pick a name from the list.")
                % {"who": typed.strip()[:100]},
            )
            return redirect("meetings:attendance", meeting.pk)
        person = named
    else:
        person = participant_get(meeting, int(request.POST.get("participant") or 0))
    _done(
        request,
        lambda: check_in_by_host(actor=request.actor, site=place, participant=person),
        _("%(name)s is checked in.") % {"name": person.user},
    )
    return redirect("meetings:attendance", meeting.pk)


@login_required
@require_POST
def site_report(request: AuthenticatedRequest, pk: int, site: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    place = site_get(meeting, site)
    try:
        count = int(request.POST.get("count", ""))
    except ValueError:
        messages.error(request, _("Enter the number of people present."))
        return redirect("meetings:attendance", meeting.pk)
    _done(
        request,
        lambda: site_count_report(actor=request.actor, site=place, count=count),
        _("The count of %(site)s was recorded.") % {"site": place.name},
    )
    return redirect("meetings:attendance", meeting.pk)


@login_required
@require_POST
def exempt(request: AuthenticatedRequest, pk: int, participant: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    person = participant_get(meeting, participant)
    _done(
        request,
        lambda: participant_exempt(
            actor=request.actor, participant=person, exempted=request.POST.get("exempted") == "1"
        ),
        _("Recorded."),
    )
    back = request.POST.get("back", "")
    members = reverse("meetings:attendance_members", args=[meeting.pk])
    # Back to the same page of the members' list (only ever that list's own address).
    return redirect(back if back.startswith(members + "?") else members)


@login_required
def site_qr(request: AuthenticatedRequest, pk: int, site: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    place = site_get(meeting, site)
    if not can_host(request.actor, place):
        raise PermissionDenied(_("Only the site's host shows its code."))
    url = request.build_absolute_uri(reverse("meetings:qr_check_in", args=[site_token(place)]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
def qr_check_in(request: AuthenticatedRequest, token: str) -> HttpResponse:
    try:
        meeting_id, site_id = site_from_token(token)
    except DomainError as exc:
        raise Http404(str(exc.message)) from exc
    meeting = meeting_get_for(request.actor, meeting_id)
    place = site_get(meeting, site_id)
    if request.method == "POST":
        _done(
            request,
            lambda: check_in_by_qr(actor=request.actor, site=place),
            _("You are checked in at %(site)s.") % {"site": place.name},
        )
        return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/qr_check_in.html", {"meeting": meeting, "site": place})
