"""Who sees which evaluation, and the year's list as .xlsx."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from partydesk.assignments.models import (
    DECIDED_STATES,
    PUBLISHED_STATES,
    Evaluation,
    EvaluationState,
)
from partydesk.assignments.permissions import ASSIGN, VIEW, speaks_for
from partydesk.core.http import Acting
from partydesk.core.workbook import rows_workbook
from partydesk.organizations.models import Organization

# The lists' order: the group (form), then the person's or the collective's name.
# People in Vietnamese alphabetical order of their names (the people registry's sort key).
LIST_ORDER = ("form_kind", "unit__path", "person__person__sort_key", "person__username")


def visible_evaluations(actor: Acting) -> QuerySet[Evaluation]:
    """The person's own evaluations made in the acting organization or above it; the acting
    unit's own (as a collective) for its head; for those who follow the work, every
    evaluation made in the organization and its units."""
    user, scope = actor.user, actor.scope
    if not isinstance(scope, Organization) or user is None or not user.is_authenticated:
        return Evaluation.objects.none()
    above = [int(s) for s in scope.path.split(".") if s]
    condition = Q(person_id=user.pk, organization_id__in=above)
    if actor.can(ASSIGN):
        condition |= Q(unit_id=scope.pk, organization_id__in=above)
    if actor.can(VIEW):
        condition |= Q(organization__path__startswith=scope.path)
    return Evaluation.objects.filter(condition).select_related(
        "person__person", "unit__parent", "organization", "decided_by"
    )


def evaluation_get_for(actor: Acting, pk: int) -> Evaluation:
    found = visible_evaluations(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("evaluation not found")
    return found


def result_hidden(actor: Acting, evaluation: Evaluation) -> bool:
    """The person learns the decision when the results are published, not before (those
    who follow the organization's work see it at once)."""
    return (
        evaluation.state == EvaluationState.DECIDED
        and speaks_for(actor, evaluation)
        and not actor.can(VIEW, on=evaluation.organization)
    )


def published_results(actor: Acting, year: int) -> QuerySet[Evaluation]:
    """The acting agency's published results of `year`: made public to everyone who acts
    for it (names, group and class; not the self-assessments)."""
    scope = actor.scope
    if not isinstance(scope, Organization) or actor.user is None:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(organization=scope, year=year, state__in=PUBLISHED_STATES)
        .select_related("person__person", "unit__parent")
        .order_by(*LIST_ORDER)
    )


def decided_by_group(rows: QuerySet[Evaluation]) -> dict[tuple[str, str], int]:
    """How many were decided in each (form, class): what the quota is counted on."""
    decided = rows.filter(state__in=DECIDED_STATES)
    return dict(Counter(decided.values_list("form_kind", "decided_class")))


def _rows(rows: QuerySet[Evaluation]) -> Iterator[list[Any]]:
    for e in rows.order_by(*LIST_ORDER):
        yield [
            e.subject,
            str(e.get_form_kind_display()),
            e.proposed_score,
            str(e.get_proposed_class_display()),
            str(e.get_self_class_display()) if e.self_class else "",
            e.advised_score,
            str(e.get_advised_class_display()) if e.advised_class else "",
            e.decided_score,
            str(e.get_decided_class_display()) if e.decided_class else "",
            e.decided_reason,
            str(e.get_appeal_outcome_display()) if e.appeal_outcome else "",
            str(e.get_state_display()),
        ]


def evaluations_workbook(rows: QuerySet[Evaluation], year: int) -> bytes:
    header = [
        _("Person or collective"),
        _("Form"),
        _("Proposed score"),
        _("Proposed class"),
        _("Self-assessed class"),
        _("Score proposed by the advisory body"),
        _("Class proposed by the advisory body"),
        _("Decided score"),
        _("Decided class"),
        _("Reason for the change"),
        _("Outcome of the appeal"),
        _("State"),
    ]
    return rows_workbook(_("Evaluations %(year)s") % {"year": year}, header, _rows(rows))
