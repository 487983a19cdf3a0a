"""Assignments of incoming documents (phân công, bút phê). Decision 0011: the assignments app
will take this table over with its data; until then it lives here, beside the document."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.documents.models.documents import Document
from partydesk.organizations.models import Organization


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead (chủ trì)")
    CO = "co", _("Co-handler (phối hợp)")
    INFO = "info", _("For information (để biết)")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class IncomingAssignment(models.Model):
    """A leader's assignment (phân công, bút phê) of an incoming document to a unit or person;
    a unit's head sub-assigns it internally as a child assignment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    role = models.CharField(_("role"), max_length=5, choices=AssignmentRole.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    instruction = models.TextField(_("instructions (bút phê)"), blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    report = models.TextField(_("completion report"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "parent_id", "role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(user__isnull=False),
                name="assignment_has_assignee",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status", "deadline"], name="assign_user_open"),
            models.Index(fields=["organization", "status", "deadline"], name="assign_org_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user or self.organization}"

    @property
    def assignee_label(self) -> str:
        return str(self.user) if self.user_id else str(self.organization)

    @property
    def past_reply_due(self) -> bool:
        """Its deadline falls after the date by which the document itself must be answered
        (allowed, but the leader is warned)."""
        due = self.document.due_date
        return bool(self.deadline and due and self.deadline > due)

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.deadline is not None
            and self.status != AssignmentStatus.DONE
            and self.deadline < today
        )
