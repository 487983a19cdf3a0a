"""The membership lifecycle: which status may follow which, and the dates the rules require.

Domain rules §5.2: the ceremony follows the admission decision within 30 working days (a
warning, not a block: late ceremonies happen and must still be recorded); probation lasts 12
months from the ceremony; the cell reviews the member within 30 working days after it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.calendar import add_working_days, is_working_day
from partydesk.core.errors import InvalidTransition
from partydesk.core.models import Holiday
from partydesk.organizations.models import MembershipStatus

CEREMONY_WORKING_DAYS = 30
PROBATION_MONTHS = 12
REVIEW_WORKING_DAYS = 30
MIN_ADMISSION_AGE = 18

S = MembershipStatus
# None stands for "no membership yet". Transferred-out members may come back (transfer in).
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({S.CANDIDATE, S.OFFICIAL}),
    S.CANDIDATE: frozenset({S.OFFICIAL, S.TRANSFERRED_OUT, S.REMOVED, S.DECEASED}),
    S.OFFICIAL: frozenset({S.TRANSFERRED_OUT, S.REMOVED, S.DECEASED}),
    S.TRANSFERRED_OUT: frozenset({S.CANDIDATE, S.OFFICIAL}),
    S.REMOVED: frozenset(),
    S.DECEASED: frozenset(),
}
ACTIVE_STATUSES = frozenset({S.CANDIDATE, S.OFFICIAL})


def check_transition(current: str | None, new: str) -> None:
    """Raise InvalidTransition unless the table allows `current` -> `new`."""
    if new not in TRANSITIONS.get(current, frozenset()):
        current_label = S(current).label if current else _("no membership")
        raise InvalidTransition(
            _("A membership cannot go from “%(current)s” to “%(new)s”.")
            % {"current": current_label, "new": S(new).label}
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the 31st becomes the month's last day when needed."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def probation_end(ceremony: dt.date) -> dt.date:
    """The day the 12 months of probation counted from the ceremony are complete."""
    return add_months(ceremony, PROBATION_MONTHS)


def review_deadline(ceremony: dt.date) -> dt.date:
    """Last day for the cell to consider official status (30 working days after probation)."""
    return add_working_days(probation_end(ceremony), REVIEW_WORKING_DAYS)


def ceremony_deadline(decision: dt.date) -> dt.date:
    """Last day for the admission ceremony (30 working days after the decision)."""
    return add_working_days(decision, CEREMONY_WORKING_DAYS)


def working_day_deadlines(starts: Iterable[dt.date], n: int) -> dict[dt.date, dt.date]:
    """add_working_days(start, n) for many starts with one calendar query (lists, imports)."""
    days = set(starts)
    if not days:
        return {}
    lo, hi = min(days), max(days) + dt.timedelta(days=n * 2 + 40)
    overrides = dict(Holiday.objects.filter(date__range=(lo, hi)).values_list("date", "is_day_off"))
    result: dict[dt.date, dt.date] = {}
    for start in days:
        day, remaining = start, n
        while remaining and day < hi:
            day += dt.timedelta(days=1)
            if is_working_day(day, overrides):
                remaining -= 1
        # Beyond the fetched span only an absurd run of days off could take us: ask the calendar.
        result[start] = day if not remaining else add_working_days(start, n)
    return result


def review_deadlines(ceremonies: Iterable[dt.date]) -> dict[dt.date, dt.date]:
    """review_deadline() for many ceremony dates, keyed by ceremony date."""
    ceremonies = set(ceremonies)
    ends = {c: probation_end(c) for c in ceremonies}
    deadlines = working_day_deadlines(ends.values(), REVIEW_WORKING_DAYS)
    return {c: deadlines[end] for c, end in ends.items()}


def _d(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class DateCheck:
    """What is wrong with a set of membership dates: errors block, warnings are flagged."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, message))

    @property
    def ok(self) -> bool:
        return not self.errors


def check_membership_dates(
    *,
    status: str,
    admission_decision_date: dt.date | None,
    ceremony_date: dt.date | None = None,
    official_recognition_date: dt.date | None = None,
    birth_date: dt.date | None = None,
    today: dt.date | None = None,
    ceremony_deadline_of: Callable[[dt.date], dt.date] = ceremony_deadline,
) -> DateCheck:
    """Check the order of the lifecycle dates for a membership in `status`.

    `ceremony_deadline_of` lets a bulk caller (the Excel import) answer from one query."""
    today = today or dt.date.today()
    check = DateCheck()
    decision, ceremony, official = (
        admission_decision_date,
        ceremony_date,
        official_recognition_date,
    )
    if decision is None:
        check.error("admission_decision_date", _("Enter the admission decision date."))
        return check
    for name, value in (
        ("admission_decision_date", decision),
        ("ceremony_date", ceremony),
        ("official_recognition_date", official),
    ):
        if value is not None and value > today:
            check.error(name, _("This date is in the future."))
    if birth_date is not None and decision <= birth_date:
        check.error("admission_decision_date", _("The admission decision is before the birth."))
    if ceremony is not None and ceremony < decision:
        check.error("ceremony_date", _("The ceremony cannot come before the admission decision."))
    if official is not None:
        if ceremony is None:
            check.error(
                "ceremony_date",
                _("Enter the ceremony date: official recognition comes after probation."),
            )
        elif official < probation_end(ceremony):
            check.error(
                "official_recognition_date",
                _(
                    "Official recognition can only come after the 12 months of probation, "
                    "which end on %(date)s."
                )
                % {"date": _d(probation_end(ceremony))},
            )
    if status == S.OFFICIAL and official is None:
        check.error(
            "official_recognition_date",
            _("An official member needs the official recognition date."),
        )
    if status == S.CANDIDATE and official is not None:
        check.error(
            "official_recognition_date",
            _("A candidate member has no official recognition date yet."),
        )
    if check.errors:
        return check
    if ceremony is not None and ceremony > (deadline := ceremony_deadline_of(decision)):
        check.warnings.append(
            _(
                "The ceremony was held after the deadline of 30 working days from the "
                "admission decision (%(date)s)."
            )
            % {"date": _d(deadline)}
        )
    if birth_date is not None and add_months(birth_date, MIN_ADMISSION_AGE * 12) > decision:
        check.warnings.append(_("The member was under 18 on the admission decision date."))
    return check
