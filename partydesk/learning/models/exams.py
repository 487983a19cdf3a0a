"""Exams and attempts. An exam's blueprint draws questions from bank categories; the pool
of current versions is computed when the exam is set (so starting costs no bank query), and
each attempt stores its own draw (version ids and option order), fixed at start."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.learning.models.bank import Category
from partydesk.learning.models.courses import CourseClass
from partydesk.organizations.models import Organization


class Exam(models.Model):
    """A test for a class's learners, or standalone for the people of the organization's
    subtree. `pool` is [[version id, difficulty, number of options, shuffle], ...]."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    course_class = models.ForeignKey(
        CourseClass,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exams",
    )
    title = models.CharField(_("title"), max_length=255)
    categories = models.ManyToManyField(Category, related_name="+", verbose_name=_("categories"))
    question_count = models.PositiveSmallIntegerField(_("number of questions"))
    mix = models.JSONField(_("difficulty mix"), default=dict, blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    pass_mark = models.DecimalField(
        _("pass mark (%)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    shuffle = models.BooleanField(_("shuffle questions and answers"), default=True)
    pool = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="learning_exam_window"
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="learning_exam_pass"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("attempt", "In progress")
    SUBMITTED = "submitted", _("Waiting for essay marking")
    MARKED = "marked", _("Marked")


class Attempt(models.Model):
    """One sitting of an exam by one person. `draw` is [[version id, [option positions in
    the order shown]], ...]; the server's `deadline` is the only clock."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    draw = models.JSONField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    percent = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["exam_id", "user_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "user", "number"], name="learning_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["exam", "user"],
                condition=Q(status="in_progress"),
                name="learning_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam_id}/{self.user_id}/{self.number}"


class Answer(models.Model):
    """What the taker answered in one slot of the draw (saved as they go; one row a slot).
    `chosen` holds option positions; `score` is in question points (0 to 1)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    slot = models.PositiveSmallIntegerField()
    chosen = models.JSONField(default=list)
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField()
    score = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt_id", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="learning_answer_slot")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.slot}"
