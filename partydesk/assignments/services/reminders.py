"""The daily reminder run: N working days before a deadline, on the day, when overdue, and
overdue work taken to the assigner's superior after M working days (settings). Each
reminder goes out once per deadline (a `Reminder` row), so the run may repeat safely and
an extended deadline arms the reminders again."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import CLOSED, Assignment, Reminder, ReminderKind, Role
from partydesk.assignments.permissions import ASSIGN
from partydesk.assignments.services.common import DUE_SOON, OVERDUE, lead_people, record, tell
from partydesk.core.calendar import add_working_days


def _heads(assignment: Assignment) -> list[User]:
    """Who heads the unit that leads the work (the giving organization for a person)."""
    unit = assignment.lead_unit or assignment.organization
    return users_with(capability=ASSIGN, organization=unit)


def _superiors(assignment: Assignment) -> list[User]:
    """Above the assigner: whoever gave the parent assignment, else those who give work in
    the organization above."""
    if assignment.parent is not None and assignment.parent.assigner is not None:
        return [assignment.parent.assigner]
    above = assignment.organization.parent
    return users_with(capability=ASSIGN, organization=above) if above is not None else []


def _send(assignment: Assignment, kind: str, today: dt.date) -> bool:
    assert assignment.deadline is not None
    day = assignment.deadline.strftime("%d/%m/%Y")
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    assignment=assignment, kind=kind, deadline=assignment.deadline
                )
        except IntegrityError:
            return False  # already sent for this deadline
        lead = lead_people(assignment)
        if kind == ReminderKind.DUE_SOON:
            title = _("Due on %(day)s: %(title)s") % {"day": day, "title": assignment.title}
            tell(lead, assignment, kind=DUE_SOON, title=title)
        elif kind == ReminderKind.DUE_TODAY:
            title = _("Due today: %(title)s") % {"title": assignment.title}
            tell(lead, assignment, kind=DUE_SOON, title=title, urgent=True)
        elif kind == ReminderKind.OVERDUE:
            title = _("Overdue since %(day)s: %(title)s") % {"day": day, "title": assignment.title}
            people = [*lead, assignment.assigner, *_heads(assignment)]
            tell(people, assignment, kind=OVERDUE, title=title, urgent=True)
        else:
            title = _("Still overdue since %(day)s, taken up to you: %(title)s") % {
                "day": day,
                "title": assignment.title,
            }
            tell(_superiors(assignment), assignment, kind=OVERDUE, title=title, urgent=True)
        record(assignment, f"reminder_{kind}", actor=None, details={"deadline": day})
    return True


def _open_with_deadline() -> QuerySet[Assignment]:
    return (
        Assignment.objects.exclude(state__in=CLOSED)
        .exclude(role=Role.INFO)
        .filter(deadline__isnull=False, on_document=False)
        .select_related("lead_unit", "lead_user", "assigner", "organization__parent", "parent")
    )


def assignments_remind(*, today: dt.date | None = None) -> Counter[str]:
    """Send what is due today; how many of each kind were sent."""
    today = today or timezone.localdate()
    warn_until = add_working_days(today, settings.PARTYDESK_ASSIGNMENT_WARN_DAYS)
    escalate_by = add_working_days(today, -settings.PARTYDESK_ASSIGNMENT_ESCALATE_DAYS)
    sent: Counter[str] = Counter()
    rows = _open_with_deadline().filter(deadline__lte=warn_until).order_by("deadline", "id")
    for assignment in rows.iterator(chunk_size=500):
        assert assignment.deadline is not None
        if assignment.deadline > today:
            kinds = [ReminderKind.DUE_SOON]
        elif assignment.deadline == today:
            kinds = [ReminderKind.DUE_TODAY]
        else:
            kinds = [ReminderKind.OVERDUE]
            if assignment.deadline <= escalate_by:
                kinds.append(ReminderKind.ESCALATED)
        for kind in kinds:
            if _send(assignment, kind, today):
                sent[kind] += 1
    return sent
