"""Reads of the item analysis for a bank editor: the statistics of the scope's own
questions, sorted and filtered in the database (the figures are precomputed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Max, QuerySet
from django.db.models.expressions import Combinable

from partydesk.learning.formats.checks import plain
from partydesk.learning.models import Category, Choice, ItemStatistic
from partydesk.learning.selectors.bank import category_subtree_ids
from partydesk.organizations.models import Organization

ANALYSIS_SORTS: dict[str, tuple[str | Combinable, ...]] = {
    "question": ("question__sort_key", "version__number"),
    "facility": ("facility", "pk"),
    "-facility": ("-facility", "pk"),
    "discrimination": (F("discrimination").asc(nulls_first=True), "pk"),
    "-discrimination": (F("discrimination").desc(nulls_last=True), "pk"),
    "takers": ("takers", "pk"),
    "-takers": ("-takers", "pk"),
}


def item_statistics_for(
    scope: Organization,
    *,
    sort: str = "question",
    flag: str = "",
    category: Category | None = None,
    current_only: bool = False,
) -> QuerySet[ItemStatistic]:
    """The statistics of the scope's own questions; `flag` is a flag code, or "any" for
    every flagged version."""
    rows = ItemStatistic.objects.filter(organization=scope).select_related(
        "version", "question__category"
    )
    if flag == "any":
        rows = rows.exclude(flags=",")
    elif flag:
        rows = rows.filter(flags__contains=f",{flag},")
    if category is not None:
        rows = rows.filter(question__category_id__in=category_subtree_ids(category))
    if current_only:
        rows = rows.filter(question__current_id=F("version_id"))
    return rows.order_by(*ANALYSIS_SORTS.get(sort, ANALYSIS_SORTS["question"]))


def item_statistics_computed_at(scope: Organization) -> dt.datetime | None:
    """When the scope's figures were last computed (None: never, or nothing to compute)."""
    found: dt.datetime | None = ItemStatistic.objects.filter(organization=scope).aggregate(
        at=Max("computed_at")
    )["at"]
    return found


def option_labels(version_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """Each version's options (text, right or not) in position order: one query."""
    labels: dict[int, list[tuple[str, bool]]] = {}
    for version_id, text, weight in (
        Choice.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "position")
        .values_list("version_id", "text", "weight")
    ):
        labels.setdefault(version_id, []).append((plain(text), weight > 0))
    return labels
