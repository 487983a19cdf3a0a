"""A person's calendar feed of deadlines: a subscribable address that a calendar client
fetches without logging in. The address carries a signed token naming this row; revoking
the row (or issuing a new one) stops the old address (ADR 0023)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization


class CalendarFeed(models.Model):
    """One person's feed of the deadlines of one list (mine, given by me, my unit's), read
    as they would read it while acting for `organization`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    view = models.CharField(max_length=8, default="mine")
    # Random, and only usable signed with the installation's secret (see selectors/feeds).
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "view"],
                condition=Q(revoked_at__isnull=True),
                name="assignments_feed_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.view}"
