"""Attendance per class session: the organizer records, for each session of a class, each
learner as present, excused or absent. A course's minimum attendance (data of the course)
decides whether a learner may receive its certificate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.learning.models.courses import CourseClass, Enrolment


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class ClassSession(models.Model):
    """One session of a class (a half-day or a day of teaching), on a date."""

    course_class = models.ForeignKey(CourseClass, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_class_id", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title or f"{self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    """A learner's attendance at one session, as the organizer recorded it last."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="marks")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="learning_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return self.status
