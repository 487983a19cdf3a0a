"""The year's record per cadre: counted from the assignments they led, with the class it
proposes; someone else's record is for those who follow the unit's work, and another
organization's person is a 404."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Assignment, State
from partydesk.assignments.tests.factories import give


def _done(work: Assignment, on: dt.date) -> None:
    Assignment.objects.filter(pk=work.pk).update(
        state=State.DONE,
        completed_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))),
    )


def test_a_specialists_year_is_counted_and_explained(office_a, office_b):
    today = timezone.localdate()
    start = today - dt.timedelta(days=40)
    on_time = give(
        office_a.secretary,
        title="Đúng hạn",
        lead_user=office_a.specialist,
        start_date=start,
        deadline=today - dt.timedelta(days=5),
    )
    _done(on_time, today - dt.timedelta(days=6))
    late = give(
        office_a.secretary,
        title="Trễ hạn",
        lead_user=office_a.specialist,
        start_date=start,
        deadline=today - dt.timedelta(days=10),
    )
    _done(late, today - dt.timedelta(days=2))
    give(
        office_a.secretary,
        title="Quá hạn",
        lead_user=office_a.specialist,
        start_date=start,
        deadline=today - dt.timedelta(days=1),
    )
    if today.month == 1 and today.day < 12:  # the year must hold every deadline
        return
    head = verified_client(office_a.secretary)
    listing = head.get(reverse("assignments:records")).content.decode()
    assert "a_specialist" in listing or "Proposed class" in listing
    page = head.get(reverse("assignments:record", args=[office_a.specialist.pk]))
    found = page.context["found"]
    assert (found.record.on_time, found.record.late, found.record.overdue) == (1, 1, 1)
    # completion 2/3 of 50, timeliness 1/3 of 30: 33.33 + 10.00 = 43.33, not completed
    assert str(found.proposal.score) == "43.33" and found.proposal.klass == "not_completed"
    assert "Trễ hạn" in page.content.decode()
    head.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    in_vietnamese = head.get(reverse("assignments:record", args=[office_a.specialist.pk]))
    assert "Không hoàn thành nhiệm vụ" in in_vietnamese.content.decode()
    # the specialist sees her own; another organization's secretary cannot see it
    own = verified_client(office_a.specialist).get(reverse("assignments:records"))
    assert own.status_code == 200 and own.context["found"].user == office_a.specialist
    foreign = verified_client(office_b.secretary).get(
        reverse("assignments:record", args=[office_a.specialist.pk])
    )
    assert foreign.status_code == 404
