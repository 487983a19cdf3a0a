"""Giving work and moving it along: create (also as a sub-assignment), start, complete,
cancel. Work made while an incoming document is handled moves through documents (keeper)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.assignments.models import Assignment, Priority, SourceKind, State
from partydesk.assignments.permissions import (
    ASSIGN,
    can_break_down,
    can_cancel,
    can_work_on,
)
from partydesk.assignments.services.common import (
    ASSIGNED,
    UPDATED,
    lead_people,
    record,
    reopened,
    tell,
)
from partydesk.assignments.transitions import check_transition
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.text import vn_sort_key
from partydesk.organizations.models import Organization

MAX_WORKING_DAYS = 250


@dataclass(frozen=True)
class Spec:
    """What the assigner fills in. The deadline is a date, or `working_days` counted from
    `counted_from` (the source's date; by default the start date)."""

    title: str
    lead_unit: Organization | None = None
    lead_user: User | None = None
    content: str = ""
    co_units: Sequence[Organization] = ()
    informed: Sequence[User] = ()
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    working_days: int | None = None
    counted_from: dt.date | None = None
    priority: int = Priority.NORMAL
    expected_products: str = ""
    source_kind: str = SourceKind.NONE
    source_id: int | None = None
    source_label: str = ""
    restricted: bool = False
    details: dict[str, str] = field(default_factory=dict)


def _deadline(spec: Spec, start: dt.date) -> dt.date | None:
    if spec.working_days is not None:
        if not 1 <= spec.working_days <= MAX_WORKING_DAYS:
            raise InvalidInput(
                _("The deadline must be between 1 and %(max)s working days.")
                % {"max": MAX_WORKING_DAYS},
                field="working_days",
            )
        return add_working_days(spec.counted_from or start, spec.working_days)
    return spec.deadline


def _works_in(user: User, organization: Organization) -> bool:
    return any(
        g.organization.is_within(organization) or organization.is_within(g.organization)
        for g in grant_list_current(user)
    )


def _check(
    spec: Spec, organization: Organization, start: dt.date, deadline: dt.date | None
) -> None:
    if not spec.title.strip():
        raise InvalidInput(_("Give the assignment a title."), field="title")
    if (spec.lead_unit is None) == (spec.lead_user is None):
        raise InvalidInput(_("Choose one lead: a unit or a person."), field="lead_unit")
    if spec.lead_unit is not None and not spec.lead_unit.is_within(organization):
        raise InvalidInput(
            _("%(unit)s is not a unit of %(org)s.") % {"unit": spec.lead_unit, "org": organization},
            field="lead_unit",
        )
    if spec.lead_user is not None and not _works_in(spec.lead_user, organization):
        raise InvalidInput(
            _("%(name)s does not work in %(org)s.") % {"name": spec.lead_user, "org": organization},
            field="lead_user",
        )
    for unit in spec.co_units:
        if not unit.is_within(organization):
            raise InvalidInput(
                _("%(unit)s is not a unit of %(org)s.") % {"unit": unit, "org": organization},
                field="co_units",
            )
    if deadline is not None and deadline < start:
        raise InvalidInput(
            _("The deadline (%(deadline)s) is before the start date (%(start)s).")
            % {"deadline": deadline.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            field="deadline",
        )


def lock(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "lead_user", "organization", "parent")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def assignment_create(
    *, actor: Acting, organization: Organization, spec: Spec, parent: Assignment | None = None
) -> Assignment:
    """Give work to a unit or person of `organization` (with `parent`: pass part of that
    assignment on, within its deadline)."""
    user: User | None = actor.user
    if parent is not None:
        parent = lock(parent)
        if not can_break_down(actor, parent):
            raise NotAllowed(_("Only the lead of an open assignment breaks it down."))
        organization = parent.organization
    elif not actor.can(ASSIGN, on=organization):
        raise NotAllowed(_("Your role does not allow giving work here."))
    start = spec.start_date or timezone.localdate()
    deadline = _deadline(spec, start)
    _check(spec, organization, start, deadline)
    if parent is not None and parent.deadline and deadline and deadline > parent.deadline:
        raise InvalidInput(
            _("A sub-assignment cannot end after its assignment's deadline (%(day)s).")
            % {"day": parent.deadline.strftime("%d/%m/%Y")},
            field="deadline",
        )
    assignment = Assignment.objects.create(
        organization=organization,
        parent=parent,
        source_kind=parent.source_kind if parent and not spec.source_id else spec.source_kind,
        source_id=parent.source_id if parent and not spec.source_id else spec.source_id,
        source_label=(spec.source_label or (parent.source_label if parent else ""))[:300],
        title=spec.title.strip()[:300],
        title_sort_key=vn_sort_key(spec.title.strip()[:300]),
        content=spec.content.strip(),
        assigner=user,
        lead_unit=spec.lead_unit,
        lead_user=spec.lead_user,
        start_date=start,
        working_days=spec.working_days,
        deadline=deadline,
        priority=spec.priority,
        expected_products=spec.expected_products.strip(),
        restricted=spec.restricted or bool(parent and parent.restricted),
    )
    assignment.co_units.set(spec.co_units)
    assignment.informed.set(spec.informed)
    record(
        assignment,
        "created",
        actor=user,
        note=assignment.content,
        details={
            "lead": assignment.lead_label,
            "deadline": deadline.isoformat() if deadline else None,
            "parent": parent.pk if parent else None,
            **spec.details,
        },
    )
    title = _("New assignment: %(title)s") % {"title": assignment.title}
    tell(lead_people(assignment), assignment, kind=ASSIGNED, title=title, skip=user)
    tell(spec.informed, assignment, kind=ASSIGNED, title=title, skip=user)
    if parent is not None and parent.state == State.OPEN:
        move(parent, State.IN_PROGRESS, actor=user, action="started")
    return assignment


def move(
    assignment: Assignment, state: str, *, actor: User | None, action: str, note: str = ""
) -> None:
    check_transition(assignment.state, state)
    assignment.state = state
    fields = ["state", "updated_at"]
    if state == State.DONE:
        assignment.report = note
        assignment.completed_at = timezone.now()
        fields += ["report", "completed_at"]
    else:
        fields += reopened(assignment)
    assignment.save(update_fields=fields)
    record(assignment, action, actor=actor, note=note, details={"state": state})


@transaction.atomic
def assignment_complete(*, actor: Acting, assignment: Assignment, report: str) -> Assignment:
    """The lead reports the work done; the assigner is told."""
    assignment = lock(assignment)
    if not can_work_on(actor, assignment):
        if assignment.is_closed:
            raise InvalidInput(_("This assignment is already closed."))
        raise NotAllowed(_("Only the lead of this assignment reports on it."))
    report = report.strip()
    if not report:
        raise InvalidInput(_("Write the completion report (what was done)."), field="report")
    open_children = assignment.children.exclude(state__in=(State.DONE, State.CANCELLED))
    if open_children.exists():
        raise InvalidInput(
            _("Its sub-assignments are still open: close them first."), field="report"
        )
    move(assignment, State.DONE, actor=actor.user, action="completed", note=report)
    title = _("Assignment done: %(title)s") % {"title": assignment.title}
    tell([assignment.assigner], assignment, kind=UPDATED, title=title, skip=actor.user)
    return assignment


@transaction.atomic
def assignment_cancel(*, actor: Acting, assignment: Assignment, reason: str) -> Assignment:
    """The assigner withdraws work that is no longer needed, with its sub-assignments."""
    assignment = lock(assignment)
    if not can_cancel(actor, assignment):
        if assignment.is_closed:
            raise InvalidInput(_("This assignment is already closed."))
        raise NotAllowed(_("Only the assigner withdraws an assignment."))
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why the assignment is withdrawn."), field="reason")
    move(assignment, State.CANCELLED, actor=actor.user, action="cancelled", note=reason)
    for child in assignment.children.exclude(state__in=(State.DONE, State.CANCELLED)):
        move(child, State.CANCELLED, actor=actor.user, action="cancelled", note=reason)
    title = _("Assignment withdrawn: %(title)s") % {"title": assignment.title}
    tell(lead_people(assignment), assignment, kind=UPDATED, title=title, skip=actor.user)
    return assignment
