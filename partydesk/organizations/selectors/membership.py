"""Membership deadlines: probation reviews due, and what to flag on a member's record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.calendar import add_working_days, add_working_days_many
from partydesk.organizations.models import (
    MembershipStatus,
    Organization,
    PartyMembership,
    path_prefix_q,
)
from partydesk.organizations.selectors.rules import membership_rule_book, membership_rules_on
from partydesk.organizations.transitions import (
    RuleBook,
    ceremony_deadline,
    check_membership_dates,
    last_ceremony_ending_by,
    probation_end,
    review_deadline,
)


def _rule_periods(book: RuleBook) -> list[tuple[Q, int]]:
    """(memberships whose admission decision falls in a rule's period, that rule's index)."""
    periods = []
    for i, start in enumerate(book.starts):
        q = Q(admission_decision_date__gte=start) if i else Q()
        if i + 1 < len(book.starts):
            q &= Q(admission_decision_date__lt=book.starts[i + 1])
        periods.append((q, i))
    return periods


def probation_reviews_due(
    scope: Organization | None, *, today: dt.date | None = None
) -> QuerySet[PartyMembership]:
    """Candidates in the scope whose probation is over: the cell must review them within the
    rule's working days. `is_overdue` is annotated; oldest ceremony first.

    Overdue means today is past the deadline, i.e. the probation ended before the day that
    lies so many working days before today: one calendar lookup per dated rule (usually
    one), then a plain indexed filter. Each membership follows the rule of its admission."""
    if scope is None:
        return PartyMembership.objects.none()
    today = today or timezone.localdate()
    book = membership_rule_book()
    due = Q(pk__in=[])
    overdue = Q(pk__in=[])
    for period, i in _rule_periods(book):
        rules = book.rules[i]
        due |= period & Q(ceremony_date__lte=last_ceremony_ending_by(today, rules))
        # deadline(end) < today  <=>  end < the n-th working day before today
        before = add_working_days(today, -rules.review_working_days) - dt.timedelta(days=1)
        overdue |= period & Q(ceremony_date__lte=last_ceremony_ending_by(before, rules))
    return (
        PartyMembership.objects.filter(
            path_prefix_q(scope.path, "person__organization__path"),
            due,
            status=MembershipStatus.CANDIDATE,
        )
        .annotate(
            is_overdue=Case(
                When(overdue, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("person", "person__organization__parent")
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
    """Deadlines for a page of probation reviews, with one calendar query per rule in use."""
    today = today or timezone.localdate()
    rows = list(memberships)
    book = membership_rule_book()
    ends: dict[int, dt.date] = {}
    starts_by_n: dict[int, set[dt.date]] = {}
    for m in rows:
        assert m.ceremony_date is not None
        rules = book.on(m.admission_decision_date)
        ends[m.pk] = probation_end(m.ceremony_date, rules)
        starts_by_n.setdefault(rules.review_working_days, set()).add(ends[m.pk])
    deadlines = {n: add_working_days_many(days, n) for n, days in starts_by_n.items()}
    result = []
    for m in rows:
        n = book.on(m.admission_decision_date).review_working_days
        deadline = deadlines[n][ends[m.pk]]
        result.append(ReviewDue(m, ends[m.pk], deadline, today > deadline))
    return result


def _d(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def membership_flags(
    membership: PartyMembership, *, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """What to flag on a member's record: (level, message) with level "warn" or "danger"."""
    today = today or timezone.localdate()
    m = membership
    rules = membership_rules_on(m.admission_decision_date)
    flags: list[tuple[str, str]] = []
    check = check_membership_dates(
        rules=rules,
        working_days=add_working_days,
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
        deadline = ceremony_deadline(m.admission_decision_date, rules, add_working_days)
        if today > deadline:
            flags.append(
                (
                    "danger",
                    _("The admission ceremony is overdue: it was due by %(date)s.")
                    % {"date": _d(deadline)},
                )
            )
        return flags
    end = probation_end(m.ceremony_date, rules)
    if today >= end:
        deadline = review_deadline(m.ceremony_date, rules, add_working_days)
        level = "danger" if today > deadline else "warn"
        message = (
            _("The cell's review of the probation is overdue since %(date)s.")
            if today > deadline
            else _("Probation ended on %(end)s: the cell must review it by %(date)s.")
        )
        flags.append((level, message % {"date": _d(deadline), "end": _d(end)}))
    return flags
