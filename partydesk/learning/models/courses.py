"""Courses (what is taught: topics and their materials) and classes (one run of a course by
an organization, with its enrolled learners)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import StoredFile
from partydesk.organizations.models import Organization, Person


class Audience(models.TextChoices):
    CANDIDATES = "candidates", _("Candidates for membership")
    NEW_MEMBERS = "new_members", _("New members")
    OTHER = "other", _("Other")


class Grade(models.TextChoices):
    """A learner's final result (domain rules §6: giỏi, khá, đạt yêu cầu, không đạt)."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


# Printed on the certificate, whatever the reader's language (the paper is Vietnamese).
GRADE_PRINTED = {
    Grade.EXCELLENT: "Giỏi",
    Grade.GOOD: "Khá",
    Grade.PASS: "Đạt yêu cầu",
    Grade.FAIL: "Không đạt",
}


class Course(models.Model):
    """A course an organization teaches; the organizations below it may run classes of it.
    Its grading thresholds and the certificate's validity are data of the course (the
    regulations leave them to the organizer; domain rules §6)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    description = models.TextField(_("description"), blank=True)
    excellent_from = models.DecimalField(
        _("excellent from (%)"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    good_from = models.DecimalField(
        _("good from (%)"), max_digits=5, decimal_places=2, default=Decimal(65)
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificates valid for (months)"), default=60
    )
    min_attendance = models.DecimalField(
        _("minimum attendance (%)"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(good_from__gte=0)
                & Q(good_from__lte=models.F("excellent_from"))
                & Q(excellent_from__lte=100),
                name="learning_course_grades",
            ),
            models.CheckConstraint(
                condition=Q(min_attendance__gte=0) & Q(min_attendance__lte=100),
                name="learning_course_min_attendance",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def grade(self, percent: Decimal, passed: bool) -> str:
        """The final result of a marked exam by this course's thresholds (pass mark: the
        exam's)."""
        if not passed:
            return Grade.FAIL
        if percent >= self.excellent_from:
            return Grade.EXCELLENT
        return Grade.GOOD if percent >= self.good_from else Grade.PASS


class Topic(models.Model):
    """One topic of a course, in teaching order."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        ordering = ["course_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="learning_topic_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """A file (stored once in core's files) or a link a topic gives its learners."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=255)
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(file__isnull=False) | ~Q(url=""), name="learning_material_has_content"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CourseClass(models.Model):
    """One run of a course, organized by an organization (its own or one shared from above)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="classes")
    name = models.CharField(_("name"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="learning_class_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A learner of a class (a person of the organizing organization's subtree)."""

    course_class = models.ForeignKey(
        CourseClass, on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_class_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_class", "person"], name="learning_enrolment_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.person_id)
