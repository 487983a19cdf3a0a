"""Certificates of a passed exam: a sealed PDF per passed attempt, verifiable by its serial
on a public page, revocable with a reason. What was printed (name, course) is kept as
printed, so the verification page says what the paper says even after a rename."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import StoredFile
from partydesk.learning.models.courses import Grade
from partydesk.learning.models.exams import Attempt
from partydesk.organizations.models import Organization


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Being signed")
    SIGNED = "signed", _("Signed")


class Certificate(models.Model):
    """The certificate a learner earned by passing one attempt of an exam. It is recorded
    `pending` with the pass; a background delivery lays it out, seals it and makes it
    `signed` (retried until the seal succeeds; `sign_error` says why it has not yet)."""

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
    issued_at = models.DateTimeField(pgettext_lazy("certificate", "issued at"))
    grade = models.CharField(_("result"), max_length=16, choices=Grade.choices, default=Grade.PASS)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sign_error = models.CharField(_("why it is not signed yet"), max_length=500, blank=True)
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
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(file__isnull=False, signed_at__isnull=False),
                name="learning_certificate_signed_file",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def expired_on(self, day: dt.date) -> bool:
        return self.valid_until is not None and day > self.valid_until

    @property
    def signed(self) -> bool:
        return self.status == CertificateStatus.SIGNED
