"""Recipient groups: named rules that stand for a set of organizations ("all grassroots
committees", "the cells of X"), kept as data so an office can add its own."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecipientRule(models.TextChoices):
    # parameters: {"kinds": [OrganizationKind values]}: those kinds anywhere below the issuer
    KINDS_BELOW = "kinds_below", _("Organizations of these kinds below the issuer")
    # parameters: {}: the organizations directly below the issuer (departments left out)
    CHILDREN = "children", _("Organizations directly below the issuer")
    # parameters: {"organization": code}: the Party cells directly below that organization
    CELLS_OF = "cells_of", _("Party cells of one organization")


class RecipientGroup(models.Model):
    """A named set of recipients, resolved against the issuing organization when used."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    rule = models.CharField(_("rule"), max_length=32, choices=RecipientRule.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # Empty: offered to every organization; else only to this one and those below it.
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("offered to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recipient_groups",
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("recipient group")
        verbose_name_plural = _("recipient groups")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name
