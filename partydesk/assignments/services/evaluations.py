"""The year's evaluation procedure (domain-rules §4): the system proposes each person's
score and class from the record, the person self-assesses (form 2A, 2B or 2C), and the
head decides, with a reason whenever the decision differs from the proposal; "excellent"
is held to its quota within the agency and group of similar positions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import Evaluation, EvaluationState, FormKind, Klass
from partydesk.assignments.permissions import ASSIGN
from partydesk.assignments.scoring import ORDER, band_of, excellent_allowed
from partydesk.assignments.selectors.record import rule_on, year_records
from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.notifications import notify
from partydesk.organizations.models import Organization

EVALUATION = "assignments.evaluation"


def _say(evaluation: Evaluation, verb: str, actor: User | None, **details: Any) -> None:
    audit_log(
        actor=actor,
        action=f"assignments.evaluation.{verb}",
        target=evaluation,
        organization_id=evaluation.organization_id,
        details={"year": evaluation.year, **details},
    )


def _tell(people: list[User], evaluation: Evaluation, title: str) -> None:
    notify(
        recipients=people,
        kind=EVALUATION,
        title=title,
        url=reverse("assignments:evaluation", args=[evaluation.pk]),
        organization_id=evaluation.organization_id,
        target=evaluation,
    )


def _record_json(record: Any) -> dict[str, int]:
    keys = ("on_time", "late", "overdue", "exceeding", "below", "not_yet_due")
    return {key: getattr(record, key) for key in keys}


@transaction.atomic
def evaluations_propose(*, actor: Acting, year: int) -> int:
    """Propose the year's evaluation of everyone who led work in the acting organization
    and its units: new ones are made, those not yet self-assessed are brought up to date.
    Returns how many were made or updated."""
    scope = actor.scope
    if not isinstance(scope, Organization) or not actor.can(ASSIGN, on=scope):
        raise NotAllowed(_("Your role does not allow proposing evaluations here."))
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidInput(_("Evaluations are proposed for this year or an earlier one."))
    people, _rule = year_records(actor, year)
    leaders = {u.pk for u in users_with(capability=ASSIGN, organization=scope)}
    existing = {
        e.person_id: e
        for e in Evaluation.objects.select_for_update().filter(organization=scope, year=year)
    }
    changed = 0
    for found in people:
        evaluation = existing.get(found.user.pk)
        fields = {
            "proposed_score": found.proposal.score,
            "proposed_class": found.proposal.klass,
            "record": _record_json(found.record),
        }
        if evaluation is None:
            evaluation = Evaluation.objects.create(
                organization=scope,
                person=found.user,
                year=year,
                form_kind=FormKind.LEADER if found.user.pk in leaders else FormKind.STAFF,
                **fields,
            )
            _say(evaluation, "proposed", actor.user, score=str(found.proposal.score))
            _tell(
                [found.user],
                evaluation,
                _("Your evaluation for %(year)s is proposed: please self-assess") % {"year": year},
            )
        elif evaluation.state == EvaluationState.PROPOSED and any(
            getattr(evaluation, k) != v for k, v in fields.items()
        ):
            for key, value in fields.items():
                setattr(evaluation, key, value)
            evaluation.save(update_fields=[*fields, "updated_at"])
            _say(evaluation, "reproposed", actor.user, score=str(found.proposal.score))
        else:
            continue
        changed += 1
    return changed


def _lock(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("organization", "person")
        .get(pk=evaluation.pk)
    )


@transaction.atomic
def evaluation_self_assess(
    *, actor: Acting, evaluation: Evaluation, klass: str, text: str, form_kind: str
) -> Evaluation:
    """The person's own assessment, until the head decides; the deciders are told."""
    evaluation = _lock(evaluation)
    user: Any = actor.user
    if user is None or evaluation.person_id != user.pk:
        raise NotAllowed(_("Only the person evaluated fills in the self-assessment."))
    if evaluation.state == EvaluationState.DECIDED:
        raise InvalidInput(_("This evaluation is already decided."))
    if klass not in Klass.values:
        raise InvalidInput(_("Choose the class you assess yourself in."), field="klass")
    if form_kind not in FormKind.values:
        raise InvalidInput(_("Choose the form that fits your post."), field="form_kind")
    text = text.strip()
    if not text:
        raise InvalidInput(
            _("Write the self-assessment: results, strengths and shortcomings."), field="text"
        )
    evaluation.self_class, evaluation.self_text, evaluation.form_kind = klass, text, form_kind
    evaluation.self_at = timezone.now()
    evaluation.state = EvaluationState.SELF_ASSESSED
    evaluation.save(
        update_fields=["self_class", "self_text", "form_kind", "self_at", "state", "updated_at"]
    )
    _say(evaluation, "self_assessed", user, klass=klass, form=form_kind)
    deciders = [
        u for u in users_with(capability=ASSIGN, organization=evaluation.organization) if u != user
    ]
    _tell(
        deciders,
        evaluation,
        _("%(name)s self-assessed for %(year)s") % {"name": user, "year": evaluation.year},
    )
    return evaluation


def _check_quota(evaluation: Evaluation, percent: int) -> None:
    """At most `percent` % of those rated good in the same agency, year and group."""
    group = Evaluation.objects.select_for_update().filter(
        organization_id=evaluation.organization_id,
        year=evaluation.year,
        form_kind=evaluation.form_kind,
        state=EvaluationState.DECIDED,
    )
    classes = list(group.exclude(pk=evaluation.pk).values_list("decided_class", flat=True))
    good, excellent = classes.count(Klass.GOOD), classes.count(Klass.EXCELLENT)
    allowed = excellent_allowed(good, percent)
    if excellent + 1 > allowed:
        raise Conflict(
            _(
                "The quota is full: “excellent” is at most %(percent)s%% of those rated good "
                "in the same agency and group (%(form)s). %(good)s rated good allow "
                "%(allowed)s; %(excellent)s already decided."
            )
            % {
                "percent": percent,
                "form": FormKind(evaluation.form_kind).label,
                "good": good,
                "allowed": allowed,
                "excellent": excellent,
            }
        )


@transaction.atomic
def evaluation_decide(
    *, actor: Acting, evaluation: Evaluation, score: Decimal, klass: str, reason: str
) -> Evaluation:
    """The head decides the score and class after the self-assessment; any change from the
    proposal keeps its reason; the class cannot be above the band the score reaches."""
    evaluation = _lock(evaluation)
    user: Any = actor.user
    if not actor.can(ASSIGN, on=evaluation.organization):
        raise NotAllowed(_("Your role does not allow deciding evaluations here."))
    if user is not None and evaluation.person_id == user.pk:
        raise NotAllowed(_("Nobody decides their own evaluation."))
    if evaluation.state != EvaluationState.SELF_ASSESSED:
        raise InvalidInput(
            _("This evaluation is already decided.")
            if evaluation.state == EvaluationState.DECIDED
            else _("The person has not self-assessed yet.")
        )
    if not Decimal(0) <= score <= Decimal(100):
        raise InvalidInput(_("The score is from 0 to 100."), field="score")
    if klass not in Klass.values:
        raise InvalidInput(_("Choose the class decided."), field="klass")
    rule = rule_on(dt.date(evaluation.year, 12, 31))
    band = band_of(score, rule.bands)
    if ORDER.index(klass) < ORDER.index(band):
        raise InvalidInput(
            _("%(score)s points do not reach “%(klass)s”.")
            % {"score": score, "klass": Klass(klass).label},
            field="klass",
        )
    reason = reason.strip()
    if (score != evaluation.proposed_score or klass != evaluation.proposed_class) and not reason:
        raise InvalidInput(_("The decision differs from the proposal: say why."), field="reason")
    if klass == Klass.EXCELLENT:
        _check_quota(evaluation, rule.bands.excellent_quota)
    evaluation.decided_score, evaluation.decided_class = score, klass
    evaluation.decided_reason, evaluation.decided_by = reason, user
    evaluation.decided_at = timezone.now()
    evaluation.state = EvaluationState.DECIDED
    evaluation.save()
    _say(
        evaluation,
        "decided",
        user,
        score=str(score),
        klass=klass,
        proposed=str(evaluation.proposed_score),
        reason=reason,
    )
    _tell(
        [evaluation.person],
        evaluation,
        _("Your evaluation for %(year)s is decided") % {"year": evaluation.year},
    )
    return evaluation
