"""The organizers' results page: each round's leaderboard (read from the precomputed
table), the units' participation and collective scores, the attempts and registrations
flagged as suspicious, and disqualification with its reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.contests.forms import DisqualifyForm
from partydesk.contests.permissions import CONTESTS_MANAGE, CONTESTS_VIEW
from partydesk.contests.selectors import (
    contest_get_for,
    contest_rounds,
    contest_units,
    registration_get_for,
    round_standings,
    score_distribution,
    shared_device_registrations,
    submissions_per_minute,
    too_fast_attempts,
)
from partydesk.contests.selectors.certificates import contest_certificates
from partydesk.contests.services.export import results_export
from partydesk.contests.services.setup import registration_disqualify
from partydesk.contests.services.standings import unit_scores
from partydesk.core.charts import bar_chart
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE


@login_required
def results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(CONTESTS_VIEW)
    contest = contest_get_for(scope, pk)
    names = {u.pk: u.name for u in contest_units(contest)}
    rounds = list(contest_rounds(contest))
    units = [(names.get(s.unit, ""), s) for s in unit_scores(contest)]
    minutes = [(f"{timezone.localtime(at):%H:%M}", n) for at, n in submissions_per_minute(contest)]
    context = {
        "contest": contest,
        "minute_chart": bar_chart(minutes) if minutes else None,
        "score_charts": [
            (r, bar_chart([(str(s), n) for s, n in score_distribution(r)]), f"chart-scores-{r.pk}")
            for r in rounds
        ],
        "boards": [(r, list(round_standings(r))) for r in rounds],
        "units": units,
        "anyone_took_part": any(score.participants for _name, score in units),
        "too_fast": too_fast_attempts(contest),
        "shared": shared_device_registrations(contest),
        "certificates": contest_certificates(contest),
        "can_manage": request.actor.can(CONTESTS_MANAGE, on=contest.organization),
        "form": DisqualifyForm(),
    }
    return render(request, "contests/results.html", context)


@login_required
@require_POST
def disqualify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = registration_get_for(request.actor.require_scope(), pk)
    request.actor.require(CONTESTS_MANAGE, on=registration.contest.organization)
    form = DisqualifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for the disqualification."))
    else:
        try:
            registration_disqualify(
                actor=request.actor, registration=registration, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("%(name)s was disqualified; the reason is recorded.")
                % {"name": registration.full_name},
            )
    return redirect("contests:results", pk=registration.contest_id)


@login_required
def results_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contest = contest_get_for(request.actor.require_scope(), pk)
    request.actor.require(CONTESTS_MANAGE, on=contest.organization)
    data = results_export(actor=request.actor, contest=contest)
    return file_response(data, f"contest-{contest.pk}-results.xlsx", XLSX_CONTENT_TYPE)
