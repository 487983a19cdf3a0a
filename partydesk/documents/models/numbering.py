"""Number sequences of the registers (docs/decisions/0004-documents-numbering.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization


class SequenceKind(models.TextChoices):
    PARTY = "party", _("Party outgoing")
    STATE = "state", _("State outgoing")
    INCOMING = "incoming", _("Incoming register")


class PeriodKind(models.TextChoices):
    TERM = "term", _("Committee term")
    YEAR = "year", _("Calendar year")
    CONGRESS = "congress", _("Congress")


class NumberSequence(models.Model):
    """The last number given in one register sequence; its row is locked to give the next.

    Key = (issuer, kind, type, period kind, period key, secrecy partition):
    - Party: type code, the committee term's id; secret documents share partition 0.
    - Party congress: type "" (all types share), the congress id.
    - State: type code, the year; secret documents use partition 1.
    - Incoming: type "", the year.
    """

    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="number_sequences",
    )
    kind = models.CharField(_("register"), max_length=10, choices=SequenceKind.choices)
    type_key = models.CharField(_("document type"), max_length=30, blank=True)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_key = models.CharField(_("period key"), max_length=30)
    secrecy_partition = models.PositiveSmallIntegerField(_("secrecy partition"), default=0)
    period_label = models.CharField(_("period label"), max_length=100, blank=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)
    carried_from = models.PositiveIntegerField(
        _("carried over"),
        default=0,
        help_text=_("Numbers continued from merged organizations when this sequence started."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issuer_id", "kind", "type_key", "period_key"]
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "issuer",
                    "kind",
                    "type_key",
                    "period_kind",
                    "period_key",
                    "secrecy_partition",
                ],
                name="sequence_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.kind}/{self.type_key}/{self.period_key}: {self.last_number}"
