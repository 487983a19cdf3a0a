"""Reads of attendance: a class's sessions with their counts, the sheet of one session (every
learner with their mark), and each learner's attendance against the course's minimum."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from partydesk.core.numbers import percent_figure
from partydesk.learning.models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    CourseClass,
    Enrolment,
)
from partydesk.learning.selectors.courses import enrolment_list


@dataclass(frozen=True)
class AttendanceSummary:
    """One learner's attendance over a class's sessions. Only 'present' counts towards the
    minimum; an excused absence is an absence that is explained, and a session nobody
    recorded for the learner is counted as not attended (the reason says so)."""

    sessions: int
    present: int
    excused: int
    absent: int
    minimum: Decimal

    @property
    def unrecorded(self) -> int:
        return self.sessions - self.present - self.excused - self.absent

    @property
    def percent(self) -> Decimal:
        if not self.sessions:
            return Decimal(100)
        share = Decimal(self.present * 100) / Decimal(self.sessions)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def eligible(self) -> bool:
        """No session recorded yet means attendance is not taken for this class."""
        return self.sessions == 0 or self.percent >= self.minimum

    @property
    def reason(self) -> str:
        """Why the learner is not eligible (empty when eligible)."""
        if self.eligible:
            return ""
        return _(
            "Present at %(present)s of %(sessions)s sessions (%(percent)s%%); the course "
            "asks at least %(minimum)s%%. Excused: %(excused)s, absent: %(absent)s, "
            "not recorded: %(unrecorded)s."
        ) % {
            "present": self.present,
            "sessions": self.sessions,
            # As the reader writes a decimal ("71,43" in Vietnamese), like the page's own.
            "percent": percent_figure(self.percent),
            "minimum": percent_figure(self.minimum),
            "excused": self.excused,
            "absent": self.absent,
            "unrecorded": self.unrecorded,
        }


def session_list(course_class: CourseClass) -> QuerySet[ClassSession]:
    """The class's sessions in date order, with how many were marked each way."""
    return ClassSession.objects.filter(course_class=course_class).annotate(
        present=Count("marks", filter=Q(marks__status=AttendanceStatus.PRESENT)),
        excused=Count("marks", filter=Q(marks__status=AttendanceStatus.EXCUSED)),
        absent=Count("marks", filter=Q(marks__status=AttendanceStatus.ABSENT)),
    )


def session_get_for(course_class: CourseClass, pk: int) -> ClassSession:
    """A session of this class (already scoped by `class_get_for`), else 404."""
    found = ClassSession.objects.filter(course_class=course_class, pk=pk).first()
    if found is None:
        raise Http404("session not found")
    return found


def attendance_sheet(session: ClassSession) -> list[tuple[Enrolment, str]]:
    """Every learner of the session's class with their mark; 'present' when none is
    recorded yet, so the organizer only changes the absentees (two queries)."""
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    return [
        (row, marks.get(row.pk, AttendanceStatus.PRESENT))
        for row in enrolment_list(session.course_class)
    ]


def _summaries(course_class: CourseClass, people: list[int]) -> dict[int, AttendanceSummary]:
    sessions = ClassSession.objects.filter(course_class=course_class).count()
    counts: dict[int, Counter[str]] = {p: Counter() for p in people}
    rows = (
        Attendance.objects.filter(
            session__course_class=course_class, enrolment__person_id__in=people
        )
        .values_list("enrolment__person_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for person_id, status, n in rows:
        counts[person_id][status] = n
    minimum = course_class.course.min_attendance
    return {
        person_id: AttendanceSummary(
            sessions=sessions,
            present=found[AttendanceStatus.PRESENT],
            excused=found[AttendanceStatus.EXCUSED],
            absent=found[AttendanceStatus.ABSENT],
            minimum=minimum,
        )
        for person_id, found in counts.items()
    }


def attendance_by_person(course_class: CourseClass) -> dict[int, AttendanceSummary]:
    """Each enrolled learner's attendance, keyed by person id (three queries)."""
    people = Enrolment.objects.filter(course_class=course_class).values_list("person_id", flat=True)
    return _summaries(course_class, list(people))


def attendance_of(course_class: CourseClass, person_id: int) -> AttendanceSummary:
    """One learner's attendance at a class (nothing present if not enrolled)."""
    return _summaries(course_class, [person_id])[person_id]
