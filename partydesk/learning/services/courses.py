"""Writes to courses and classes. Each service checks the actor's capability on the
organization concerned and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.files import file_store
from partydesk.learning.models import Audience, Course, CourseClass, Enrolment, Material, Topic
from partydesk.learning.permissions import COURSES_MANAGE
from partydesk.learning.selectors.courses import ancestor_paths
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors.people import person_list_for

MAX_MATERIAL_BYTES = 50 * 1024**2


def courses_check_manage(actor: Acting, organization: Organization) -> None:
    if not actor.can(COURSES_MANAGE, on=organization):
        raise NotAllowed(_("Only those who manage courses may change them."))


def _text(value: str, field: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 255:
        raise InvalidInput(_("Write 1 to 255 characters."), field=field)
    return cleaned


@transaction.atomic
def course_create(
    *,
    actor: Acting,
    organization: Organization,
    title: str,
    audience: str,
    description: str = "",
    topics: Sequence[str] = (),
    excellent_from: Decimal = Decimal(80),
    good_from: Decimal = Decimal(65),
    validity_months: int = 60,
    min_attendance: Decimal = Decimal(80),
) -> Course:
    """A new course of the organization, with its topics in order, its grading thresholds
    (excellent, good; below good a pass is 'pass'), the minimum attendance for a
    certificate (% of a class's sessions present) and its certificates' validity."""
    courses_check_manage(actor, organization)
    if audience not in Audience.values:
        raise InvalidInput(_("Choose an audience from the list."), field="audience")
    if not Decimal(0) <= good_from <= excellent_from <= Decimal(100):
        raise InvalidInput(
            _("The 'good' threshold is at most the 'excellent' one, both 0 to 100%."),
            field="good_from",
        )
    if not Decimal(0) <= min_attendance <= Decimal(100):
        raise InvalidInput(_("From 0 to 100%."), field="min_attendance")
    if not 1 <= validity_months <= 600:
        raise InvalidInput(_("From 1 to 600 months."), field="validity_months")
    course = Course.objects.create(
        organization=organization,
        title=_text(title, "title"),
        audience=audience,
        description=description.strip(),
        excellent_from=excellent_from,
        good_from=good_from,
        validity_months=validity_months,
        min_attendance=min_attendance,
    )
    Topic.objects.bulk_create(
        Topic(course=course, position=n, title=_text(t, "topics"))
        for n, t in enumerate(t for t in topics if t.strip())
    )
    audit_log(
        actor=actor.user,
        action="learning.course.created",
        target=course,
        organization_id=organization.pk,
    )
    return course


@transaction.atomic
def topic_add(*, actor: Acting, course: Course, title: str) -> Topic:
    """A topic at the end of the course."""
    courses_check_manage(actor, course.organization)
    Course.objects.select_for_update().get(pk=course.pk)
    last = course.topics.order_by("-position").values_list("position", flat=True).first()
    topic = Topic.objects.create(
        course=course, position=(last if last is not None else -1) + 1, title=_text(title, "title")
    )
    audit_log(
        actor=actor.user,
        action="learning.course.changed",
        target=course,
        organization_id=course.organization_id,
        details={"topic": topic.title},
    )
    return topic


def material_add(
    *,
    actor: Acting,
    topic: Topic,
    title: str,
    data: bytes = b"",
    filename: str = "",
    content_type: str = "application/octet-stream",
    url: str = "",
) -> Material:
    """A file (stored before the transaction: it may be large) or a link for a topic."""
    courses_check_manage(actor, topic.course.organization)
    if bool(data) == bool(url):
        raise InvalidInput(_("Give either a file or a link."), field="file")
    if len(data) > MAX_MATERIAL_BYTES:
        raise InvalidInput(_("The file is larger than 50 MB."), field="file")
    stored = file_store(data=data, content_type=content_type) if data else None
    with transaction.atomic():
        material = Material.objects.create(
            topic=topic,
            title=_text(title, "title"),
            file=stored,
            filename=filename[:255],
            url=url,
        )
        audit_log(
            actor=actor.user,
            action="learning.course.changed",
            target=topic.course,
            organization_id=topic.course.organization_id,
            details={"material": material.title},
        )
    return material


@transaction.atomic
def class_create(
    *,
    actor: Acting,
    organization: Organization,
    course: Course,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
) -> CourseClass:
    """A class of a course the organization sees (its own or one from above)."""
    courses_check_manage(actor, organization)
    if course.organization.path not in ancestor_paths(organization):
        raise NotAllowed(_("A class runs a course of the organization or of one above it."))
    if ends_on < starts_on:
        raise InvalidInput(_("A class ends on or after the day it starts."), field="ends_on")
    row = CourseClass.objects.create(
        organization=organization,
        course=course,
        name=_text(name, "name"),
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip()[:255],
    )
    audit_log(
        actor=actor.user,
        action="learning.class.created",
        target=row,
        organization_id=organization.pk,
    )
    return row


@transaction.atomic
def class_enrol(*, actor: Acting, course_class: CourseClass, person_ids: Sequence[int]) -> int:
    """Enrol people of the organizing organization's subtree; returns how many were new.
    Anyone else (or someone already enrolled) is not enrolled."""
    organization = course_class.organization
    courses_check_manage(actor, organization)
    wanted = set(person_ids)
    found = set(person_list_for(organization).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise InvalidInput(_("Learners are chosen among the organization's people."))
    already = set(course_class.enrolments.values_list("person_id", flat=True))
    new = sorted(found - already)
    Enrolment.objects.bulk_create(Enrolment(course_class=course_class, person_id=p) for p in new)
    if new:
        audit_log(
            actor=actor.user,
            action="learning.class.enrolled",
            target=course_class,
            organization_id=organization.pk,
            details={"people": new},
        )
    return len(new)


@transaction.atomic
def class_unenrol(*, actor: Acting, course_class: CourseClass, person_id: int) -> None:
    """Take a learner off a class."""
    courses_check_manage(actor, course_class.organization)
    deleted, _rows = Enrolment.objects.filter(
        course_class=course_class, person_id=person_id
    ).delete()
    if deleted:
        audit_log(
            actor=actor.user,
            action="learning.class.unenrolled",
            target=course_class,
            organization_id=course_class.organization_id,
            details={"person": person_id},
        )
