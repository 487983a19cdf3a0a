"""The year's record per cadre: each assignment led by a person, with a deadline in the
year, counted by how it ended (on time, late, overdue, not yet due), and the proposed
class from the rule in force at the end of the year."""

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
from partydesk.assignments.scoring import Bands, Proposal, Record, propose
from partydesk.assignments.selectors.assignments import visible_assignments
from partydesk.core.http import Acting

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


def _year_rows(actor: Acting, year: int) -> QuerySet[Assignment]:
    return (
        visible_assignments(actor)
        .filter(
            lead_user__isnull=False,
            deadline__gte=dt.date(year, 1, 1),
            deadline__lte=dt.date(year, 12, 31),
        )
        .exclude(role=Role.INFO)
        .exclude(state=State.CANCELLED)
    )


def _as_of(year: int) -> dt.date:
    return min(timezone.localdate(), dt.date(year, 12, 31))


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


def year_records(actor: Acting, year: int) -> tuple[list[PersonYear], RuleInForce]:
    """Every person leading visible work with a deadline in the year (one query)."""
    as_of = _as_of(year)
    rule = rule_on(dt.date(year, 12, 31))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    people: dict[int, User] = {}
    rows = _year_rows(actor, year).select_related("lead_user__person")
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
    found.sort(key=lambda p: (getattr(p.user, "person", None) is None, str(p.user)))
    return found, rule


def person_year(actor: Acting, user: User, year: int) -> tuple[PersonYear, RuleInForce]:
    """One person's year, with the assignments behind each count."""
    as_of = _as_of(year)
    rule = rule_on(dt.date(year, 12, 31))
    grouped: dict[str, list[Assignment]] = {ON_TIME: [], LATE: [], OVERDUE: [], NOT_YET_DUE: []}
    counts: dict[str, int] = defaultdict(int)
    for assignment in _year_rows(actor, year).filter(lead_user=user).order_by("deadline", "id"):
        grouped[timing(assignment, as_of)].append(assignment)
        _count(counts, assignment, as_of)
    record = _record(counts)
    return PersonYear(user, record, propose(record, rule.bands), grouped), rule
