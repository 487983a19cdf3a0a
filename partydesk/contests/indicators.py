"""Contests' digital-transformation indicator (core.indicators), registered on import from
ContestsConfig.ready(): how many people took part in online contests, month by month."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.contests.models import Attempt
from partydesk.core.indicators import Indicator, Months, monthly, register


def contest_participants(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    """People who handed in a ranked attempt of the organizations' contests in the month,
    each once (practice does not count)."""
    rows = Attempt.objects.filter(
        round__contest__organization__in=organizations, practice=False, submitted_at__gte=since
    )
    return monthly(rows, "submitted_at", distinct="registration")


register(
    Indicator(
        "contests.participants",
        _("Contest participants"),
        _("People who handed in at least one ranked attempt of an online contest in the month."),
        "contests.view",
        contest_participants,
        order=70,
        share=False,
    )
)
