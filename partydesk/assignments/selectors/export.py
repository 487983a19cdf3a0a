"""A list of assignments as an .xlsx workbook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.assignments.models import Assignment
from partydesk.core.workbook import rows_workbook

MAX_EXPORT_ROWS = 50_000


def _rows(rows: QuerySet[Assignment]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    for a in rows[:MAX_EXPORT_ROWS].iterator(chunk_size=2000):
        yield [
            a.pk,
            a.title,
            a.source_label,
            a.lead_label,
            str(a.assigner or ""),
            a.start_date,
            a.deadline,
            str(a.get_priority_display()),
            str(a.get_state_display()),
            _("Yes") if a.is_overdue(today) else "",
        ]


def assignments_workbook(rows: QuerySet[Assignment]) -> bytes:
    """Write `rows` (already scoped and filtered by the caller)."""
    header = [
        # The assignment's number in partydesk (its page's address), not a running STT.
        _("Assignment ID"),
        _("Title"),
        _("Source"),
        _("Lead"),
        _("Assigned by"),
        _("Start date"),
        _("Deadline"),
        _("Priority"),
        _("State"),
        _("Overdue"),
    ]
    return rows_workbook(_("Assignments"), header, _rows(rows))
