"""Learning's digital-transformation indicator (core.indicators), registered on import from
LearningConfig.ready(): how many people sat a computer-based exam, month by month."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.core.indicators import Indicator, Months, monthly, register
from partydesk.learning.models import Attempt


def exam_takers(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    """People who handed in an exam of the organizations in the month, each once."""
    rows = Attempt.objects.filter(exam__organization__in=organizations, submitted_at__gte=since)
    return monthly(rows, "submitted_at", distinct="user")


register(
    Indicator(
        "learning.exam_takers",
        _("People who sat an exam"),
        _("People who handed in at least one computer-based exam in the month."),
        "learning.exams.manage",
        exam_takers,
        order=60,
        share=False,
    )
)
