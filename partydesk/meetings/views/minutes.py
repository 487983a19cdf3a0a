"""Closing a meeting and its minutes: the secretary's text, its PDF, filing it in the
documents app's register. A refusal keeps what was typed and says why."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import pdf_response
from partydesk.meetings.forms import MinutesForm
from partydesk.meetings.minutes_pdf import minutes_pdf as minutes_pdf_bytes
from partydesk.meetings.models import Meeting
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.selectors.minutes import minutes_of
from partydesk.meetings.services.attendance import can_run_attendance
from partydesk.meetings.services.meetings import meeting_close
from partydesk.meetings.services.minutes import (
    can_write_minutes,
    minutes_body,
    minutes_file,
    minutes_save,
)


@login_required
@require_POST
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    try:
        meeting_close(actor=request.actor, meeting=meeting)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The meeting is closed. The secretary can write the minutes."))
    return redirect("meetings:detail", meeting.pk)


def _readable(request: AuthenticatedRequest, pk: int) -> Meeting:
    """Those who run the meeting read its draft minutes; others read the filed document."""
    meeting = meeting_get_for(request.actor, pk)
    if not (
        can_run_attendance(request.actor, meeting) or can_write_minutes(request.actor, meeting)
    ):
        raise PermissionDenied(_("Only those who run the meeting read its draft minutes."))
    return meeting


def _page(
    request: AuthenticatedRequest, meeting: Meeting, form: MinutesForm, status: int = 200
) -> HttpResponse:
    stored = minutes_of(meeting)
    context = {
        "meeting": meeting,
        "minutes": stored,
        "form": form,
        "writes": can_write_minutes(request.actor, meeting)
        and meeting.closed_at is not None
        and (stored is None or stored.document_id is None),
    }
    return render(request, "meetings/minutes.html", context, status=status)


@login_required
def minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _readable(request, pk)
    if request.method != "POST":
        return _page(request, meeting, MinutesForm(initial={"body": minutes_body(meeting)}))
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            minutes_save(actor=request.actor, meeting=meeting, body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body" if exc.field == "body" else None, str(exc.message))
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("meetings:minutes", meeting.pk)
    return _page(request, meeting, form, status=400)


@login_required
def minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The text laid out as a draft; once filed, the minutes are their document (signed,
    numbered there), so the reader is sent to it rather than handed an unsigned copy."""
    meeting = _readable(request, pk)
    stored = minutes_of(meeting)
    if stored is not None and stored.document_id is not None:
        return redirect("documents:detail", stored.document_id)
    data = minutes_pdf_bytes(meeting, minutes_body(meeting), draft=True)
    return pdf_response(data, f"bien-ban-{meeting.pk}.pdf", inline=True)


@login_required
@require_POST
def file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _readable(request, pk)
    try:
        document = minutes_file(actor=request.actor, meeting=meeting)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("meetings:minutes", meeting.pk)
    messages.success(
        request,
        _("The minutes were filed in the register as a draft for the chair to sign (no. %(id)s).")
        % {"id": document.pk},
    )
    return redirect("meetings:detail", meeting.pk)
