"""The organizer's exam pages: list, new exam, results (sortable, .xlsx), essay marking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE, Percent, rows_workbook
from partydesk.learning.forms.exams import ExamForm, MarkForm
from partydesk.learning.models import Exam
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.selectors.attendance import AttendanceSummary, attendance_by_person
from partydesk.learning.selectors.bank import categories_for
from partydesk.learning.selectors.certificates import certificates_by_attempt
from partydesk.learning.selectors.courses import class_list_for
from partydesk.learning.selectors.exams import (
    RESULT_SORTS,
    answer_get_for,
    essays_to_mark,
    exam_get_for,
    exam_list_for,
    exam_results,
)
from partydesk.learning.services.exams import answer_mark, attempts_expire, exam_create


@login_required
def exams(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    return render(request, "learning/exams/list.html", {"exams": exam_list_for(scope)})


@login_required
def exam_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    form = ExamForm(
        request.POST or None, classes=class_list_for(scope), categories=categories_for(scope)
    )
    if request.method == "POST" and form.is_valid():
        try:
            exam = exam_create(actor=request.actor, organization=scope, **form.blueprint())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("learning:exam", exam.pk)
    status = 400 if form.is_bound else 200
    return render(request, "learning/exams/new.html", {"form": form}, status=status)


def _presence(exam: Exam) -> dict[int, AttendanceSummary]:
    """The class's attendance per person (none for an exam outside a class)."""
    return attendance_by_person(exam.course_class) if exam.course_class else {}


@login_required
def exam(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    attempts_expire(exam=found)
    sort = request.GET.get("sort", "name")
    sort = sort if sort in RESULT_SORTS else "name"
    attempts = list(exam_results(found, sort))
    issued = certificates_by_attempt([a.pk for a in attempts])
    presence = _presence(found)
    rows = [
        (a, a.user.display_name, issued.get(a.pk), presence.get(a.user.person_id or 0))
        for a in attempts
    ]
    context = {"exam": found, "rows": rows, "sort": sort}
    return render(request, "learning/exams/results.html", context)


@login_required
def exam_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    attempts_expire(exam=found)
    header = [
        _("Name"),
        _("Attempt"),
        _("Status"),
        _("Submitted"),
        _("Score"),
        _("Percent"),
        _("Result"),
        _("Attendance"),
    ]
    presence = _presence(found)
    rows = []
    for attempt in exam_results(found, request.GET.get("sort", "name")):
        result = "" if attempt.passed is None else (_("Passed") if attempt.passed else _("Failed"))
        attended = presence.get(attempt.user.person_id or 0)
        rows.append(
            [
                attempt.user.display_name,
                attempt.number,
                str(attempt.get_status_display()),
                attempt.submitted_at,
                float(attempt.score) if attempt.score is not None else None,
                Percent(attempt.percent) if attempt.percent is not None else None,
                result,
                (attended.reason or f"{attended.present}/{attended.sessions}") if attended else "",
            ]
        )
    data = rows_workbook(_("Results"), header, rows)
    return file_response(data, f"exam-{found.pk}-results.xlsx", XLSX_CONTENT_TYPE)


@login_required
def marking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    rows = [
        (a, a.user.display_name, q, MarkForm(prefix=f"a{q.answer.pk}"))
        for a, q in essays_to_mark(found)
        if q.answer
    ]
    return render(request, "learning/exams/marking.html", {"exam": found, "rows": rows})


@login_required
@require_POST
def answer_mark_view(request: AuthenticatedRequest, pk: int, answer_pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    answer = answer_get_for(found, answer_pk)
    form = MarkForm(request.POST, prefix=f"a{answer_pk}")
    if form.is_valid():
        try:
            answer_mark(actor=request.actor, answer=answer, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The mark is saved."))
    else:
        messages.error(request, _("A mark from 0 to 100%."))
    return redirect("learning:marking", found.pk)
