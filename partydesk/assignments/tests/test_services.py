"""Giving work, breaking it down, completing and withdrawing it: the rules and messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partydesk.assignments.models import Assignment, State
from partydesk.assignments.services.assignments import (
    Spec,
    assignment_cancel,
    assignment_complete,
    assignment_create,
)
from partydesk.assignments.tests.factories import act, give
from partydesk.assignments.transitions import TRANSITIONS, check_transition
from partydesk.core.calendar import statutory_days_off
from partydesk.core.errors import InvalidInput, InvalidTransition, NotAllowed
from partydesk.core.models import AuditEvent, Notification


def test_the_transition_table_walked_end_to_end():
    allowed = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    for current in State.values:
        for target in State.values:
            if (current, target) in allowed:
                check_transition(current, target)
            else:
                with pytest.raises(InvalidTransition):
                    check_transition(current, target)
    assert (State.CANCELLED, State.OPEN) not in allowed


def test_work_given_to_a_person_is_audited_told_and_in_the_history(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist, content="Chi tiết")
    assert work.state == State.OPEN and work.assigner == office_a.secretary
    assert [e.action for e in work.events.all()] == ["created"]
    assert AuditEvent.objects.filter(
        action="assignments.assignment.created", target_id=str(work.pk)
    ).exists()
    assert Notification.objects.filter(recipient=office_a.specialist).exists()


def test_working_days_skip_tet(office_a):
    # Tết 2027 falls on 6 February: ten working days from 1 February end past it
    start = dt.date(2027, 2, 1)
    work = give(
        office_a.secretary,
        lead_unit=office_a.organization,
        deadline=None,
        start_date=start,
        working_days=10,
    )
    assert work.deadline is not None
    weekdays = sum(
        1
        for n in range(1, (work.deadline - start).days + 1)
        if (start + dt.timedelta(days=n)).weekday() < 5
    )
    days_off = [d for d in statutory_days_off(2027) if start < d <= work.deadline]
    assert days_off and weekdays == 10 + len([d for d in days_off if d.weekday() < 5])


def test_a_deadline_before_the_start_is_refused_with_a_clear_message(office_a):
    today = timezone.localdate()
    with pytest.raises(InvalidInput, match="before the start date") as error:
        give(
            office_a.secretary,
            lead_user=office_a.specialist,
            start_date=today,
            deadline=today - dt.timedelta(days=1),
        )
    assert error.value.field == "deadline"
    assert not Assignment.objects.exists()


def test_a_lead_outside_the_organization_is_refused(office_a, office_b):
    with pytest.raises(InvalidInput, match="is not a unit of"):
        give(office_a.secretary, lead_unit=office_b.organization)
    with pytest.raises(InvalidInput, match="does not work in"):
        give(office_a.secretary, lead_user=office_b.specialist)


def test_someone_without_the_role_cannot_give_work(office_a):
    actor = act(office_a.specialist)
    with pytest.raises(NotAllowed):
        assignment_create(
            actor=actor,
            organization=office_a.organization,
            spec=Spec(title="x", lead_user=office_a.clerk),
        )


def test_breaking_down_stays_within_the_deadline_and_starts_the_parent(office_a):
    parent = give(office_a.secretary, lead_unit=office_a.organization)
    head = act(office_a.head)
    assert parent.deadline is not None
    late = parent.deadline + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="cannot end after"):
        assignment_create(
            actor=head,
            organization=office_a.organization,
            parent=parent,
            spec=Spec(
                title="Phần việc",
                lead_user=office_a.specialist,
                deadline=late,
            ),
        )
    child = assignment_create(
        actor=head,
        organization=office_a.organization,
        parent=parent,
        spec=Spec(title="Phần việc", lead_user=office_a.specialist, deadline=parent.deadline),
    )
    parent.refresh_from_db()
    assert child.parent == parent and parent.state == State.IN_PROGRESS
    # The specialist cannot break the Bloc's work down: she is not its lead
    with pytest.raises(NotAllowed):
        assignment_create(
            actor=act(office_a.specialist),
            organization=office_a.organization,
            parent=parent,
            spec=Spec(title="x", lead_user=office_a.clerk),
        )


def test_completion_needs_a_report_and_closed_children_and_closes_once(office_a):
    parent = give(office_a.secretary, lead_unit=office_a.organization)
    child = assignment_create(
        actor=act(office_a.head),
        organization=office_a.organization,
        parent=parent,
        spec=Spec(title="Phần việc", lead_user=office_a.specialist, deadline=parent.deadline),
    )
    with pytest.raises(InvalidInput, match="still open"):
        assignment_complete(actor=act(office_a.head), assignment=parent, report="Xong")
    with pytest.raises(InvalidInput, match="completion report"):
        assignment_complete(actor=act(office_a.specialist), assignment=child, report="  ")
    assignment_complete(actor=act(office_a.specialist), assignment=child, report="Đã xong")
    assignment_complete(actor=act(office_a.head), assignment=parent, report="Đã xong")
    parent.refresh_from_db()
    assert parent.state == State.DONE and parent.completed_at is not None
    with pytest.raises(InvalidInput, match="already closed"):
        assignment_complete(actor=act(office_a.head), assignment=parent, report="Lần nữa")


def test_the_assigner_withdraws_work_with_its_children(office_a):
    parent = give(office_a.secretary, lead_unit=office_a.organization)
    child = assignment_create(
        actor=act(office_a.head),
        organization=office_a.organization,
        parent=parent,
        spec=Spec(title="Phần việc", lead_user=office_a.specialist, deadline=parent.deadline),
    )
    with pytest.raises(NotAllowed):
        assignment_cancel(actor=act(office_a.head), assignment=parent, reason="x")
    assignment_cancel(actor=act(office_a.secretary), assignment=parent, reason="Không cần nữa")
    child.refresh_from_db()
    assert child.state == State.CANCELLED
