"""The record of a period (a year, Q4 folded in, or one of its first three quarters) per
cadre and per collective (a department, a grassroots organization): each assignment led by
the person or the unit, with a deadline in the period, counted by how it ended (on time,
late, overdue, not yet due), and the proposed class from the rule in force at the end of
the period (for a collective, "completed" allows at most the rule's share behind schedule)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.models import Assignment, EvaluationRule, Quality, Role, State
from partydesk.assignments.models.evaluation import DEFAULT_SOURCE
from partydesk.assignments.periods import Period
from partydesk.assignments.scoring import Bands, Proposal, Record, propose
from partydesk.assignments.selectors.assignments import visible_assignments
from partydesk.core.http import Acting
from partydesk.core.text import vn_sort_key
from partydesk.organizations.models import Organization

ON_TIME, LATE, OVERDUE, NOT_YET_DUE = "on_time", "late", "overdue", "not_yet_due"


@dataclass(frozen=True)
class RuleInForce:
    bands: Bands
    source: str
    valid_from: dt.date | None
    appeal_days: int = 10  # working days to appeal once the results are published


def rule_on(day: dt.date) -> RuleInForce:
    """The evaluation rule in force on `day` (the defaults before the first stored one)."""
    row = EvaluationRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        return RuleInForce(Bands(), DEFAULT_SOURCE, None)
    bands = Bands(
        excellent_min=Decimal(row.excellent_min),
        good_min=Decimal(row.good_min),
        completed_min=Decimal(row.completed_min),
        excellent_exceeding_min=row.excellent_exceeding_min,
        collective_late_max=row.collective_late_max,
        excellent_quota=row.excellent_quota,
        completion_points=row.completion_points,
        timeliness_points=row.timeliness_points,
        quality_points=row.quality_points,
    )
    return RuleInForce(bands, row.source, row.valid_from, row.appeal_days)


def timing(assignment: Assignment, as_of: dt.date) -> str:
    """How an assignment stands for the record on `as_of`."""
    assert assignment.deadline is not None
    if assignment.state == State.DONE and assignment.completed_at is not None:
        done_on = timezone.localdate(assignment.completed_at)
        return ON_TIME if done_on <= assignment.deadline else LATE
    return OVERDUE if assignment.deadline < as_of else NOT_YET_DUE


def _period_rows(actor: Acting, period: Period) -> QuerySet[Assignment]:
    return (
        visible_assignments(actor)
        .filter(deadline__gte=period.first, deadline__lte=period.last)
        .exclude(role=Role.INFO)
        .exclude(state=State.CANCELLED)
    )


def _year_rows(actor: Acting, period: Period) -> QuerySet[Assignment]:
    return _period_rows(actor, period).filter(lead_user__isnull=False)


def _as_of(period: Period) -> dt.date:
    return min(timezone.localdate(), period.last)


def _count(counts: dict[str, int], assignment: Assignment, as_of: dt.date) -> None:
    """Add one assignment to the counts: its timing, and the assigner's quality mark on
    done work (exceeded or below requirements)."""
    counts[timing(assignment, as_of)] += 1
    if assignment.state == State.DONE and assignment.quality in (Quality.EXCEEDED, Quality.BELOW):
        counts[assignment.quality] += 1


def _record(counts: dict[str, int]) -> Record:
    return Record(
        on_time=counts.get(ON_TIME, 0),
        late=counts.get(LATE, 0),
        overdue=counts.get(OVERDUE, 0),
        exceeding=counts.get(Quality.EXCEEDED, 0),
        below=counts.get(Quality.BELOW, 0),
        not_yet_due=counts.get(NOT_YET_DUE, 0),
    )


@dataclass
class PersonYear:
    user: User
    record: Record
    proposal: Proposal
    rows: dict[str, list[Assignment]] = field(default_factory=dict)


def year_records(
    actor: Acting, year: int, quarter: int | None = None
) -> tuple[list[PersonYear], RuleInForce]:
    """Every person leading visible work with a deadline in the period (one query)."""
    period = Period(year, quarter)
    as_of = _as_of(period)
    rule = rule_on(period.last)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    people: dict[int, User] = {}
    rows = _year_rows(actor, period).select_related("lead_user__person")
    for assignment in rows.only(
        "deadline", "state", "completed_at", "quality", "lead_user", "role", "organization_id"
    ).iterator(chunk_size=2000):
        assert assignment.lead_user is not None
        people[assignment.lead_user_id or 0] = assignment.lead_user
        _count(counts[assignment.lead_user_id or 0], assignment, as_of)
    found = []
    for pk, user in people.items():
        record = _record(counts[pk])
        found.append(PersonYear(user, record, propose(record, rule.bands)))
    found.sort(
        key=lambda p: (getattr(p.user, "person", None) is None, vn_sort_key(p.user.display_name))
    )
    return found, rule


def person_year(
    actor: Acting, user: User, year: int, quarter: int | None = None
) -> tuple[PersonYear, RuleInForce]:
    """One person's period, with the assignments behind each count."""
    period = Period(year, quarter)
    as_of = _as_of(period)
    rule = rule_on(period.last)
    grouped: dict[str, list[Assignment]] = {ON_TIME: [], LATE: [], OVERDUE: [], NOT_YET_DUE: []}
    counts: dict[str, int] = defaultdict(int)
    for assignment in _year_rows(actor, period).filter(lead_user=user).order_by("deadline", "id"):
        grouped[timing(assignment, as_of)].append(assignment)
        _count(counts, assignment, as_of)
    record = _record(counts)
    return PersonYear(user, record, propose(record, rule.bands), grouped), rule


@dataclass
class UnitPeriod:
    """A collective's period: the work the unit itself led."""

    unit: Organization
    record: Record
    proposal: Proposal

    @property
    def behind(self) -> Decimal:
        """The share of the work due that was late or is overdue (two decimals)."""
        share = self.record.share(self.record.late + self.record.overdue)
        return (share if self.record.due else Decimal(0)).quantize(Decimal("0.01"))


def unit_records(actor: Acting, year: int, quarter: int | None = None) -> list[UnitPeriod]:
    """Every unit (department, grassroots organization) leading visible work with a deadline
    in the period, proposed as a collective (one query)."""
    period = Period(year, quarter)
    as_of = _as_of(period)
    bands = rule_on(period.last).bands
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    units: dict[int, Organization] = {}
    rows = (
        _period_rows(actor, period)
        .filter(lead_unit__isnull=False)
        .select_related("lead_unit__parent")
    )
    for assignment in rows.only(
        "deadline", "state", "completed_at", "quality", "lead_unit", "role", "organization_id"
    ).iterator(chunk_size=2000):
        assert assignment.lead_unit is not None
        units[assignment.lead_unit.pk] = assignment.lead_unit
        _count(counts[assignment.lead_unit.pk], assignment, as_of)
    found = [
        UnitPeriod(unit, record, propose(record, bands, collective=True))
        for pk, unit in units.items()
        for record in [_record(counts[pk])]
    ]
    return sorted(found, key=lambda u: u.unit.path)
