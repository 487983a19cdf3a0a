"""The rule book for proposing a year's classification from the task record (Quy định
366-QĐ/TW, Hướng dẫn 43-HD/BTCTW; domain-rules §4): dated data, so that a new regulation
is a new row, not a release (ARCHITECTURE rule 15)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationRule(models.Model):
    """Bands, extra conditions and the weights of the proposed score, in force from
    `valid_from` (the rule applied is the one in force at the end of the period)."""

    valid_from = models.DateField(_("in force from"), unique=True)
    excellent_min = models.DecimalField(
        _("excellent from (points)"), max_digits=5, decimal_places=2, default=90
    )
    good_min = models.DecimalField(
        _("good from (points)"), max_digits=5, decimal_places=2, default=70
    )
    completed_min = models.DecimalField(
        _("completed from (points)"), max_digits=5, decimal_places=2, default=50
    )
    excellent_exceeding_min = models.PositiveSmallIntegerField(
        _("excellent: at least this share exceeding requirements (%)"), default=30
    )
    collective_late_max = models.PositiveSmallIntegerField(
        _("completed (collective): at most this share behind schedule (%)"), default=20
    )
    completion_points = models.PositiveSmallIntegerField(
        _("points for completing the work due"), default=50
    )
    timeliness_points = models.PositiveSmallIntegerField(
        _("points for completing it on time"), default=30
    )
    quality_points = models.PositiveSmallIntegerField(
        _("points for work exceeding requirements"), default=20
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("evaluation rule")
        verbose_name_plural = _("evaluation rules")

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y} {self.source}"


DEFAULT_VALID_FROM = dt.date(2025, 8, 30)
DEFAULT_SOURCE = "Quy định 366-QĐ/TW (30/8/2025), Hướng dẫn 43-HD/BTCTW (31/10/2025)"
