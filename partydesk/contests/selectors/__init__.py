"""Reads of contests on behalf of the organization acted for: its own contests and those of
the organizations below it. Anything else is not found (404), so ids do not leak."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, F, Max, Model, Q, QuerySet
from django.http import Http404

from partydesk.contests.models import (
    Answer,
    Attempt,
    Contest,
    PrizeTier,
    Registration,
    Round,
    Standing,
    Unit,
)
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors.organizations import organization_subtree

M = TypeVar("M", bound=Model)
MINUTE_US = 60_000_000  # an attempt's submission instant is kept in microseconds


def contest_list_for(scope: Organization) -> QuerySet[Contest]:
    """Contests organized by the scope or below it, newest first, with round counts."""
    return (
        Contest.objects.filter(organization__in=organization_subtree(scope))
        .select_related("organization")
        .annotate(round_total=Count("rounds"))
    )


def contest_get_for(scope: Organization, pk: int) -> Contest:
    """A contest the scope sees, else 404."""
    found = contest_list_for(scope).filter(pk=pk).first()
    if found is None:
        raise Http404("no such contest here")
    return found


def round_get_for(scope: Organization, pk: int) -> Round:
    """A round of a contest the scope sees, else 404."""
    found = (
        Round.objects.filter(contest__organization__in=organization_subtree(scope), pk=pk)
        .select_related("contest")
        .first()
    )
    if found is None:
        raise Http404("no such round here")
    return found


def contest_rounds(contest: Contest) -> QuerySet[Round]:
    return Round.objects.filter(contest=contest).order_by("number")


def contest_units(contest: Contest) -> QuerySet[Unit]:
    return Unit.objects.filter(contest=contest).select_related("organization")


def prize_tables(contest: Contest) -> QuerySet[PrizeTier]:
    """Every prize line of the contest: the contest's own first, then each round's."""
    return PrizeTier.objects.filter(contest=contest).select_related("round")


def contest_published(pk: int) -> Contest:
    """A published contest, for its public pages; anything else is 404."""
    found = Contest.objects.filter(pk=pk, published=True).select_related("organization").first()
    if found is None:
        raise Http404("no such contest")
    return found


# A person needs a few seconds to read a question and tick an answer; a submitted attempt
# faster than this per question is shown to the organizers (never discarded by itself).
HUMAN_SECONDS_PER_QUESTION = 3
# Registrations from one browser (device token) from which all of them are shown.
DEVICE_REGISTRATIONS = 5


def round_ranking(round_: Round) -> QuerySet[Standing]:
    """A round's whole precomputed leaderboard in order, with names, units and prizes."""
    return (
        Standing.objects.filter(round=round_)
        .select_related("registration__unit", "prize")
        .order_by("position")
    )


def round_standings(round_: Round, *, limit: int = 100) -> QuerySet[Standing]:
    """The top of a round's precomputed leaderboard."""
    return round_ranking(round_)[:limit]


def round_attempt_counts(round_: Round) -> tuple[int, int]:
    """The round's ranked attempts: started, and handed in."""
    counts = Attempt.objects.filter(round=round_, practice=False).aggregate(
        started=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return counts["started"], counts["submitted"]


def registration_get_for(scope: Organization, pk: int) -> Registration:
    """A registration to a contest the scope sees, else 404."""
    found = (
        Registration.objects.filter(contest__organization__in=organization_subtree(scope), pk=pk)
        .select_related("contest__organization", "unit")
        .first()
    )
    if found is None:
        raise Http404("no such registration here")
    return found


def too_fast_attempts(contest: Contest) -> QuerySet[Attempt]:
    """Submitted attempts quicker than a person could read and answer the questions."""
    return (
        Attempt.objects.filter(
            round__contest=contest,
            submitted_us__isnull=False,
            seconds__lt=F("round__question_count") * HUMAN_SECONDS_PER_QUESTION,
        )
        .select_related("registration__unit", "round")
        .order_by("seconds", "pk")[:200]
    )


def shared_device_registrations(contest: Contest) -> QuerySet[Registration]:
    """Registrations made from a browser that registered many people."""
    busy = (
        Registration.objects.filter(contest=contest)
        .exclude(device="")
        .values("device")
        .annotate(n=Count("pk"))
        .filter(n__gte=DEVICE_REGISTRATIONS)
        .values("device")
    )
    return (
        Registration.objects.filter(contest=contest, device__in=busy)
        .select_related("unit")
        .order_by("device", "registered_at")[:500]
    )


def published_round(pk: int) -> Round:
    """A round of a published contest, for its public board; else 404."""
    found = (
        Round.objects.filter(pk=pk, contest__published=True)
        .select_related("contest__organization")
        .first()
    )
    if found is None:
        raise Http404("no such round")
    return found


@dataclass(frozen=True)
class StartRead:
    """What the press of "start" needs (the lean start, ADR 0026 Scale): the round of a
    published contest with the contest's title and organizer's id, the registration when it
    is this contest's (else None), and that person's earlier attempts of the kind pressed."""

    round: Round
    registration: Registration | None
    earlier: list[Attempt]


# Hand-written, parameters bound: the ORM's compilation of these reads was most of a
# start's CPU. Two statements, the second only for a registration of the contest.
_START_ROUND = f"""
SELECT r.*, c.title AS start_contest_title, c.organization_id AS start_organizer_id,
    g.id AS start_registration_id, g.disqualified_reason AS start_disqualified
FROM {Round._meta.db_table} r
JOIN {Contest._meta.db_table} c ON c.id = r.contest_id AND c.published = %s
LEFT JOIN {Registration._meta.db_table} g ON g.id = %s AND g.contest_id = r.contest_id
WHERE r.id = %s
"""  # noqa: S608 - table names from the models, values bound
_START_EARLIER = f"""
SELECT * FROM {Attempt._meta.db_table}
WHERE round_id = %s AND registration_id = %s AND practice = %s ORDER BY number
"""  # noqa: S608 - table names from the models, values bound


def _partly(model: type[M], **values: object) -> M:
    """An instance as the database gave it with these values, the other fields deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(model._default_manager.db, names, [values[name] for name in names])


def round_start_read(round_id: int, registration_id: int, *, practice: bool) -> StartRead | None:
    """The round (None when it is not a published contest's), the registration and its
    earlier attempts for `attempt_start`; the contest is read only as far as a start and its
    page use it (title, organizer), the rest deferred."""
    found = list(Round.objects.raw(_START_ROUND, [True, registration_id, round_id]))
    if not found:
        return None
    round_ = found[0]
    joined = round_.__dict__  # the joined columns, set on the round by their names
    round_.contest = _partly(
        Contest,
        id=round_.contest_id,
        title=joined["start_contest_title"],
        organization_id=joined["start_organizer_id"],
        published=True,
    )
    if joined["start_registration_id"] is None:
        return StartRead(round_, None, [])
    registration = _partly(
        Registration,
        id=joined["start_registration_id"],
        contest_id=round_.contest_id,
        disqualified_reason=joined["start_disqualified"],
    )
    params = [round_id, registration.pk, practice]
    earlier = list(Attempt.objects.raw(_START_EARLIER, params))
    return StartRead(round_, registration, earlier)


def own_standing(round_: Round, registration_id: int | None) -> Standing | None:
    """The person's own line of the round's board, if they have one."""
    if registration_id is None:
        return None
    return (
        Standing.objects.filter(round=round_, registration_id=registration_id)
        .select_related("registration__unit", "prize")
        .first()
    )


def registration_of_taker(
    contest: Contest, registration_id: int | None, user: Any
) -> Registration | None:
    """The registration this browser (its session) or this logged-in person holds in the
    contest, if any."""
    rows = Registration.objects.filter(contest=contest).select_related("unit")
    if registration_id is not None:
        found = rows.filter(pk=registration_id).first()
        if found is not None:
            return found
    if getattr(user, "is_authenticated", False):
        return rows.filter(user=user).first()
    return None


def registration_find(contest: Contest, id_number: str, born_on: dt.date) -> Registration | None:
    """A registration found again by its ID (as the registration cleaned it) and date of
    birth: how a person continues on another device or after the session ended."""
    return (
        Registration.objects.filter(contest=contest, id_number=id_number, born_on=born_on)
        .select_related("unit")
        .first()
    )


@dataclass(frozen=True)
class RoundForTaker:
    """A round as a registered person sees it: open or not, their attempts, the best score."""

    round: Round
    is_open: bool
    upcoming: bool
    attempts: list[Attempt]
    in_progress: Attempt | None
    used: int
    best: int | None


def rounds_for_taker(registration: Registration, *, now: dt.datetime) -> list[RoundForTaker]:
    """Every round of the registration's contest with the person's own ranked attempts:
    two queries whatever the number of rounds."""
    rounds = list(contest_rounds(registration.contest))
    mine: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(registration=registration, practice=False).order_by(
        "round_id", "number"
    ):
        mine.setdefault(attempt.round_id, []).append(attempt)
    lines = []
    for round_ in rounds:
        attempts = mine.get(round_.pk, [])
        done = [a.score for a in attempts if a.submitted_at is not None]
        lines.append(
            RoundForTaker(
                round=round_,
                is_open=round_.opens_at <= now < round_.closes_at,
                upcoming=now < round_.opens_at,
                attempts=attempts,
                in_progress=next((a for a in attempts if a.submitted_at is None), None),
                used=len(attempts),
                best=max(done) if done else None,
            )
        )
    return lines


def attempt_of_taker(registration_ids: list[int], user: Any, pk: int) -> Attempt:
    """An attempt of a registration this browser holds (or of the logged-in person's own);
    anyone else's is a 404."""
    mine = Q(registration_id__in=registration_ids)
    if getattr(user, "is_authenticated", False):
        mine |= Q(registration__user=user)
    found = (
        Attempt.objects.filter(mine, pk=pk)
        .select_related("round__contest", "registration__contest")
        .first()
    )
    if found is None:
        raise Http404("no such attempt")
    return found


def attempts_of_user(user: Any) -> QuerySet[Attempt]:
    """Every attempt of the registrations a person made with their login, newest first."""
    return (
        Attempt.objects.filter(registration__user=user)
        .select_related("round__contest")
        .order_by("-started_at", "-pk")
    )


def attempt_saved(attempt: Attempt) -> dict[int, tuple[list[int], int]]:
    """The options saved so far and the taker's sequence number of each, per slot."""
    rows = Answer.objects.filter(attempt=attempt).values_list("slot", "chosen", "seq")
    return {slot: (chosen, seq) for slot, chosen, seq in rows}


def submissions_per_minute(contest: Contest, *, minutes: int = 60) -> list[tuple[dt.datetime, int]]:
    """Ranked hand-ins per minute over the `minutes` up to the latest one (two queries,
    grouped by the database on the integer submission instant)."""
    handed_in = Attempt.objects.filter(
        round__contest=contest, practice=False, submitted_us__isnull=False
    ).order_by()
    last = handed_in.aggregate(last=Max("submitted_us"))["last"]
    if last is None:
        return []
    end = last // MINUTE_US
    counts = dict(
        handed_in.filter(submitted_us__gte=(end - minutes + 1) * MINUTE_US)
        .annotate(minute=F("submitted_us") / MINUTE_US)
        .values_list("minute")
        .annotate(n=Count("id"))
    )
    return [
        (dt.datetime.fromtimestamp(minute * 60, tz=dt.UTC), counts.get(minute, 0))
        for minute in range(end - minutes + 1, end + 1)
    ]


def score_distribution(round_: Round) -> list[tuple[int, int]]:
    """How many people have each score (their best attempt), from the leaderboard table."""
    counts = dict(
        Standing.objects.filter(round=round_)
        .order_by()
        .values_list("score")
        .annotate(n=Count("id"))
    )
    return [(score, counts.get(score, 0)) for score in range(round_.question_count + 1)]
