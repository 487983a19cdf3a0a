"""The year's evaluation procedure (domain-rules §4, transitions.EVALUATION_TRANSITIONS):
the system proposes each person's score and class from the record, the person
self-assesses (form 2A, 2B or 2C), the advisory body appraises and proposes, and the
competent body decides, each with a reason whenever it differs from the step before;
"excellent" is held to its quota within the agency and group of similar positions.
Publishing and appeals are in `appeals`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import (
    DECIDED_STATES,
    PERSON_FORMS,
    Evaluation,
    EvaluationState,
    FormKind,
    Klass,
)
from partydesk.assignments.permissions import ADVISE, ASSIGN, is_own, speaks_for
from partydesk.assignments.scoring import ORDER, band_of, excellent_allowed
from partydesk.assignments.selectors.record import (
    RuleInForce,
    rule_on,
    unit_records,
    year_records,
)
from partydesk.assignments.services.evaluation_common import (
    evaluated_people,
    lock,
    others,
    record_json,
    say,
    tell,
)
from partydesk.assignments.transitions import check_evaluation_step
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.organizations.models import Organization


@dataclass(frozen=True)
class _Candidate:
    """Someone the record proposes: a person (`person`) or a collective (`unit`)."""

    key: tuple[str, int]
    subject: dict[str, Any]
    form_kind: str
    score: Decimal
    fields: dict[str, Any]


def _candidates(actor: Acting, scope: Organization, year: int) -> list[_Candidate]:
    """The people who led work in the agency and its units, then its units themselves
    (departments, grassroots organizations: the collective rule), from the record."""
    people, _rule = year_records(actor, year)
    leaders = {u.pk for u in users_with(capability=ASSIGN, organization=scope)}
    found = [
        _Candidate(
            ("person", p.user.pk),
            {"person": p.user},
            FormKind.LEADER if p.user.pk in leaders else FormKind.STAFF,
            p.proposal.score,
            {
                "proposed_score": p.proposal.score,
                "proposed_class": p.proposal.klass,
                "record": record_json(p.record),
            },
        )
        for p in people
    ]
    for u in unit_records(actor, year):
        if u.unit.pk == scope.pk or not u.unit.is_within(scope):
            continue  # the agency itself is evaluated above it; work passed from above
        record = {**record_json(u.record), "behind": str(u.behind)}
        fields = {
            "proposed_score": u.proposal.score,
            "proposed_class": u.proposal.klass,
            "record": record,
        }
        found.append(
            _Candidate(
                ("unit", u.unit.pk), {"unit": u.unit}, FormKind.COLLECTIVE, u.proposal.score, fields
            )
        )
    return found


@transaction.atomic
def evaluations_propose(*, actor: Acting, year: int) -> int:
    """Propose the year's evaluation of everyone who led work in the acting organization
    and its units, and of each of its units as a collective: new ones are made, those not
    yet self-assessed are brought up to date. Returns how many were made or updated."""
    scope = actor.scope
    if not isinstance(scope, Organization) or not actor.can(ASSIGN, on=scope):
        raise NotAllowed(_("Your role does not allow proposing evaluations here."))
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidInput(_("Evaluations are proposed for this year or an earlier one."))
    existing = {
        ("unit", e.unit_id) if e.unit_id else ("person", e.person_id): e
        for e in Evaluation.objects.select_for_update().filter(organization=scope, year=year)
    }
    changed = 0
    for found in _candidates(actor, scope, year):
        evaluation = existing.get(found.key)
        if evaluation is None:
            evaluation = Evaluation.objects.create(
                organization=scope,
                year=year,
                form_kind=found.form_kind,
                **found.subject,
                **found.fields,
            )
            say(evaluation, "proposed", actor.user, score=str(found.score))
            title = (
                _("The evaluation of %(name)s for %(year)s is proposed: please self-assess")
                % {"name": evaluation.subject, "year": year}
                if evaluation.is_collective
                else _("Your evaluation for %(year)s is proposed: please self-assess")
                % {"year": year}
            )
            tell(evaluated_people(evaluation), evaluation, title)
        elif evaluation.state == EvaluationState.PROPOSED and any(
            getattr(evaluation, k) != v for k, v in found.fields.items()
        ):
            for key, value in found.fields.items():
                setattr(evaluation, key, value)
            evaluation.save(update_fields=[*found.fields, "updated_at"])
            say(evaluation, "reproposed", actor.user, score=str(found.score))
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def evaluation_self_assess(
    *, actor: Acting, evaluation: Evaluation, klass: str, text: str, form_kind: str
) -> Evaluation:
    """The person's own assessment (a collective's by its head, on form 01), until the
    advisory body proposes; the advisory body is told."""
    evaluation = lock(evaluation)
    user: Any = actor.user
    if not speaks_for(actor, evaluation):
        if evaluation.is_collective:
            raise NotAllowed(
                _("The collective's head, acting for it, fills in its self-assessment.")
            )
        raise NotAllowed(_("Only the person evaluated fills in the self-assessment."))
    check_evaluation_step(evaluation.state, EvaluationState.SELF_ASSESSED)
    if klass not in Klass.values:
        raise InvalidInput(_("Choose the class you assess yourself in."), field="klass")
    if evaluation.is_collective:
        form_kind = FormKind.COLLECTIVE
    elif form_kind not in PERSON_FORMS:
        raise InvalidInput(_("Choose the form that fits your post."), field="form_kind")
    text = text.strip()
    if not text:
        raise InvalidInput(
            _("Write the self-assessment: results, strengths and shortcomings."), field="text"
        )
    evaluation.self_class, evaluation.self_text, evaluation.form_kind = klass, text, form_kind
    evaluation.self_at, evaluation.self_by = timezone.now(), user
    evaluation.state = EvaluationState.SELF_ASSESSED
    evaluation.save(
        update_fields=[
            "self_class",
            "self_text",
            "form_kind",
            "self_at",
            "self_by",
            "state",
            "updated_at",
        ]
    )
    say(evaluation, "self_assessed", user, klass=klass, form=form_kind)
    tell(
        others(ADVISE, evaluation, user),
        evaluation,
        _("%(name)s self-assessed for %(year)s")
        % {"name": evaluation.subject, "year": evaluation.year},
    )
    return evaluation


def check_quota(evaluation: Evaluation, percent: int) -> None:
    """At most `percent` % of those rated good in the same agency, year and group."""
    group = Evaluation.objects.select_for_update().filter(
        organization_id=evaluation.organization_id,
        year=evaluation.year,
        form_kind=evaluation.form_kind,
        state__in=DECIDED_STATES,
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


def check_score(
    evaluation: Evaluation, score: Decimal, klass: str, reason: str, *, before: tuple[Any, str]
) -> RuleInForce:
    """A score from 0 to 100 and a class the score reaches (under the rule in force on 31
    December); a reason when they differ from the step `before`. Returns the rule."""
    if not Decimal(0) <= score <= Decimal(100):
        raise InvalidInput(_("The score is from 0 to 100."), field="score")
    if klass not in Klass.values:
        raise InvalidInput(_("Choose the class."), field="klass")
    rule = rule_on(dt.date(evaluation.year, 12, 31))
    band = band_of(score, rule.bands)
    if ORDER.index(klass) < ORDER.index(band):
        raise InvalidInput(
            _("%(score)s points do not reach “%(klass)s”.")
            % {"score": score, "klass": Klass(klass).label},
            field="klass",
        )
    if (score, klass) != before and not reason:
        raise InvalidInput(_("This differs from the proposal before it: say why."), field="reason")
    return rule


@transaction.atomic
def evaluation_advise(
    *, actor: Acting, evaluation: Evaluation, score: Decimal, klass: str, reason: str
) -> Evaluation:
    """The advisory body appraises the self-assessment and proposes the score and class to
    the competent body (it may revise its proposal until the decision); any difference from
    the system's proposal keeps its reason."""
    evaluation = lock(evaluation)
    user: Any = actor.user
    if not actor.can(ADVISE, on=evaluation.organization):
        raise NotAllowed(_("Your role does not allow proposing classes for the advisory body."))
    if is_own(actor, evaluation):
        raise NotAllowed(_("Nobody appraises their own evaluation."))
    check_evaluation_step(evaluation.state, EvaluationState.ADVISED)
    reason = reason.strip()
    check_score(
        evaluation,
        score,
        klass,
        reason,
        before=(evaluation.proposed_score, evaluation.proposed_class),
    )
    evaluation.advised_score, evaluation.advised_class = score, klass
    evaluation.advised_reason, evaluation.advised_by = reason, user
    evaluation.advised_at = timezone.now()
    evaluation.state = EvaluationState.ADVISED
    evaluation.save()
    say(
        evaluation,
        "advised",
        user,
        score=str(score),
        klass=klass,
        proposed=str(evaluation.proposed_score),
        reason=reason,
    )
    tell(
        others(ASSIGN, evaluation, user),
        evaluation,
        _("The advisory body proposed a class for %(name)s (%(year)s): please decide")
        % {"name": evaluation.subject, "year": evaluation.year},
    )
    return evaluation


@transaction.atomic
def evaluation_decide(
    *, actor: Acting, evaluation: Evaluation, score: Decimal, klass: str, reason: str
) -> Evaluation:
    """The competent body decides the score and class on the advisory body's proposal; any
    change from that proposal keeps its reason; the class cannot be above the band the
    score reaches; the person learns it when the results are published."""
    evaluation = lock(evaluation)
    user: Any = actor.user
    if not actor.can(ASSIGN, on=evaluation.organization):
        raise NotAllowed(_("Your role does not allow deciding evaluations here."))
    if is_own(actor, evaluation):
        raise NotAllowed(_("Nobody decides their own evaluation."))
    if user is not None and evaluation.advised_by_id == user.pk:
        raise NotAllowed(
            _("The advisory body's proposal is decided by someone else: the competent body.")
        )
    check_evaluation_step(evaluation.state, EvaluationState.DECIDED)
    reason = reason.strip()
    rule = check_score(
        evaluation,
        score,
        klass,
        reason,
        before=(evaluation.advised_score, evaluation.advised_class),
    )
    if klass == Klass.EXCELLENT:
        check_quota(evaluation, rule.bands.excellent_quota)
    evaluation.decided_score, evaluation.decided_class = score, klass
    evaluation.decided_reason, evaluation.decided_by = reason, user
    evaluation.decided_at = timezone.now()
    evaluation.state = EvaluationState.DECIDED
    evaluation.save()
    say(
        evaluation,
        "decided",
        user,
        score=str(score),
        klass=klass,
        proposed=str(evaluation.proposed_score),
        advised=str(evaluation.advised_score),
        reason=reason,
    )
    return evaluation
