"""Item analysis of the bank: statistics per question version computed from marked exam
attempts by a background job (never per request), kept until the next refresh."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.learning.models.bank import Question, QuestionVersion
from partydesk.organizations.models import Organization


class ItemStatistic(models.Model):
    """How one version of a question fared: facility (mean points, 0 to 1), discrimination
    (corrected point-biserial and the upper/lower 27 % index), how often each option was
    chosen, and the review flags. `flags` is ",code,code," so one flag filters portably."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="statistics")
    version = models.OneToOneField(
        QuestionVersion, on_delete=models.CASCADE, related_name="statistic"
    )
    takers = models.PositiveIntegerField(_("takers"))
    facility = models.FloatField(_("facility"))
    discrimination = models.FloatField(_("discrimination"), null=True, blank=True)
    upper_lower = models.FloatField(_("upper − lower 27%"), null=True, blank=True)
    option_counts = models.JSONField(default=list)
    blank = models.PositiveIntegerField(_("left blank"), default=0)
    flags = models.CharField(max_length=200, default=",")
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["question__sort_key", "version__number"]
        indexes = [models.Index(fields=["organization", "facility"], name="learning_stat_org")]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.facility:.2f}"

    @property
    def flag_list(self) -> list[str]:
        return [code for code in self.flags.split(",") if code]
