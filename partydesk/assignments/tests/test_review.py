"""The assigner accepts a completion report with a quality mark (which feeds the year's
record) or returns it; nobody else may, and a mark is given once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Assignment, Quality, State
from partydesk.assignments.selectors.record import person_year
from partydesk.assignments.services.assignments import assignment_complete
from partydesk.assignments.services.review import assignment_accept, assignment_return
from partydesk.assignments.tests.factories import act, give
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent, Notification


def _done(office, **spec):  # type: ignore[no-untyped-def]
    work = give(office.secretary, lead_user=office.specialist, **spec)
    assignment_complete(actor=act(office.specialist), assignment=work, report="Đã xong")
    return work


def test_accepted_as_exceeding_counts_in_the_years_record(office_a):
    today = timezone.localdate()
    work = _done(office_a, start_date=today - dt.timedelta(days=3), deadline=today)
    with pytest.raises(NotAllowed):
        assignment_accept(actor=act(office_a.specialist), assignment=work, quality="exceeded")
    with pytest.raises(InvalidInput, match="quality mark"):
        assignment_accept(actor=act(office_a.secretary), assignment=work, quality="great")
    assignment_accept(actor=act(office_a.secretary), assignment=work, quality=Quality.EXCEEDED)
    work.refresh_from_db()
    assert work.quality == Quality.EXCEEDED and work.accepted_at is not None
    assert AuditEvent.objects.filter(action="assignments.assignment.accepted").count() == 1
    assert Notification.objects.filter(
        recipient=office_a.specialist, title__contains="accepted"
    ).exists()
    with pytest.raises(InvalidInput, match="already accepted"):
        assignment_accept(actor=act(office_a.secretary), assignment=work, quality="met")
    found, _rule = person_year(act(office_a.secretary), office_a.specialist, today.year)
    assert (found.record.on_time, found.record.exceeding, found.record.below) == (1, 1, 0)


def test_below_requirements_needs_a_note_and_blocks_good(office_a):
    today = timezone.localdate()
    work = _done(office_a, start_date=today - dt.timedelta(days=3), deadline=today)
    boss = act(office_a.secretary)
    with pytest.raises(InvalidInput, match="fell below"):
        assignment_accept(actor=boss, assignment=work, quality=Quality.BELOW)
    assignment_accept(actor=boss, assignment=work, quality=Quality.BELOW, note="Thiếu số liệu")
    found, _rule = person_year(boss, office_a.specialist, today.year)
    assert found.record.below == 1
    assert found.proposal.klass not in ("excellent", "good")


def test_returned_work_is_in_progress_again_and_open_work_is_not_reviewed(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    boss = act(office_a.secretary)
    with pytest.raises(InvalidInput, match="reported done"):
        assignment_return(actor=boss, assignment=work, note="Chưa đủ")
    assignment_complete(actor=act(office_a.specialist), assignment=work, report="Đã xong")
    with pytest.raises(InvalidInput, match="missing"):
        assignment_return(actor=boss, assignment=work, note=" ")
    assignment_return(actor=boss, assignment=work, note="Bổ sung phụ lục")
    work.refresh_from_db()
    assert work.state == State.IN_PROGRESS and work.completed_at is None
    assert list(work.events.values_list("action", flat=True))[-1] == "returned"


def test_the_review_form_keeps_the_note_on_a_refusal(office_a):
    work = _done(office_a)
    client = verified_client(office_a.secretary)
    url = reverse("assignments:review", args=[work.pk])
    page = client.get(reverse("assignments:detail", args=[work.pk])).content.decode()
    assert url in page
    response = client.post(url, {"verdict": "accept", "quality": "below", "note": ""})
    assert response.status_code == 400
    assert "fell below" in response.content.decode()
    response = client.post(url, {"verdict": "accept", "quality": "met", "note": "Tốt"})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.quality == Quality.MET


def test_work_reopened_on_its_document_loses_its_mark(office_a):
    """A mark is for the result that was accepted: reopening clears it."""
    from partydesk.assignments.services.keeper import handling_assignment_change
    from partydesk.documents.keeper import AssignmentChanged

    work = _done(office_a)
    assignment_accept(actor=act(office_a.secretary), assignment=work, quality=Quality.MET)
    Assignment.objects.filter(pk=work.pk).update(on_document=True)
    handling_assignment_change(
        AssignmentChanged(
            ids=(work.pk,),
            state=State.IN_PROGRESS,
            action="reopened",
            actor_id=office_a.secretary.pk,
            report="",
        )
    )
    work.refresh_from_db()
    assert (work.state, work.quality, work.accepted_at) == (State.IN_PROGRESS, "", None)
