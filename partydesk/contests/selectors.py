"""Reads of contests on behalf of the organization acted for: its own contests and those of
the organizations below it. Anything else is not found (404), so ids do not leak."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from partydesk.contests.models import Contest, PrizeTier, Round, Unit
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors.organizations import organization_subtree


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
