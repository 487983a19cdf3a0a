"""The organizer's pages: contests, their rounds, unit pick-list and prize tables."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.contests.forms import ContestForm, PrizeForm, RoundForm, UnitForm
from partydesk.contests.models import Contest
from partydesk.contests.permissions import CONTESTS_MANAGE, CONTESTS_VIEW
from partydesk.contests.selectors import (
    contest_get_for,
    contest_list_for,
    contest_rounds,
    contest_units,
    prize_tables,
    round_get_for,
)
from partydesk.contests.services.setup import (
    contest_create,
    contest_update,
    prize_set,
    round_create,
    round_update,
    unit_add,
)
from partydesk.core.errors import DomainError
from partydesk.learning.selectors.bank import categories_for
from partydesk.organizations.models import Organization


def _refused(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@login_required
def contest_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(CONTESTS_VIEW)
    return render(
        request,
        "contests/list.html",
        {"contests": contest_list_for(scope), "can_manage": request.actor.can(CONTESTS_MANAGE)},
    )


@login_required
def contest_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(CONTESTS_MANAGE)
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = contest_create(actor=request.actor, organization=scope, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The contest was created with its default units."))
            return redirect("contests:detail", pk=made.pk)
    status = 400 if form.is_bound else 200
    return render(request, "contests/form.html", {"form": form, "contest": None}, status=status)


def _contest_page(request: AuthenticatedRequest, contest: Contest, **forms: Any) -> HttpResponse:
    rounds = list(contest_rounds(contest))
    choices = [(r.pk, str(r)) for r in rounds]
    context = {
        "contest": contest,
        "rounds": rounds,
        "units": contest_units(contest),
        "prizes": prize_tables(contest),
        "can_manage": request.actor.can(CONTESTS_MANAGE, on=contest.organization),
        "unit_form": forms.get("unit_form") or UnitForm(),
        "prize_form": forms.get("prize_form") or PrizeForm(rounds=choices),
    }
    status = 400 if forms else 200
    return render(request, "contests/detail.html", context, status=status)


@login_required
def contest_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(CONTESTS_VIEW)
    return _contest_page(request, contest_get_for(scope, pk))


def _managed(request: AuthenticatedRequest, pk: int) -> Contest:
    contest = contest_get_for(request.actor.require_scope(), pk)
    request.actor.require(CONTESTS_MANAGE, on=contest.organization)
    return contest


@login_required
def contest_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contest = _managed(request, pk)
    form = ContestForm(request.POST or None, instance=copy.copy(contest))
    if request.method == "POST" and form.is_valid():
        try:
            contest_update(actor=request.actor, contest=contest, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The contest was saved."))
            return redirect("contests:detail", pk=contest.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "contest": contest}
    return render(request, "contests/form.html", context, status=status)


@login_required
@require_POST
def unit_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contest = _managed(request, pk)
    form = UnitForm(request.POST)
    if form.is_valid():
        try:
            unit_add(actor=request.actor, contest=contest, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The unit was added to the list."))
            return redirect("contests:detail", pk=contest.pk)
    return _contest_page(request, contest, unit_form=form)


@login_required
@require_POST
def prize_set_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contest = _managed(request, pk)
    rounds = {r.pk: r for r in contest_rounds(contest)}
    form = PrizeForm(request.POST, rounds=[(k, str(r)) for k, r in rounds.items()])
    if form.is_valid():
        data = form.cleaned_data
        try:
            prize_set(
                actor=request.actor,
                contest=contest,
                round_=rounds.get(data["round"]) if data["round"] else None,
                rank=data["rank"],
                name=data["name"],
                count=data["count"],
                points=data["points"],
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The prize table was saved."))
            return redirect("contests:detail", pk=contest.pk)
    return _contest_page(request, contest, prize_form=form)


def _categories(organization: Organization) -> list[tuple[int, str]]:
    return [
        (c.pk, "— " * c.depth + c.name)  # type: ignore[attr-defined]
        for c in categories_for(organization)
    ]


def _round_form_page(
    request: AuthenticatedRequest, form: RoundForm, contest: Contest
) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "contest": contest,
        "round": form.instance if form.instance.pk else None,
    }
    return render(request, "contests/round_form.html", context, status=status)


@login_required
def round_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contest = _managed(request, pk)
    form = RoundForm(request.POST or None, categories=_categories(contest.organization))
    if request.method == "POST" and form.is_valid():
        try:
            made = round_create(actor=request.actor, contest=contest, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("%(round)s was added.") % {"round": made})
            return redirect("contests:detail", pk=contest.pk)
    return _round_form_page(request, form, contest)


@login_required
def round_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = round_get_for(request.actor.require_scope(), pk)
    contest = round_.contest
    request.actor.require(CONTESTS_MANAGE, on=contest.organization)
    form = RoundForm(
        request.POST or None,
        instance=copy.copy(round_),
        categories=_categories(contest.organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_update(actor=request.actor, round_=round_, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("%(round)s was saved.") % {"round": round_})
            return redirect("contests:detail", pk=contest.pk)
    return _round_form_page(request, form, contest)
