"""Learning's dashboard panel: the exams open now that the person may still sit."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.learning.models import AttemptStatus
from partydesk.learning.selectors.exams import exams_of_learner


def open_exam_panels(request: HttpRequest) -> list[Panel]:
    """Exams open now with an attempt left or one in progress (two queries; none without
    a linked person)."""
    if not request.user.is_authenticated or getattr(request.user, "person_id", None) is None:
        return []
    now = timezone.now()
    rows = [
        exam
        for exam in exams_of_learner(request.user)
        if exam.opens_at <= now < exam.closes_at
        and (
            len(exam.mine) < exam.attempts_allowed  # type: ignore[attr-defined]
            or any(a.status == AttemptStatus.IN_PROGRESS for a in exam.mine)  # type: ignore[attr-defined]
        )
    ]
    if not rows:
        return []
    return [
        Panel(
            title=_("Exams open for you"),
            template="learning/panels/open_exams.html",
            context={"exams": rows},
            count=len(rows),
            order=40,
        )
    ]
