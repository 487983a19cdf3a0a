"""Reader feedback (ý kiến bạn đọc): sent by the public on an article, shown once moderated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX = 3000


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")


class ReaderFeedback(models.Model):
    """One reader's message on a page, moderated by the editors of the page's organization.

    The text is plain (tags removed when it arrives) and escaped when shown. Email and
    telephone are for the editors only; the page shows the name, the message and the answer.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    # The organization whose desk edits the page when the message arrived: its editors
    # moderate it, and nobody else sees it before it is published.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.PENDING,
        db_index=True,
    )
    answer = models.TextField(_("answer"), max_length=MESSAGE_MAX, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reader feedback")
        verbose_name_plural = _("reader feedback")
        indexes = [
            models.Index(fields=["page", "status"], name="portal_feedback_page_status"),
            models.Index(fields=["organization", "status"], name="portal_feedback_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FeedbackStatus.values),
                name="portal_feedback_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.message[:40]}"
