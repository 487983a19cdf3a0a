"""The year's evaluations: the list (with the quota by group and .xlsx), proposing them
from the record, one person's form with the self-assessment and the decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.models import (
    DECIDED_STATES,
    PERSON_FORMS,
    Evaluation,
    EvaluationState,
    FormKind,
    Klass,
)
from partydesk.assignments.permissions import ADVISE, ASSIGN, VIEW, is_own, speaks_for
from partydesk.assignments.scoring import excellent_allowed
from partydesk.assignments.selectors.evaluations import (
    LIST_ORDER,
    decided_by_group,
    evaluation_get_for,
    evaluations_workbook,
    published_results,
    result_hidden,
    visible_evaluations,
)
from partydesk.assignments.selectors.record import rule_on
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
    evaluations_propose,
)
from partydesk.assignments.views.detail import refused
from partydesk.assignments.views.record import year_asked, years_shown
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE


class SelfForm(forms.Form):
    form_kind = forms.ChoiceField(
        label=gettext_lazy("Form"),
        choices=[(k.value, k.label) for k in PERSON_FORMS],
        required=False,
    )
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
        data = evaluations_workbook(rows, year)
        return file_response(data, f"evaluations-{year}.xlsx", XLSX_CONTENT_TYPE)
    context = {
        "rows": rows.order_by(*LIST_ORDER),
        "year": year,
        "years": years_shown(),
        "rule": rule,
        "quota": quota,
        "can_view": actor.can(VIEW),
        "can_propose": actor.can(ASSIGN, on=scope),
        "to_publish": rows.filter(organization=scope, state=EvaluationState.DECIDED).count(),
        "published": published_results(actor, year),
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


class AdviseForm(DecideForm):
    score = forms.DecimalField(
        label=gettext_lazy("Score proposed"), min_value=0, max_value=100, decimal_places=2
    )
    klass = forms.ChoiceField(label=gettext_lazy("Class proposed"), choices=Klass.choices)
    reason = forms.CharField(
        label=gettext_lazy("Appraisal (required when it differs from the system's proposal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why I appeal the class decided"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer to the appeal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    score = forms.DecimalField(
        label=gettext_lazy("Score (change it only to change the decision)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    klass = forms.ChoiceField(label=pgettext_lazy("evaluation", "Class"), choices=Klass.choices)


def self_form(e: Evaluation, data: Any = None) -> SelfForm:
    """The self-assessment; a collective's is always on form 01, so it has no choice."""
    initial = {"form_kind": e.form_kind, "klass": e.self_class or e.proposed_class}
    form = SelfForm(data, initial={**initial, "text": e.self_text})
    if e.is_collective:
        del form.fields["form_kind"]
    return form


def _forms(e: Evaluation) -> dict[str, forms.Form]:
    return {
        "self_form": self_form(e),
        "advise_form": AdviseForm(
            initial={"score": e.advised_score or e.proposed_score, "klass": e.advised_class}
            if e.advised_at
            else {"score": e.proposed_score, "klass": e.proposed_class}
        ),
        "decide_form": DecideForm(initial={"score": e.advised_score, "klass": e.advised_class}),
        "appeal_form": AppealForm(),
        "answer_form": AnswerForm(initial={"score": e.decided_score, "klass": e.decided_class}),
    }


def evaluation_page(
    request: AuthenticatedRequest,
    evaluation: Evaluation,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """One person's evaluation with the forms of the steps its viewer may take."""
    actor, user, e = request.actor, request.user, evaluation
    mine = speaks_for(actor, e)
    deciding = not is_own(actor, e) and actor.can(ASSIGN, on=e.organization)
    state = e.state
    context = {
        "e": e,
        "rule": rule_on(dt.date(e.year, 12, 31)),
        "result_hidden": result_hidden(actor, e),
        "can_self": mine and state in (EvaluationState.PROPOSED, EvaluationState.SELF_ASSESSED),
        "can_advise": not is_own(actor, e)
        and state in (EvaluationState.SELF_ASSESSED, EvaluationState.ADVISED)
        and actor.can(ADVISE, on=e.organization),
        "can_decide": deciding and state == EvaluationState.ADVISED and e.advised_by_id != user.pk,
        "can_appeal": mine
        and state == EvaluationState.PUBLISHED
        and e.appeal_until is not None
        and timezone.localdate() <= e.appeal_until,
        "can_answer": deciding and state == EvaluationState.APPEALED,
        "can_sign": (mine and state != EvaluationState.PROPOSED)
        or (deciding and state in DECIDED_STATES),
        "can_decide_sign": deciding and state in DECIDED_STATES,
        **_forms(e),
        **(bound or {}),
    }
    return render(request, "assignments/evaluation.html", context, status=status)


@login_required
def evaluation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_page(request, evaluation_get_for(request.actor, pk))


def evaluation_step(
    request: AuthenticatedRequest,
    pk: int,
    form_class: Callable[[Evaluation, Any], forms.Form],
    key: str,
    act: Callable[[Evaluation, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Parse the step's form, call its service, and come back to the evaluation (with the
    refusal next to the field it names)."""
    found = evaluation_get_for(request.actor, pk)
    form = form_class(found, request.POST)
    if form.is_valid():
        try:
            act(found, form.cleaned_data)
        except DomainError as error:
            refused(request, form, error)
        else:
            messages.success(request, done)
            return redirect("assignments:evaluation", pk=pk)
    return evaluation_page(request, found, bound={key: form}, status=400)


@login_required
@require_POST
def self_assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_step(
        request,
        pk,
        self_form,
        "self_form",
        lambda e, data: evaluation_self_assess(
            actor=request.actor,
            evaluation=e,
            klass=data["klass"],
            text=data["text"],
            form_kind=data.get("form_kind", ""),
        ),
        _("Your self-assessment is saved."),
    )


@login_required
@require_POST
def advise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_step(
        request,
        pk,
        lambda _e, data: AdviseForm(data),
        "advise_form",
        lambda e, data: evaluation_advise(
            actor=request.actor,
            evaluation=e,
            score=Decimal(data["score"]),
            klass=data["klass"],
            reason=data["reason"],
        ),
        _("The advisory body's proposal is recorded."),
    )


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_step(
        request,
        pk,
        lambda _e, data: DecideForm(data),
        "decide_form",
        lambda e, data: evaluation_decide(
            actor=request.actor,
            evaluation=e,
            score=Decimal(data["score"]),
            klass=data["klass"],
            reason=data["reason"],
        ),
        _("The evaluation is decided."),
    )
