"""Exchange identifiers (OrganId, QCVN 102:2016 and ND30 Phụ lục VI), dated like the tree."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization

# ddd.dd.dd.Ldd, 13 characters: "000.00.01.H40" (domain rules §2.5). The meaning of each
# segment after TT 01/2022/TT-BTTTT is unconfirmed, so only the shape is checked.
ORGAN_ID_PATTERN = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
ORGAN_ID_MAX_LENGTH = 13


class OrganId(models.Model):
    """The exchange identifier an organization carries from `valid_from` to `valid_to`
    (inclusive). At any date an organization has at most one and a code names at most one
    organization; the services hold the dated rule, the database the open-ended one."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("exchange identifier"), max_length=ORGAN_ID_MAX_LENGTH)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "-valid_from"]
        verbose_name = _("exchange identifier")
        verbose_name_plural = _("exchange identifiers")
        indexes = [
            models.Index(fields=["code", "valid_from"], name="organid_code_from"),
            models.Index(fields=["organization", "valid_from"], name="organid_org_from"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="organid_code_open"
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(valid_to__isnull=True),
                name="organid_org_open",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organid_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code
