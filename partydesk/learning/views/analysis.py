"""Item analysis pages for bank editors: the precomputed statistics of the organization's
questions, sorted and filtered, with their flags; a refresh queued as a job; .xlsx export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE, rows_workbook
from partydesk.learning.jobs import item_analysis_refresh_job
from partydesk.learning.models import Category, ItemStatistic
from partydesk.learning.permissions import BANK_MANAGE
from partydesk.learning.selectors.analysis import (
    ANALYSIS_SORTS,
    item_statistics_computed_at,
    item_statistics_for,
    option_labels,
)
from partydesk.learning.selectors.bank import categories_for, category_get_for
from partydesk.learning.services import item_stats
from partydesk.organizations.models import Organization

PAGE_SIZE = 50
FLAG_LABELS = {
    item_stats.FEW: gettext_lazy("Too few takers to judge"),
    item_stats.HARD: gettext_lazy("Very hard (fewer than 1 in 5 right)"),
    item_stats.EASY: gettext_lazy("Very easy (more than 9 in 10 right)"),
    item_stats.NEGATIVE: gettext_lazy("Strong takers do worse: check the key"),
    item_stats.LOW: gettext_lazy("Separates strong and weak takers poorly"),
    item_stats.UNUSED_DISTRACTOR: gettext_lazy("A wrong option almost nobody chooses"),
    item_stats.POPULAR_DISTRACTOR: gettext_lazy("A wrong option chosen more than the right one"),
}


def _filters(request: AuthenticatedRequest, scope: Organization) -> dict[str, Any]:
    category: Category | None = None
    if request.GET.get("category", "").isdigit():
        category = category_get_for(scope, int(request.GET["category"]))
    flag = request.GET.get("flag", "")
    return {
        "sort": request.GET.get("sort", "question")
        if request.GET.get("sort") in ANALYSIS_SORTS
        else "question",
        "flag": flag if flag == "any" or flag in FLAG_LABELS else "",
        "category": category,
        "current_only": request.GET.get("current") == "1",
    }


def _options(rows: list[ItemStatistic]) -> None:
    """Attach each row's options as (label, right, count, share) for the page and export."""
    labels = option_labels([row.version_id for row in rows])
    for row in rows:
        options = labels.get(row.version_id, [])
        row.options = [  # type: ignore[attr-defined]
            (text, right, count, count / row.takers if row.takers else 0.0)
            for (text, right), count in zip(options, row.option_counts, strict=False)
        ]
        row.flag_labels = [str(FLAG_LABELS[code]) for code in row.flag_list]  # type: ignore[attr-defined]


@login_required
def analysis(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    filters = _filters(request, scope)
    page = Paginator(item_statistics_for(scope, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _options(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "flags": FLAG_LABELS,
        "categories": [
            (c, "— " * getattr(c, "depth", 0))
            for c in categories_for(scope)
            if c.organization_id == scope.pk
        ],
        "computed_at": item_statistics_computed_at(scope),
    }
    return render(request, "learning/bank/analysis.html", context)


@login_required
@require_POST
def analysis_refresh(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    item_analysis_refresh_job.enqueue(scope.pk)
    messages.success(
        request,
        _("The statistics are being computed; reload this page in a little while."),
    )
    return redirect("learning:analysis")


# The page's column names, in the reader's language (translated when the file is written).
HEADERS = (
    gettext_lazy("Question"),
    gettext_lazy("Category"),
    gettext_lazy("Version"),
    gettext_lazy("Takers"),
    gettext_lazy("Facility"),
    gettext_lazy("Discrimination"),
    gettext_lazy("Upper − lower"),
    gettext_lazy("Left blank"),
    gettext_lazy("To review"),
)


def _export_rows(rows: list[ItemStatistic]) -> Iterator[list[Any]]:
    """One line a question: its figures, then each option (the right one ticked) and its
    takers. Text stays text in core's writer: a question starting with "=" is no formula."""
    for row in rows:
        cells: list[Any] = [
            str(row.version.title),
            row.question.category.name,
            row.version.number,
            row.takers,
            round(row.facility, 4),
            None if row.discrimination is None else round(row.discrimination, 4),
            None if row.upper_lower is None else round(row.upper_lower, 4),
            row.blank,
            "; ".join(row.flag_labels),  # type: ignore[attr-defined]
        ]
        for text, right, count, _share in row.options:  # type: ignore[attr-defined]
            cells.extend([("✓ " if right else "") + text, count])
        yield cells


@login_required
def analysis_export(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    rows = list(item_statistics_for(scope, **_filters(request, scope)))
    _options(rows)
    widest = max((len(row.option_counts) for row in rows), default=0)
    option_headers = [
        header % {"n": n + 1}
        for n in range(widest)
        for header in (_("Option %(n)s"), _("Option %(n)s: takers"))
    ]
    header = [*(str(header) for header in HEADERS), *option_headers]
    content = rows_workbook(_("Item analysis"), header, _export_rows(rows))
    return file_response(content, f"item-analysis-{scope.code}.xlsx", XLSX_CONTENT_TYPE)
