"""Reads of courses and classes for someone acting for an organization, and a learner's own
classes. A course is seen by its organization and the organizations below it (they may run
classes of it); a class only by its organizing organization. Anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from partydesk.learning.models import Course, CourseClass, Enrolment, Material, Topic
from partydesk.organizations.models import Organization


def paths_above(path: str) -> list[str]:
    """This tree path and the paths of every organization above it."""
    parts = path.split(".")[:-1]
    return [".".join(parts[: n + 1]) + "." for n in range(len(parts))]


def ancestor_paths(scope: Organization) -> list[str]:
    """The paths of the scope and every organization above it."""
    return paths_above(scope.path)


def _courses_seen(scope: Organization) -> Q:
    return Q(organization__path__in=ancestor_paths(scope))


def course_list_for(scope: Organization) -> QuerySet[Course]:
    """The scope's courses and those of the organizations above it."""
    return (
        Course.objects.filter(_courses_seen(scope))
        .select_related("organization")
        .annotate(topic_count=Count("topics", distinct=True))
        .order_by("title", "pk")
    )


def course_get_for(scope: Organization, pk: int) -> Course:
    """A course the scope sees, with its topics and their materials, else 404."""
    topics = Topic.objects.prefetch_related(
        Prefetch("materials", queryset=Material.objects.select_related("file"))
    )
    found = (
        Course.objects.filter(_courses_seen(scope), pk=pk)
        .select_related("organization")
        .prefetch_related(Prefetch("topics", queryset=topics))
        .first()
    )
    if found is None:
        raise Http404("course not found")
    return found


def material_get_for(scope: Organization | None, user: Any, pk: int) -> Material:
    """A material the scope sees through its course, or that the user learns in a class."""
    seen = Q(topic__course__classes__enrolments__person__user=user)
    if scope is not None:
        seen |= Q(topic__course__organization__path__in=ancestor_paths(scope))
    found = Material.objects.filter(seen, pk=pk).select_related("file").distinct().first()
    if found is None or found.file is None:
        raise Http404("material not found")
    return found


def class_list_for(scope: Organization) -> QuerySet[CourseClass]:
    return (
        CourseClass.objects.filter(organization=scope)
        .select_related("course")
        .annotate(learner_count=Count("enrolments"))
    )


def class_get_for(scope: Organization, pk: int) -> CourseClass:
    """A class the scope organizes, else 404."""
    found = (
        CourseClass.objects.filter(organization=scope, pk=pk)
        .select_related("course", "organization")
        .first()
    )
    if found is None:
        raise Http404("class not found")
    return found


def enrolment_list(course_class: CourseClass) -> QuerySet[Enrolment]:
    """The learners of a class in Vietnamese name order."""
    return (
        Enrolment.objects.filter(course_class=course_class)
        .select_related("person__organization", "person__membership")
        .order_by("person__sort_key", "pk")
    )


def classes_of_learner(user: Any) -> QuerySet[CourseClass]:
    """The classes the user's person is enrolled in, newest first."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return CourseClass.objects.none()
    return (
        CourseClass.objects.filter(enrolments__person_id=person_id)
        .select_related("course", "organization")
        .prefetch_related("course__topics__materials")
        .order_by("-starts_on", "pk")
    )
