"""Reading statistics, counted by the portal itself: one counter per page and day, nothing
about the reader (ADR 0022, "Statistics")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewDay(models.Model):
    """How many times a page was read on one day (no address, no account, no cookie)."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views of a day")
        verbose_name_plural = _("page views by day")
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="portal_view_page_day"),
        ]
        indexes = [models.Index(fields=["day"], name="portal_view_day")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.views}"
