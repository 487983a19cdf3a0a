"""Courses (what is taught: topics and their materials) and classes (one run of a course by
an organization, with its enrolled learners)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import StoredFile
from partydesk.organizations.models import Organization, Person


class Audience(models.TextChoices):
    CANDIDATES = "candidates", _("Candidates for membership")
    NEW_MEMBERS = "new_members", _("New members")
    OTHER = "other", _("Other")


class Course(models.Model):
    """A course an organization teaches; the organizations below it may run classes of it."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


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
