"""The year's results made public and their appeals (domain-rules §4: "results made
public"; issue 10: "an objection is possible, and its outcome is recorded"): the agency
publishes its decided evaluations to the people concerned, each may appeal their class
once, with a reason, within the working days the rule in force allows, and the deciding
body answers: the decision stands, or it is changed (within the band and the quota)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import AppealOutcome, Evaluation, EvaluationState, Klass
from partydesk.assignments.permissions import ASSIGN, is_own, speaks_for
from partydesk.assignments.selectors.record import rule_on
from partydesk.assignments.services.evaluation_common import evaluated_people, lock, say, tell
from partydesk.assignments.services.evaluations import check_quota, check_score
from partydesk.assignments.transitions import check_evaluation_step
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.organizations.models import Organization


@transaction.atomic
def evaluations_publish(*, actor: Acting, year: int) -> int:
    """Publish the acting agency's decided evaluations of `year` to the people concerned;
    each may appeal until the date given. Returns how many were published."""
    scope = actor.scope
    if not isinstance(scope, Organization) or not actor.can(ASSIGN, on=scope):
        raise NotAllowed(_("Your role does not allow publishing evaluations here."))
    rows = list(
        Evaluation.objects.select_for_update(of=("self",))
        .filter(organization=scope, year=year, state=EvaluationState.DECIDED)
        .select_related("person", "unit")
        .order_by("id")
    )
    if not rows:
        raise InvalidInput(
            _("No decided evaluation of %(year)s waits to be published.") % {"year": year}
        )
    now = timezone.now()
    until = add_working_days(timezone.localdate(), rule_on(dt.date(year, 12, 31)).appeal_days)
    for evaluation in rows:
        check_evaluation_step(evaluation.state, EvaluationState.PUBLISHED)
        evaluation.state = EvaluationState.PUBLISHED
        evaluation.published_at, evaluation.appeal_until = now, until
        evaluation.save(update_fields=["state", "published_at", "appeal_until", "updated_at"])
        say(evaluation, "published", actor.user, until=until.isoformat())
        tell(
            evaluated_people(evaluation),
            evaluation,
            _(
                "Your evaluation for %(year)s is published: %(klass)s. "
                "You may appeal until %(until)s."
            )
            % {
                "year": year,
                "klass": Klass(evaluation.decided_class).label,
                "until": f"{until:%d/%m/%Y}",
            },
        )
    return len(rows)


@transaction.atomic
def evaluation_appeal(*, actor: Acting, evaluation: Evaluation, reason: str) -> Evaluation:
    """The person appeals their published class, once, with a reason, in time."""
    evaluation = lock(evaluation)
    user: Any = actor.user
    if not speaks_for(actor, evaluation):
        raise NotAllowed(_("Only the person evaluated appeals their class."))
    check_evaluation_step(evaluation.state, EvaluationState.APPEALED)
    assert evaluation.appeal_until is not None
    if timezone.localdate() > evaluation.appeal_until:
        raise InvalidInput(
            _("The time to appeal ended on %(date)s.")
            % {"date": f"{evaluation.appeal_until:%d/%m/%Y}"}
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why you appeal the class decided."), field="reason")
    evaluation.appeal_reason, evaluation.appealed_at = reason, timezone.now()
    evaluation.state = EvaluationState.APPEALED
    evaluation.save(update_fields=["appeal_reason", "appealed_at", "state", "updated_at"])
    say(evaluation, "appealed", user, reason=reason)
    tell(
        [
            u
            for u in users_with(capability=ASSIGN, organization=evaluation.organization)
            if u != user
        ],
        evaluation,
        _("%(name)s appealed the evaluation for %(year)s: please answer")
        % {"name": evaluation.subject, "year": evaluation.year},
    )
    return evaluation


@transaction.atomic
def evaluation_answer(
    *,
    actor: Acting,
    evaluation: Evaluation,
    answer: str,
    score: Decimal | None = None,
    klass: str = "",
) -> Evaluation:
    """The deciding body answers an appeal: without a new score and class the decision
    stands; with them it is changed (within the band the score reaches and the quota). The
    answer is kept, and the decision before it in the audit trail."""
    evaluation = lock(evaluation)
    user: Any = actor.user
    if not actor.can(ASSIGN, on=evaluation.organization):
        raise NotAllowed(_("Your role does not allow answering appeals here."))
    if is_own(actor, evaluation):
        raise NotAllowed(_("Nobody answers their own appeal."))
    check_evaluation_step(evaluation.state, EvaluationState.ANSWERED)
    answer = answer.strip()
    if not answer:
        raise InvalidInput(_("Write the answer to the appeal."), field="answer")
    before = (evaluation.decided_score, evaluation.decided_class)
    changed = score is not None and (score, klass) != before
    if changed:
        assert score is not None
        rule = check_score(evaluation, score, klass, answer, before=before)
        if klass == Klass.EXCELLENT and evaluation.decided_class != Klass.EXCELLENT:
            check_quota(evaluation, rule.bands.excellent_quota)
        evaluation.decided_score, evaluation.decided_class = score, klass
    evaluation.appeal_outcome = AppealOutcome.CHANGED if changed else AppealOutcome.UPHELD
    evaluation.appeal_answer, evaluation.answered_by = answer, user
    evaluation.answered_at = timezone.now()
    evaluation.state = EvaluationState.ANSWERED
    evaluation.save()
    say(
        evaluation,
        "answered",
        user,
        outcome=evaluation.appeal_outcome,
        before_score=str(before[0]),
        before_class=before[1],
        score=str(evaluation.decided_score),
        klass=evaluation.decided_class,
    )
    tell(
        evaluated_people(evaluation),
        evaluation,
        _("Your appeal for %(year)s is answered: %(outcome)s")
        % {"year": evaluation.year, "outcome": AppealOutcome(evaluation.appeal_outcome).label},
    )
    return evaluation
