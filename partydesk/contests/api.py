"""API routes for contests (/api/v1, ADR 0026), read through the same selectors as the pages:
for organizers (`contests.view`), the contests of their organization and below, their
rounds, a round's ranking from the precomputed table and its statistics, the units'
participation and the results workbook (`contests.manage`, audited); for takers, the
attempts of the registrations they made with their login. Another organization's contest
or round is a 404; every error is JSON."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.contests.models import Attempt, Standing
from partydesk.contests.permissions import CONTESTS_VIEW
from partydesk.contests.selectors import (
    attempts_of_user,
    contest_get_for,
    contest_list_for,
    contest_rounds,
    contest_units,
    round_attempt_counts,
    round_get_for,
    round_ranking,
    score_distribution,
)
from partydesk.contests.services.export import results_export
from partydesk.contests.services.standings import unit_scores
from partydesk.core.api import Id, Paginated
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE

router = Router(tags=["contests"])


class ContestOut(Schema):
    id: int
    organization_id: int
    title: str
    audience: str
    min_age: int
    published: bool
    round_total: int
    created_at: dt.datetime


class RoundOut(Schema):
    id: int
    contest_id: int
    number: int
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    question_count: int
    time_limit_minutes: int
    attempts_allowed: int
    correct_count: int | None
    ranked_at: dt.datetime | None


class StandingOut(Schema):
    position: int
    registration_id: int
    full_name: str
    unit: str
    score: int
    seconds: int
    prediction: int | None
    prize: str | None

    @staticmethod
    def resolve_full_name(obj: Standing) -> str:
        return obj.registration.full_name

    @staticmethod
    def resolve_unit(obj: Standing) -> str:
        return obj.registration.unit.name

    @staticmethod
    def resolve_prize(obj: Standing) -> str | None:
        return obj.prize.name if obj.prize is not None else None


class ScoreCount(Schema):
    score: int
    people: int


class RoundStatisticsOut(Schema):
    round_id: int
    question_count: int
    attempts_started: int
    attempts_submitted: int
    people_ranked: int
    average_score: Decimal | None
    correct_count: int | None  # the real count for the prediction, fixed at the close
    ranked_at: dt.datetime | None
    scores: list[ScoreCount]


class UnitOut(Schema):
    unit_id: int
    name: str
    eligible: int
    participants: int
    rate: Decimal
    prize_points: int
    total: Decimal


class AttemptOut(Schema):
    id: int
    contest_id: int
    contest: str
    round_id: int
    round_number: int
    number: int
    practice: bool
    started_at: dt.datetime
    deadline: dt.datetime
    submitted_at: dt.datetime | None
    score: int | None  # known once handed in
    seconds: int | None

    @staticmethod
    def resolve_contest_id(obj: Attempt) -> int:
        return obj.round.contest_id

    @staticmethod
    def resolve_contest(obj: Attempt) -> str:
        return obj.round.contest.title

    @staticmethod
    def resolve_round_number(obj: Attempt) -> int:
        return obj.round.number

    @staticmethod
    def resolve_score(obj: Attempt) -> int | None:
        return obj.score if obj.submitted_at is not None else None


@router.get("/contests", response=list[ContestOut])
@paginate(Paginated)
def contest_list(request: HttpRequest):
    """The contests of the token's organization and those below it, newest first."""
    return contest_list_for(actor_of(request).require(CONTESTS_VIEW))


@router.get("/contests/attempts/mine", response=list[AttemptOut])
@paginate(Paginated)
def contest_my_attempts(request: HttpRequest):
    """The token user's own attempts (registrations made with their login), newest first."""
    return attempts_of_user(actor_of(request).user)


@router.get("/contests/{contest_id}", response=ContestOut)
def contest_detail(request: HttpRequest, contest_id: Id):
    return contest_get_for(actor_of(request).require(CONTESTS_VIEW), contest_id)


@router.get("/contests/{contest_id}/rounds", response=list[RoundOut])
def contest_round_list(request: HttpRequest, contest_id: Id):
    contest = contest_get_for(actor_of(request).require(CONTESTS_VIEW), contest_id)
    return list(contest_rounds(contest))


@router.get("/contests/{contest_id}/units", response=list[UnitOut])
def contest_unit_scores(request: HttpRequest, contest_id: Id):
    """Each unit's participation (% of its eligible people) and collective score."""
    contest = contest_get_for(actor_of(request).require(CONTESTS_VIEW), contest_id)
    names = {u.pk: u.name for u in contest_units(contest)}
    return [
        UnitOut(
            unit_id=s.unit,
            name=names.get(s.unit, ""),
            eligible=s.eligible,
            participants=s.participants,
            rate=s.rate,
            prize_points=s.prize_points,
            total=s.total,
        )
        for s in unit_scores(contest)
    ]


@router.get("/contests/{contest_id}/results.xlsx")
def contest_results_export(request: HttpRequest, contest_id: Id) -> HttpResponse:
    """The results and prizes workbook, as the results page exports it (managers; audited)."""
    actor = actor_of(request)
    contest = contest_get_for(actor.require(CONTESTS_VIEW), contest_id)
    data = results_export(actor=actor, contest=contest)
    return file_response(data, f"contest-{contest.pk}-results.xlsx", XLSX_CONTENT_TYPE)


@router.get("/contests/rounds/{round_id}/ranking", response=list[StandingOut])
@paginate(Paginated)
def contest_round_ranking(request: HttpRequest, round_id: Id):
    """The round's whole leaderboard from the precomputed table, in order."""
    round_ = round_get_for(actor_of(request).require(CONTESTS_VIEW), round_id)
    return round_ranking(round_)


@router.get("/contests/rounds/{round_id}/statistics", response=RoundStatisticsOut)
def contest_round_statistics(request: HttpRequest, round_id: Id):
    """Attempts started and handed in, the people on the board by best score and their
    average, and the real count the prediction is measured against."""
    round_ = round_get_for(actor_of(request).require(CONTESTS_VIEW), round_id)
    started, submitted = round_attempt_counts(round_)
    scores = score_distribution(round_)
    people = sum(n for _score, n in scores)
    total = sum(score * n for score, n in scores)
    average = (Decimal(total) / people).quantize(Decimal("0.01")) if people else None
    return RoundStatisticsOut(
        round_id=round_.pk,
        question_count=round_.question_count,
        attempts_started=started,
        attempts_submitted=submitted,
        people_ranked=people,
        average_score=average,
        correct_count=round_.correct_count,
        ranked_at=round_.ranked_at,
        scores=[ScoreCount(score=s, people=n) for s, n in scores],
    )
