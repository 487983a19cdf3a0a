"""Membership deadlines: probation reviews due, and what to flag on a member's record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.calendar import add_working_days
from partydesk.organizations.models import (
    MembershipStatus,
    Organization,
    PartyMembership,
    path_prefix_q,
)
from partydesk.organizations.transitions import (
    PROBATION_MONTHS,
    REVIEW_WORKING_DAYS,
    add_months,
    ceremony_deadline,
    check_membership_dates,
    probation_end,
    review_deadline,
    review_deadlines,
)


def _last_ceremony_ending_by(day: dt.date) -> dt.date:
    """The latest ceremony date whose 12 months of probation are complete on `day`.

    probation_end() is non-decreasing but not one-to-one (29 Feb), so step to the edge."""
    ceremony = add_months(day, -PROBATION_MONTHS)
    while probation_end(ceremony + dt.timedelta(days=1)) <= day:
        ceremony += dt.timedelta(days=1)
    while probation_end(ceremony) > day:
        ceremony -= dt.timedelta(days=1)
    return ceremony


def probation_reviews_due(
    scope: Organization | None, *, today: dt.date | None = None
) -> QuerySet[PartyMembership]:
    """Candidates in the scope whose 12 months of probation are over: the cell must review
    them within 30 working days. `is_overdue` is annotated; oldest ceremony first.

    Overdue means today is past the deadline, i.e. the probation ended before the day that
    lies 30 working days before today: one calendar lookup, then a plain indexed filter."""
    if scope is None:
        return PartyMembership.objects.none()
    today = today or timezone.localdate()
    due_by = _last_ceremony_ending_by(today)
    # deadline(end) < today  <=>  end < the 30th working day before today
    overdue_by = _last_ceremony_ending_by(
        add_working_days(today, -REVIEW_WORKING_DAYS) - dt.timedelta(days=1)
    )
    return (
        PartyMembership.objects.filter(
            path_prefix_q(scope.path, "person__organization__path"),
            status=MembershipStatus.CANDIDATE,
            ceremony_date__lte=due_by,
        )
        .annotate(
            is_overdue=Case(
                When(ceremony_date__lte=overdue_by, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("person", "person__organization")
        .order_by("ceremony_date", "id")
    )


@dataclass(frozen=True)
class ReviewDue:
    """A candidate whose probation is over, with the dates the cell must respect."""

    membership: PartyMembership
    probation_end: dt.date
    deadline: dt.date
    overdue: bool


def review_rows(
    memberships: Iterable[PartyMembership], *, today: dt.date | None = None
) -> list[ReviewDue]:
    """Deadlines for a page of probation reviews, with one calendar query for the page."""
    today = today or timezone.localdate()
    rows = list(memberships)
    deadlines = review_deadlines(m.ceremony_date for m in rows if m.ceremony_date)
    result = []
    for m in rows:
        assert m.ceremony_date is not None
        deadline = deadlines[m.ceremony_date]
        result.append(ReviewDue(m, probation_end(m.ceremony_date), deadline, today > deadline))
    return result


def _d(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def membership_flags(
    membership: PartyMembership, *, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """What to flag on a member's record: (level, message) with level "warn" or "danger"."""
    today = today or timezone.localdate()
    m = membership
    flags: list[tuple[str, str]] = []
    check = check_membership_dates(
        status=m.status,
        admission_decision_date=m.admission_decision_date,
        ceremony_date=m.ceremony_date,
        official_recognition_date=m.official_recognition_date,
        birth_date=m.person.birth_date,
        today=max(today, m.admission_decision_date),
    )
    flags.extend(("warn", message) for message in check.warnings)
    if m.status != MembershipStatus.CANDIDATE:
        return flags
    if m.ceremony_date is None:
        deadline = ceremony_deadline(m.admission_decision_date)
        if today > deadline:
            flags.append(
                (
                    "danger",
                    _("The admission ceremony is overdue: it was due by %(date)s.")
                    % {"date": _d(deadline)},
                )
            )
        return flags
    end = probation_end(m.ceremony_date)
    if today >= end:
        deadline = review_deadline(m.ceremony_date)
        level = "danger" if today > deadline else "warn"
        message = (
            _("The cell's review of the probation is overdue since %(date)s.")
            if today > deadline
            else _("Probation ended on %(end)s: the cell must review it by %(date)s.")
        )
        flags.append((level, message % {"date": _d(deadline), "end": _d(end)}))
    return flags
