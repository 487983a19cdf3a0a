"""Who edits which part of the portal: an organization's editorial desk (ADR 0022)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Workflow


class EditorialDesk(models.Model):
    """The Wagtail groups and workflow of one organization's portal pages.

    Its editors (portal.edit) add and change pages and submit them; its approvers
    (portal.approve) approve, publish and schedule them. Memberships follow the role grants
    (services/editorial.py); nobody edits these groups by hand.
    """

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    editors = models.OneToOneField(
        Group, verbose_name=_("editors"), on_delete=models.PROTECT, related_name="+"
    )
    approvers = models.OneToOneField(
        Group, verbose_name=_("approvers"), on_delete=models.PROTECT, related_name="+"
    )
    workflow = models.OneToOneField(
        Workflow, verbose_name=_("workflow"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("editorial desk")
        verbose_name_plural = _("editorial desks")

    def __str__(self) -> str:
        return str(self.organization)
