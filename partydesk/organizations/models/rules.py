"""Membership rules that change with regulations, dated (domain rules §5.2)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Before any real membership: the first rule applies to every record a registry can hold.
RULES_EPOCH = dt.date(1930, 1, 1)


class MembershipRule(models.Model):
    """The membership deadlines in force from `valid_from` until the next rule's valid_from.

    A membership is judged by the rule in force on its admission decision date."""

    valid_from = models.DateField(_("valid from"), unique=True, default=RULES_EPOCH)
    ceremony_working_days = models.PositiveSmallIntegerField(
        _("ceremony within (working days after the admission decision)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    probation_months = models.PositiveSmallIntegerField(
        _("probation (months from the ceremony)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("review within (working days after probation)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    min_admission_age = models.PositiveSmallIntegerField(
        _("minimum age at admission (years)"),
        default=18,
        validators=[MinValueValidator(14), MaxValueValidator(40)],
    )
    source = models.CharField(
        _("legal source"), max_length=255, blank=True, help_text=_("e.g. the regulation's number.")
    )

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("membership rule")
        verbose_name_plural = _("membership rules")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.valid_from}"
