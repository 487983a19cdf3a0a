"""The record of a period (a year or one of its first three quarters) per cadre and per
collective, and the class it proposes (issue 10, domain-rules §4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.models import User
from partydesk.accounts.selectors.users import user_get_for
from partydesk.assignments.periods import Period, period_of, periods_of
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.selectors.evaluations import visible_evaluations
from partydesk.assignments.selectors.record import person_year, unit_records, year_records

FIRST_YEAR = 2000


def year_asked(request: AuthenticatedRequest, source: QueryDict | None = None) -> int:
    """The year asked for (GET by default), this year when missing or out of range."""
    today = timezone.localdate()
    raw = (request.GET if source is None else source).get("year", "")
    year = int(raw) if raw.isdigit() else today.year
    return year if FIRST_YEAR <= year <= today.year + 1 else today.year


@login_required
def records(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone's year in the acting organization (those who follow its work); others see
    their own."""
    actor = request.actor
    actor.require_scope()
    period = _period_asked(request)
    if not actor.can(VIEW):
        return _person_page(request, request.user, period)
    people, rule = year_records(actor, period.year, period.quarter)
    units = unit_records(actor, period.year, period.quarter)
    evaluated = dict(
        visible_evaluations(actor)
        .filter(year=period.year, unit__isnull=False, organization=actor.scope)
        .values_list("unit_id", "pk")
    )
    context = {
        "people": people,
        "units": [(u, evaluated.get(u.unit.pk)) for u in units],
        "can_propose": period.quarter is None and actor.can(ASSIGN),
        "rule": rule,
        **_period_context(period),
    }
    return render(request, "assignments/records.html", context)


@login_required
def record(request: AuthenticatedRequest, user_pk: int) -> HttpResponse:
    """One person's year: the counts, the points and how each was reached, the assignments
    behind them, and the extra conditions of the class."""
    actor = request.actor
    scope = actor.require_scope()
    if user_pk == request.user.pk:
        person = request.user
    else:
        actor.require(VIEW)
        person = user_get_for(scope, user_pk)
    return _person_page(request, person, _period_asked(request))


def _period_asked(request: AuthenticatedRequest) -> Period:
    return period_of(year_asked(request), request.GET.get("quarter", ""))


def _period_context(period: Period) -> dict[str, object]:
    return {
        "year": period.year,
        "quarter": period.quarter,
        "period": period,
        "years": years_shown(),
        "periods": periods_of(period.year),
    }


def _person_page(request: AuthenticatedRequest, person: User, period: Period) -> HttpResponse:
    found, rule = person_year(request.actor, person, period.year, period.quarter)
    context = {"found": found, "rule": rule, **_period_context(period)}
    return render(request, "assignments/record.html", context)


def years_shown() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 5, -1))
