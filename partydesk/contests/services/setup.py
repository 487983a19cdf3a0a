"""Writes of an organizer: contests, their unit pick-list, rounds and prize tables. Each
service checks `contests.manage` on the organizer and leaves an audit event."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partydesk.contests.models import Contest, PrizeTier, Registration, Round, Unit
from partydesk.contests.permissions import CONTESTS_MANAGE
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.text import vn_sort_key
from partydesk.learning.formats.checks import sanitize
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.selectors.organizations import organization_subtree
from partydesk.organizations.selectors.people import person_list_for

GRASSROOTS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL)
# The prize table a new contest and a new round start with (domain-rules §7): rank, count,
# points for the collective prize; the names are translated when written.
DEFAULT_PRIZES = ((1, 1, 10), (2, 5, 8), (3, 10, 6), (4, 20, 4))
CONTEST_FIELDS = ("title", "rules", "audience", "min_age", "participation_points", "published")
ROUND_FIELDS = (
    "title",
    "opens_at",
    "closes_at",
    "category_ids",
    "question_count",
    "time_limit_minutes",
    "attempts_allowed",
    "prediction_question",
)


def contest_check_manage(actor: Acting, organization: Organization) -> None:
    """Refuse unless the actor organizes contests for this organization."""
    if not actor.can(CONTESTS_MANAGE, on=organization):
        raise NotAllowed(_("Only the contest's organizers may change it."))


def prize_name(rank: int) -> str:
    names = {1: _("First prize"), 2: _("Second prize"), 3: _("Third prize")}
    return names.get(rank, _("Consolation prize"))


def _default_prizes(contest: Contest, round_: Round | None) -> None:
    PrizeTier.objects.bulk_create(
        PrizeTier(
            contest=contest, round=round_, rank=rank, name=prize_name(rank), count=n, points=p
        )
        for rank, n, p in DEFAULT_PRIZES
    )


def _unit_row(contest: Contest, name: str, eligible: int, org: Organization | None) -> Unit:
    return Unit(
        contest=contest,
        organization=org,
        name=name,
        eligible=eligible,
        sort_key=vn_sort_key(name),
    )


def default_units(organizer: Organization) -> list[tuple[Organization, int]]:
    """The organizer's grassroots organizations (or itself when it has none below), each
    with its number of active members: the pick-list a new contest starts with."""
    below = organization_subtree(organizer).filter(kind__in=GRASSROOTS).exclude(pk=organizer.pk)
    orgs = list(below) or [organizer]
    return [(org, person_list_for(org, status="active").count()) for org in orgs]


def _clean_rules(fields: dict[str, Any]) -> dict[str, Any]:
    if "rules" in fields:
        fields = {**fields, "rules": sanitize(fields["rules"] or "")}
    if fields.get("min_age") is not None and not 0 <= fields["min_age"] <= 120:
        raise InvalidInput(_("The minimum age is between 0 and 120."), field="min_age")
    if Decimal(fields.get("participation_points", 0)) < 0:
        raise InvalidInput(_("Points cannot be negative."), field="participation_points")
    return fields


@transaction.atomic
def contest_create(*, actor: Acting, organization: Organization, **fields: Any) -> Contest:
    """A new contest with the default pick-list of units and the default prize table."""
    contest_check_manage(actor, organization)
    fields = _clean_rules({k: v for k, v in fields.items() if k in CONTEST_FIELDS})
    contest = Contest.objects.create(organization=organization, **fields)
    Unit.objects.bulk_create(
        _unit_row(contest, org.label, n, org) for org, n in default_units(organization)
    )
    _default_prizes(contest, None)
    audit_log(
        actor=actor.user,
        action="contests.contest.created",
        target=contest,
        organization_id=organization.pk,
    )
    return contest


@transaction.atomic
def contest_update(*, actor: Acting, contest: Contest, **fields: Any) -> Contest:
    """Change the contest's title, rules, audience, age limit, constants or publication."""
    contest_check_manage(actor, contest.organization)
    fields = _clean_rules({k: v for k, v in fields.items() if k in CONTEST_FIELDS})
    changed = sorted(k for k, v in fields.items() if getattr(contest, k) != v)
    for name, value in fields.items():
        setattr(contest, name, value)
    contest.save(update_fields=[*fields])
    audit_log(
        actor=actor.user,
        action="contests.contest.changed",
        target=contest,
        organization_id=contest.organization_id,
        details={"fields": changed},
    )
    return contest


@transaction.atomic
def unit_add(*, actor: Acting, contest: Contest, name: str, eligible: int) -> Unit:
    """A free unit on the pick-list (a company in an industrial park)."""
    contest_check_manage(actor, contest.organization)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Give the unit a name."), field="name")
    if Unit.objects.filter(contest=contest, name=name).exists():
        raise InvalidInput(_("This unit is already on the list."), field="name")
    unit = _unit_row(contest, name, eligible, None)
    unit.save()
    audit_log(
        actor=actor.user,
        action="contests.unit.added",
        target=contest,
        organization_id=contest.organization_id,
        details={"unit": name, "eligible": eligible},
    )
    return unit


def _check_round(fields: dict[str, Any]) -> None:
    if fields["closes_at"] <= fields["opens_at"]:
        raise InvalidInput(_("A round closes after it opens."), field="closes_at")
    if not fields.get("category_ids"):
        raise InvalidInput(_("Choose at least one category of the bank."), field="category_ids")


@transaction.atomic
def round_create(*, actor: Acting, contest: Contest, **fields: Any) -> Round:
    """The contest's next round, with the default prize table."""
    contest_check_manage(actor, contest.organization)
    fields = {k: v for k, v in fields.items() if k in ROUND_FIELDS}
    _check_round(fields)
    Contest.objects.select_for_update().filter(pk=contest.pk).first()  # numbers in order
    last = Round.objects.filter(contest=contest).aggregate(n=Max("number"))["n"] or 0
    round_ = Round.objects.create(contest=contest, number=last + 1, **fields)
    _default_prizes(contest, round_)
    audit_log(
        actor=actor.user,
        action="contests.round.created",
        target=round_,
        organization_id=contest.organization_id,
        details={"contest": contest.pk, "number": round_.number},
    )
    return round_


@transaction.atomic
def round_update(*, actor: Acting, round_: Round, **fields: Any) -> Round:
    """Change a round's times, questions, limits or prediction question; not once ranked."""
    contest_check_manage(actor, round_.contest.organization)
    if round_.ranked_at is not None:
        raise NotAllowed(_("This round is closed and ranked; it can no longer change."))
    fields = {k: v for k, v in fields.items() if k in ROUND_FIELDS}
    _check_round(fields)
    changed = sorted(k for k, v in fields.items() if getattr(round_, k) != v)
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.save(update_fields=[*fields])
    audit_log(
        actor=actor.user,
        action="contests.round.changed",
        target=round_,
        organization_id=round_.contest.organization_id,
        details={"fields": changed},
    )
    return round_


@transaction.atomic
def prize_set(
    *,
    actor: Acting,
    contest: Contest,
    round_: Round | None,
    rank: int,
    name: str,
    count: int,
    points: int,
) -> PrizeTier | None:
    """Set one line of a prize table (the contest's, or a round's); a count of 0 removes it."""
    contest_check_manage(actor, contest.organization)
    if round_ is not None and round_.contest_id != contest.pk:
        raise NotAllowed(_("This round belongs to another contest."))
    lines = PrizeTier.objects.filter(contest=contest, round=round_, rank=rank)
    tier = None
    if count == 0:
        lines.delete()
    else:
        tier, _created = PrizeTier.objects.update_or_create(
            contest=contest,
            round=round_,
            rank=rank,
            defaults={"name": name.strip() or prize_name(rank), "count": count, "points": points},
        )
    audit_log(
        actor=actor.user,
        action="contests.prizes.changed",
        target=contest,
        organization_id=contest.organization_id,
        details={
            "round": round_.number if round_ else None,
            "rank": rank,
            "count": count,
            "points": points,
        },
    )
    return tier


@transaction.atomic
def registration_disqualify(*, actor: Acting, registration: Registration, reason: str) -> None:
    """Disqualify a registration, with the reason recorded; its attempts leave the
    ranking at the next refresh (a ranked round keeps its table)."""
    contest = registration.contest
    contest_check_manage(actor, contest.organization)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(_("Write the reason for the disqualification."), field="reason")
    registration.disqualified_reason = reason
    registration.save(update_fields=["disqualified_reason"])
    audit_log(
        actor=actor.user,
        action="contests.registration.disqualified",
        target=registration,
        organization_id=contest.organization_id,
        details={"contest": contest.pk, "reason": reason},
    )
