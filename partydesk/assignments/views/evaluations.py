"""The year's evaluations: the list (with the quota by group and .xlsx), proposing them
from the record, one person's form with the self-assessment and the decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.models import Evaluation, EvaluationState, FormKind, Klass
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.scoring import excellent_allowed
from partydesk.assignments.selectors.evaluations import (
    decided_by_group,
    evaluation_get_for,
    evaluations_workbook,
    visible_evaluations,
)
from partydesk.assignments.selectors.record import rule_on
from partydesk.assignments.services.evaluations import (
    evaluation_decide,
    evaluation_self_assess,
    evaluations_propose,
)
from partydesk.assignments.views.detail import refused
from partydesk.assignments.views.record import year_asked, years_shown
from partydesk.core.errors import DomainError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SelfForm(forms.Form):
    form_kind = forms.ChoiceField(label=gettext_lazy("Form"), choices=FormKind.choices)
    klass = forms.ChoiceField(
        label=gettext_lazy("The class I assess myself in"), choices=Klass.choices
    )
    text = forms.CharField(
        label=gettext_lazy("Self-assessment: results, strengths, shortcomings"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DecideForm(forms.Form):
    score = forms.DecimalField(
        label=gettext_lazy("Score decided"), min_value=0, max_value=100, decimal_places=2
    )
    klass = forms.ChoiceField(label=gettext_lazy("Class decided"), choices=Klass.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason (required when it differs from the proposal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
def evaluations(request: AuthenticatedRequest) -> HttpResponse:
    """The year's evaluations in the acting organization (one's own for everyone else)."""
    actor = request.actor
    scope = actor.require_scope()
    year = year_asked(request)
    rows = visible_evaluations(actor).filter(year=year)
    rule = rule_on(dt.date(year, 12, 31))
    counts = decided_by_group(rows)
    quota = [
        {
            "form": label,
            "good": counts.get((kind, Klass.GOOD), 0),
            "excellent": counts.get((kind, Klass.EXCELLENT), 0),
            "allowed": excellent_allowed(
                counts.get((kind, Klass.GOOD), 0), rule.bands.excellent_quota
            ),
        }
        for kind, label in FormKind.choices
    ]
    if request.GET.get("format") == "xlsx" and actor.can(VIEW):
        response = HttpResponse(evaluations_workbook(rows, year), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="evaluations-{year}.xlsx"'
        return response
    context = {
        "rows": rows.order_by("form_kind", "person__username"),
        "year": year,
        "years": years_shown(),
        "rule": rule,
        "quota": quota,
        "can_view": actor.can(VIEW),
        "can_propose": actor.can(ASSIGN, on=scope),
    }
    return render(request, "assignments/evaluations.html", context)


@login_required
@require_POST
def propose(request: AuthenticatedRequest) -> HttpResponse:
    year = year_asked(request, source=request.POST)
    try:
        changed = evaluations_propose(actor=request.actor, year=year)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("%(n)s evaluation(s) proposed from the record.") % {"n": changed}
        )
    return redirect(f"{reverse('assignments:evaluations')}?year={year}")


def _page(
    request: AuthenticatedRequest,
    evaluation: Evaluation,
    *,
    self_form: SelfForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor, user = request.actor, request.user
    mine = evaluation.person_id == user.pk
    context = {
        "e": evaluation,
        "rule": rule_on(dt.date(evaluation.year, 12, 31)),
        "can_self": mine and evaluation.state != EvaluationState.DECIDED,
        "can_decide": not mine
        and evaluation.state == EvaluationState.SELF_ASSESSED
        and actor.can(ASSIGN, on=evaluation.organization),
        "self_form": self_form
        or SelfForm(
            initial={
                "form_kind": evaluation.form_kind,
                "klass": evaluation.self_class or evaluation.proposed_class,
                "text": evaluation.self_text,
            }
        ),
        "decide_form": decide_form
        or DecideForm(
            initial={"score": evaluation.proposed_score, "klass": evaluation.proposed_class}
        ),
    }
    return render(request, "assignments/evaluation.html", context, status=status)


@login_required
def evaluation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, evaluation_get_for(request.actor, pk))


@login_required
@require_POST
def self_assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = evaluation_get_for(request.actor, pk)
    form = SelfForm(request.POST)
    if form.is_valid():
        try:
            evaluation_self_assess(actor=request.actor, evaluation=found, **form.cleaned_data)
        except DomainError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect("assignments:evaluation", pk=pk)
    return _page(request, found, self_form=form, status=400)


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = evaluation_get_for(request.actor, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_decide(
                actor=request.actor,
                evaluation=found,
                score=Decimal(data["score"]),
                klass=data["klass"],
                reason=data["reason"],
            )
        except DomainError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("The evaluation is decided."))
            return redirect("assignments:evaluation", pk=pk)
    return _page(request, found, decide_form=form, status=400)
