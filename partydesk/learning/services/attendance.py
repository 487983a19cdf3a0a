"""Writes to attendance: the organizer adds a class's sessions and records, on one page for
the whole class, who was present, excused or absent. Each save is audited once, with what
changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.learning.models import Attendance, AttendanceStatus, ClassSession, CourseClass
from partydesk.learning.services.courses import courses_check_manage


@transaction.atomic
def session_add(
    *, actor: Acting, course_class: CourseClass, held_on: dt.date, title: str = ""
) -> ClassSession:
    """A session of the class on a day between its first and last."""
    courses_check_manage(actor, course_class.organization)
    if not course_class.starts_on <= held_on <= course_class.ends_on:
        raise InvalidInput(_("A session is held between the class's first and last day."))
    session = ClassSession.objects.create(
        course_class=course_class, held_on=held_on, title=" ".join(title.split())[:255]
    )
    audit_log(
        actor=actor.user,
        action="learning.class.session_added",
        target=course_class,
        organization_id=course_class.organization_id,
        details={"session": session.pk, "held_on": held_on.isoformat()},
    )
    return session


@transaction.atomic
def attendance_record(
    *, actor: Acting, session: ClassSession, marks: Mapping[int, str]
) -> dict[int, str]:
    """Record the marks of a session, keyed by enrolment id (learners of the session's
    class only; anything else refuses the whole save). One upsert; returns what changed."""
    course_class = session.course_class
    courses_check_manage(actor, course_class.organization)
    if any(status not in AttendanceStatus.values for status in marks.values()):
        raise InvalidInput(_("Mark each learner present, excused or absent."))
    enrolled = set(course_class.enrolments.values_list("pk", flat=True))
    if set(marks) - enrolled:
        raise InvalidInput(_("Only the class's learners have attendance."))
    before = dict(
        Attendance.objects.select_for_update()
        .filter(session=session)
        .values_list("enrolment_id", "status")
    )
    changed = {e: s for e, s in sorted(marks.items()) if before.get(e) != s}
    if not changed:
        return {}
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment_id=e,
                status=s,
                recorded_by=actor.user,
                recorded_at=now,
            )
            for e, s in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    audit_log(
        actor=actor.user,
        action="learning.class.attendance_recorded",
        target=course_class,
        organization_id=course_class.organization_id,
        details={"session": session.pk, "changed": {str(e): s for e, s in changed.items()}},
    )
    return changed
