"""Progress reports with files, extensions granted by the assigner (the first deadline
stays on record), and the reminder run at fixed dates: N working days before, on the day,
overdue, then taken up a level after M working days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import ExtensionState, ReminderKind, State
from partydesk.assignments.services.assignments import Spec, assignment_create
from partydesk.assignments.services.progress import (
    extension_decide,
    extension_request,
    progress_report,
)
from partydesk.assignments.services.reminders import assignments_remind
from partydesk.assignments.tests.factories import act, give
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.models import Notification
from partydesk.documents.tests.factories import pdf_bytes


def test_progress_over_100_or_on_closed_work_is_refused_clearly(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    lead = act(office_a.specialist)
    with pytest.raises(InvalidInput, match="from 0 to 100"):
        progress_report(actor=lead, assignment=work, percent=120, text="Đã làm")
    progress_report(actor=lead, assignment=work, percent=40, text="Đã xong phần khảo sát")
    work.refresh_from_db()
    assert work.progress == 40 and work.state == State.IN_PROGRESS
    from partydesk.assignments.services.assignments import assignment_complete

    assignment_complete(actor=lead, assignment=work, report="Hoàn thành")
    with pytest.raises(InvalidInput, match="closed"):
        progress_report(actor=lead, assignment=work, percent=100, text="Thêm")


def test_a_progress_report_keeps_its_pdf_for_those_who_see_the_work(office_a, office_b):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    client = verified_client(office_a.specialist)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bao-cao.pdf", pdf_bytes("Báo cáo tiến độ"), "application/pdf")
    response = client.post(
        reverse("assignments:report", args=[work.pk]),
        {"percent": "60", "text": "Đã có dự thảo", "attachments": [upload]},
    )
    assert response.status_code == 302
    report = work.reports.get()
    attached = report.files.get()
    assert attached.name == "bao-cao.pdf"
    url = reverse("assignments:report_file", args=[work.pk, report.pk, attached.pk])
    assert verified_client(office_a.secretary).get(url).content.startswith(b"%PDF")
    assert verified_client(office_b.secretary).get(url).status_code == 404
    bad = client.post(
        reverse("assignments:report", args=[work.pk]),
        {"percent": "101", "text": "Quá"},
    )
    assert bad.status_code == 400 and "Quá" in bad.content.decode()


def test_more_time_is_granted_by_the_assigner_and_the_first_deadline_is_kept(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    first = work.deadline
    assert first is not None
    lead = act(office_a.specialist)
    with pytest.raises(InvalidInput, match="after the current deadline"):
        extension_request(actor=lead, assignment=work, deadline=first, reason="Thiếu số liệu")
    asked = extension_request(
        actor=lead, assignment=work, deadline=first + dt.timedelta(days=7), reason="Chờ số liệu"
    )
    with pytest.raises(Conflict):
        extension_request(
            actor=lead, assignment=work, deadline=first + dt.timedelta(days=9), reason="Nữa"
        )
    with pytest.raises(NotAllowed):
        extension_decide(actor=lead, request=asked, approve=True)
    extension_decide(actor=act(office_a.secretary), request=asked, approve=True, note="Đồng ý")
    work.refresh_from_db()
    asked.refresh_from_db()
    assert work.deadline == first + dt.timedelta(days=7) and work.original_deadline == first
    assert asked.state == ExtensionState.APPROVED
    assert [e.action for e in work.events.all()][-2:] == [
        "extension_requested",
        "extension_approved",
    ]


def _titles(user):  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_reminders_before_on_the_day_overdue_and_escalated_once_each(office_a, settings):
    settings.PARTYDESK_ASSIGNMENT_WARN_DAYS = 3
    settings.PARTYDESK_ASSIGNMENT_ESCALATE_DAYS = 5
    start = dt.date(2027, 3, 1)  # a Monday, no holiday near
    deadline = dt.date(2027, 3, 10)
    parent = give(
        office_a.secretary, lead_unit=office_a.organization, start_date=start, deadline=deadline
    )
    work = assignment_create(
        actor=act(office_a.head),
        organization=office_a.organization,
        parent=parent,
        spec=Spec(
            title="Tổng hợp số liệu",
            lead_user=office_a.specialist,
            start_date=start,
            deadline=deadline,
        ),
    )
    Notification.objects.all().delete()
    # Four working days before: nothing yet; three before: "due soon", once
    assert not assignments_remind(today=add_working_days(deadline, -4))
    sent = assignments_remind(today=add_working_days(deadline, -3))
    assert sent[ReminderKind.DUE_SOON] == 2
    assert not assignments_remind(today=add_working_days(deadline, -2))
    assert any("Due on 10/03/2027" in t for t in _titles(office_a.specialist))
    # On the day, then the day after: the assigner and the unit's head hear of it
    assert assignments_remind(today=deadline)[ReminderKind.DUE_TODAY] == 2
    sent = assignments_remind(today=add_working_days(deadline, 1))
    assert sent[ReminderKind.OVERDUE] == 2 and not sent[ReminderKind.ESCALATED]
    assert any("Overdue since" in t for t in _titles(office_a.head))
    # Four working days overdue: not yet up a level; five: the parent's assigner hears it
    assert not assignments_remind(today=add_working_days(deadline, 4))
    Notification.objects.all().delete()
    sent = assignments_remind(today=add_working_days(deadline, 5))
    assert sent[ReminderKind.ESCALATED] == 2
    assert any("taken up to you" in t for t in _titles(office_a.secretary))
    assert not assignments_remind(today=add_working_days(deadline, 6))
    # An extension arms the reminders again for the new deadline
    asked = extension_request(
        actor=act(office_a.specialist),
        assignment=work,
        deadline=dt.date(2027, 3, 31),
        reason="Chờ số liệu",
    )
    extension_decide(actor=act(office_a.head), request=asked, approve=True)
    assert assignments_remind(today=dt.date(2027, 3, 26))[ReminderKind.DUE_SOON] == 1
