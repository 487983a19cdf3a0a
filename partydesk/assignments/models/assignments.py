"""Assignments (giao việc): work given to a unit or a person, with its source, deadline,
sub-assignments down the tree and a history row for every step (ADR 0023)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization


class SourceKind(models.TextChoices):
    """Where the work comes from; the source itself is named by kind and id, so that no
    foreign key points into a lower app (documents) or an app that does not exist yet."""

    INCOMING = "incoming", _("Incoming document")
    DIRECTIVE = "directive", _("Outgoing directive")
    MEETING = "meeting", _("Meeting conclusion")
    PLAN = "plan", _("Plan")
    NONE = "none", _("No source")


class Role(models.TextChoices):
    LEAD = "lead", _("Lead (chủ trì)")
    CO = "co", _("Co-handler (phối hợp)")
    INFO = "info", _("For information (để biết)")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class State(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED = frozenset({State.DONE, State.CANCELLED})


class Quality(models.TextChoices):
    """The assigner's mark when accepting a completion report (issue 10)."""

    EXCEEDED = "exceeded", _("Exceeded requirements")
    MET = "met", _("Met requirements")
    BELOW = "below", _("Below requirements")


class Assignment(models.Model):
    """A piece of work given by an assigner to a lead unit or person, within the
    organization that gives it (the scope that sees and owns it)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent assignment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    source_kind = models.CharField(
        _("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.NONE
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source_label = models.CharField(_("source"), max_length=300, blank=True)
    # Made while an incoming document is handled: worked on through the document's page
    # (documents' keeper, ADR 0023), not through this app's forms.
    on_document = models.BooleanField(default=False)
    # The id of documents' IncomingAssignment row this one was copied from, before that
    # table was dropped (migrations 0002 and 0007): kept to read older history by.
    incoming_assignment_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    role = models.CharField(_("role"), max_length=5, choices=Role.choices, default=Role.LEAD)
    title = models.CharField(_("title"), max_length=300)
    # vn_sort_key(title): lists sorted by title in Vietnamese order (Đ after D, not after Z)
    # on both databases; written with the title.
    title_sort_key = models.CharField(max_length=1024, editable=False, default="")
    content = models.TextField(_("content"), blank=True)
    assigner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        Organization,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_units = models.ManyToManyField(
        Organization, verbose_name=_("co-operating units"), blank=True, related_name="+"
    )
    informed = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people for information"),
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    expected_products = models.TextField(_("expected products"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    # Only the people named on it see an assignment made from a classified document.
    restricted = models.BooleanField(default=False)
    report = models.TextField(_("completion report"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The deadline first given, kept when an extension moves `deadline`.
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The assigner's acceptance of the completion report, with its quality mark.
    quality = models.CharField(_("quality"), max_length=8, choices=Quality.choices, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(lead_user__isnull=False),
                name="assignments_has_lead",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("start_date")),
                name="assignments_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="assignments_progress_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["lead_user", "state", "deadline"], name="assignments_user_open"),
            models.Index(fields=["lead_unit", "state", "deadline"], name="assignments_unit_open"),
            models.Index(fields=["assigner", "state", "deadline"], name="assignments_by_open"),
            models.Index(fields=["organization", "state", "deadline"], name="assignments_org"),
            models.Index(fields=["source_kind", "source_id"], name="assignments_source"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lead_label(self) -> str:
        return str(self.lead_user) if self.lead_user_id else str(self.lead_unit)

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and not self.is_closed and self.deadline < today


ACTION_LABELS = {
    "created": _("Given"),
    "started": _("Started"),
    "reopened": _("Reopened"),
    "completed": _("Reported done"),
    "cancelled": _("Withdrawn"),
    "progress": _("Progress reported"),
    "extension_requested": _("More time asked for"),
    "extension_approved": _("More time granted"),
    "extension_refused": _("More time refused"),
    "accepted": _("Completion accepted"),
    "returned": _("Completion returned for more work"),
    "reminder_due_soon": _("Reminder: due soon"),
    "reminder_due_today": _("Reminder: due today"),
    "reminder_overdue": _("Overdue: the assigner and the unit's head told"),
    "reminder_escalated": _("Overdue: taken up a level"),
}


class AssignmentEvent(models.Model):
    """One step of an assignment's history (created, started, passed on, completed, ...)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["assignment", "at"], name="assignments_event_at")]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.action}"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
