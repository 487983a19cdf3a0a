"""Party congresses (đại hội): the meetings of a Party organization that open a term. They
moved here from documents (ADR 0011 "Owners", ADR 0024), which numbers a congress's documents
in one sequence across types and reads them through `documents.congresses`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization


class Congress(models.Model):
    """A Party congress: its documents share one sequence across types (36-HD, 1.3.1)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="meetings_congress_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name
