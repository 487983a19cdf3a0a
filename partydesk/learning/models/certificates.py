"""Certificates of a passed exam: a sealed PDF per passed attempt, verifiable by its serial
on a public page, revocable with a reason. What was printed (name, course) is kept as
printed, so the verification page says what the paper says even after a rename."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import StoredFile
from partydesk.learning.models.exams import Attempt
from partydesk.organizations.models import Organization


class Certificate(models.Model):
    """The certificate a learner earned by passing one attempt of an exam."""

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    attempt = models.OneToOneField(
        Attempt, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("attempt")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    learner_name = models.CharField(_("name"), max_length=255)
    course_title = models.CharField(_("course"), max_length=600)
    issued_at = models.DateTimeField(_("issued at"))
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="learning_certificate_revoked_reason",
            )
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
