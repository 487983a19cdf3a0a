"""The record by period (Q1, Q2, Q3 and the year with Q4 folded in), for people and for
collectives (departments, grassroots organizations), whose "completed" allows at most 20%
of their work behind schedule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Assignment, State
from partydesk.assignments.periods import Period, period_of, periods_of
from partydesk.assignments.selectors.record import person_year, unit_records
from partydesk.assignments.tests.factories import act, give
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org

Y = timezone.localdate().year - 1  # a closed year: nothing is "not yet due"


def test_the_quarters_and_the_year_with_q4_folded_in():
    assert (Period(2026, 1).first, Period(2026, 1).last) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )
    assert (Period(2026, 2).first, Period(2026, 2).last) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 30),
    )
    assert (Period(2026, 3).first, Period(2026, 3).last) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
    )
    assert (Period(2026).first, Period(2026).last) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [p.quarter for p in periods_of(2026)] == [1, 2, 3, None]
    # Q4 has no evaluation of its own: asking for it (or anything else) gives the year
    assert period_of(2026, "4") == period_of(2026, "") == period_of(2026, "x") == Period(2026)
    assert period_of(2026, "2") == Period(2026, 2)
    with pytest.raises(ValueError):
        Period(2026, 4)


def _work(giver, done_on: dt.date | None, deadline: dt.date, **lead) -> Assignment:  # type: ignore[no-untyped-def]
    work = give(giver, start_date=deadline - dt.timedelta(days=30), deadline=deadline, **lead)
    if done_on is not None:
        Assignment.objects.filter(pk=work.pk).update(
            state=State.DONE,
            completed_at=timezone.make_aware(dt.datetime.combine(done_on, dt.time(10))),
        )
    return work


def test_collectives_are_proposed_per_period_with_the_20_percent_rule(office_a, office_b, tree):
    boss = office_a.secretary
    department = make_org(
        "Ban Tuyên giáo Đảng ủy", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT
    )
    cell = tree.cell_a1
    due = dt.date(Y, 3, 20)
    # The department: five due in Q1, one of them late (20% behind)
    for late in (True, False, False, False, False):
        _work(boss, due + dt.timedelta(days=3) if late else due, due, lead_unit=department)
    # The grassroots cell: five due in Q1, two late (40% behind)
    for late in (True, True, False, False, False):
        _work(boss, due + dt.timedelta(days=3) if late else due, due, lead_unit=cell)
    # The department's work due in Q2 and in Q4 (on time), and the specialist's in Q2
    _work(boss, dt.date(Y, 5, 1), dt.date(Y, 5, 10), lead_unit=department)
    _work(boss, dt.date(Y, 11, 1), dt.date(Y, 11, 10), lead_unit=department)
    _work(boss, None, dt.date(Y, 5, 10), lead_user=office_a.specialist)

    q1 = {u.unit: u for u in unit_records(act(boss), Y, 1)}
    # 50 + 4/5 of 30 = 74: the band is good, but not all on time; 20% behind is allowed
    assert q1[department].record.due == 5 and q1[department].behind == Decimal("20.00")
    assert (q1[department].proposal.band, q1[department].proposal.klass) == ("good", "completed")
    # 50 + 3/5 of 30 = 68: completed by the score, but 40% behind is too much
    assert q1[cell].behind == Decimal("40.00")
    assert (q1[cell].proposal.band, q1[cell].proposal.klass) == ("completed", "not_completed")
    q2 = {u.unit: u for u in unit_records(act(boss), Y, 2)}
    assert q2[department].record.due == 1 and cell not in q2
    year = {u.unit: u for u in unit_records(act(boss), Y)}
    assert year[department].record.due == 7 and year[department].behind == Decimal("14.29")
    assert {u.unit for u in unit_records(act(office_b.secretary), Y, 1)} == set()
    specialist = office_a.specialist
    assert person_year(act(boss), specialist, Y, 1)[0].record.due == 0
    assert person_year(act(boss), specialist, Y, 2)[0].record.overdue == 1

    # The page: the period picker, and the collectives with their share behind
    head = verified_client(boss)
    page = head.get(reverse("assignments:records"), {"year": str(Y), "quarter": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and page.context["quarter"] == 1
    assert "Ban Tuyên giáo Đảng ủy" in html and "40%" in html and "40.00" not in html
    assert f"The record of Q1 {Y}" in html
    head.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = head.get(
        reverse("assignments:records"), {"year": str(Y), "quarter": "1"}
    ).content.decode()
    assert "Tập thể" in html and f"quý 1 năm {Y}" in html
    own = head.get(reverse("assignments:record", args=[specialist.pk]), {"year": Y, "quarter": 2})
    assert own.context["found"].record.overdue == 1
