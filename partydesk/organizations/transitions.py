"""The membership lifecycle: which status may follow which, and the dates the rules require.

Domain rules §5.2: the ceremony follows the admission decision within so many working days
(a warning, not a block: late ceremonies happen and must still be recorded); probation lasts
so many months from the ceremony; the cell reviews the member within so many working days
after it ends; a member is admitted from a minimum age. The figures are dated data
(`MembershipRule`, read by `selectors.membership_rules_on`); this module receives them, and the
working-day calendar, as arguments: it never queries the database.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidTransition
from partydesk.organizations.models import MembershipStatus

WorkingDays = Callable[[dt.date, int], dt.date]
"""`working_days(start, n)`: the date n working days after start (core.calendar's rule)."""


@dataclass(frozen=True)
class MembershipRules:
    """The membership deadlines in force on one day (a MembershipRule row, as plain data)."""

    ceremony_working_days: int
    probation_months: int
    review_working_days: int
    min_admission_age: int


@dataclass(frozen=True)
class RuleBook:
    """Every dated rule, oldest first; `on(day)` answers which one is in force."""

    starts: Sequence[dt.date]
    rules: Sequence[MembershipRules]

    def on(self, day: dt.date) -> MembershipRules:
        index = bisect.bisect_right(self.starts, day) - 1
        return self.rules[max(index, 0)]


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


def probation_end(ceremony: dt.date, rules: MembershipRules) -> dt.date:
    """The day the months of probation counted from the ceremony are complete."""
    return add_months(ceremony, rules.probation_months)


def review_deadline(
    ceremony: dt.date, rules: MembershipRules, working_days: WorkingDays
) -> dt.date:
    """Last day for the cell to consider official status (working days after probation)."""
    return working_days(probation_end(ceremony, rules), rules.review_working_days)


def ceremony_deadline(
    decision: dt.date, rules: MembershipRules, working_days: WorkingDays
) -> dt.date:
    """Last day for the admission ceremony (working days after the decision)."""
    return working_days(decision, rules.ceremony_working_days)


def last_ceremony_ending_by(day: dt.date, rules: MembershipRules) -> dt.date:
    """The latest ceremony date whose probation is complete on `day`.

    probation_end() is non-decreasing but not one-to-one (29 Feb), so step to the edge."""
    ceremony = add_months(day, -rules.probation_months)
    while probation_end(ceremony + dt.timedelta(days=1), rules) <= day:
        ceremony += dt.timedelta(days=1)
    while probation_end(ceremony, rules) > day:
        ceremony -= dt.timedelta(days=1)
    return ceremony


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
    rules: MembershipRules,
    working_days: WorkingDays,
    today: dt.date | None = None,
) -> DateCheck:
    """Check the order of the lifecycle dates for a membership in `status`, by `rules`.

    `working_days` counts the ceremony deadline; a bulk caller (the Excel import) answers it
    from one calendar query."""
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
        elif official < (end := probation_end(ceremony, rules)):
            check.error(
                "official_recognition_date",
                _(
                    "Official recognition can only come after the %(months)s months of "
                    "probation, which end on %(date)s."
                )
                % {"date": _d(end), "months": rules.probation_months},
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
    if ceremony is not None and ceremony > (
        deadline := ceremony_deadline(decision, rules, working_days)
    ):
        check.warnings.append(
            _(
                "The ceremony was held after the deadline of %(days)s working days from the "
                "admission decision (%(date)s)."
            )
            % {"date": _d(deadline), "days": rules.ceremony_working_days}
        )
    if birth_date is not None and (add_months(birth_date, rules.min_admission_age * 12) > decision):
        check.warnings.append(
            _("The member was under %(age)s on the admission decision date.")
            % {"age": rules.min_admission_age}
        )
    return check
