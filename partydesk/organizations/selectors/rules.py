"""The dated membership rules, as the plain data the lifecycle checks receive."""

from __future__ import annotations

import datetime as dt

from partydesk.organizations.models import RULES_EPOCH, MembershipRule
from partydesk.organizations.transitions import MembershipRules, RuleBook


def _plain(rule: MembershipRule) -> MembershipRules:
    return MembershipRules(
        ceremony_working_days=rule.ceremony_working_days,
        probation_months=rule.probation_months,
        review_working_days=rule.review_working_days,
        min_admission_age=rule.min_admission_age,
    )


def membership_rule_book() -> RuleBook:
    """Every dated rule, oldest first (a handful of rows). Before the first stored rule (or
    with none stored) the model's defaults apply: they are today's values."""
    rows = list(MembershipRule.objects.order_by("valid_from"))
    if not rows or rows[0].valid_from > RULES_EPOCH:
        rows.insert(0, MembershipRule(valid_from=RULES_EPOCH))
    return RuleBook(starts=[r.valid_from for r in rows], rules=[_plain(r) for r in rows])


def membership_rules_on(day: dt.date) -> MembershipRules:
    """The rules in force on `day`: a membership follows those of its admission decision."""
    rule = MembershipRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if rule is None:
        return membership_rule_book().on(day)
    return _plain(rule)
