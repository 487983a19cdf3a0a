"""Assignments' digital-transformation indicator (core.indicators), registered on import
from AssignmentsConfig.ready(): the share of work done by its deadline, month by month."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.assignments.models import Assignment, Role, State
from partydesk.core.indicators import Indicator, Months, monthly, register


def done_on_time(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    """Lead assignments finished in the month (by the day they were done, as the record
    counts them: on time when done on or before the deadline's day)."""
    rows = Assignment.objects.filter(
        organization__in=organizations,
        role=Role.LEAD,
        state=State.DONE,
        completed_at__gte=since,
        deadline__isnull=False,
    )
    return monthly(rows, "completed_at", Q(completed_at__date__lte=F("deadline")))


register(
    Indicator(
        "assignments.on_time",
        _("Assignments done on time"),
        _("Assignments finished in the month by their deadline, of all finished."),
        "assignments.view",
        done_on_time,
        order=50,
    )
)
