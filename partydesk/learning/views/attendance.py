"""Attendance pages of a class: add a session, and one page per session where the organizer
marks the whole class at once (every learner present by default; change the absentees)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.learning.forms.courses import SessionForm
from partydesk.learning.models import AttendanceStatus
from partydesk.learning.permissions import COURSES_MANAGE
from partydesk.learning.selectors.attendance import attendance_sheet, session_get_for
from partydesk.learning.selectors.courses import class_get_for
from partydesk.learning.services.attendance import attendance_record, session_add


@login_required
@require_POST
def session_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    found = class_get_for(scope, pk)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the session's date."))
        return redirect("learning:class", found.pk)
    try:
        session = session_add(actor=request.actor, course_class=found, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("learning:class", found.pk)
    return redirect("learning:attendance", found.pk, session.pk)


@login_required
def attendance(request: AuthenticatedRequest, pk: int, session_pk: int) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    found = class_get_for(scope, pk)
    session = session_get_for(found, session_pk)
    sheet = attendance_sheet(session)
    if request.method == "POST":
        marks = {row.pk: request.POST.get(f"e{row.pk}", "") for row, _status in sheet}
        try:
            changed = attendance_record(actor=request.actor, session=session, marks=marks)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Attendance saved (%(n)s change(s)).") % {"n": len(changed)}
            )
            return redirect("learning:class", found.pk)
    context = {
        "course_class": found,
        "session": session,
        "sheet": sheet,
        "statuses": AttendanceStatus.choices,
    }
    return render(request, "learning/courses/attendance.html", context)
