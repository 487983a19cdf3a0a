"""The attempt's page as both ways of serving it build it: Django's views (the attempt's
address, the start page's fallback press) and the lean start (`live.py`), which renders it
in its own layout without the menu, rendered once per exam and language and filled per
attempt (`sheet.frame_html`). One place for what the page holds."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils import formats, timezone

from partydesk.learning.models import Answer, Attempt, AttemptStatus, Exam
from partydesk.learning.selectors.exams import attempt_saved, remaining_seconds
from partydesk.learning.services.exams import GRACE
from partydesk.learning.sheet import frame_html, sheet_html

LEAN_TEMPLATE = "learning/lean/attempt.html"


def attempt_is_over(found: Attempt) -> bool:
    """Handed in, or its time is up (Django's attempt view then hands it in and shows the
    result): no page of questions for it."""
    return found.status != AttemptStatus.IN_PROGRESS or timezone.now() > found.deadline + GRACE


def attempt_address(found: Attempt) -> str:
    return reverse("learning:attempt", args=[found.pk])


def _fields(found: Attempt, saved: Mapping[int, Answer], csrf_token: str) -> dict[str, object]:
    """The page's values of one attempt: its questions from the cached sheet with what was
    saved, the server's time left, and its own address for the browser's history."""
    answer_url = reverse("learning:answer", args=[found.pk, 0])[: -len("0/")] + "{slot}/"
    sheet = sheet_html(
        found.draw,
        {slot: a.chosen for slot, a in saved.items()},
        answer_url=answer_url,
        csrf_token=csrf_token,
        texts={slot: a.text for slot, a in saved.items()},
        saved=saved.keys(),
    )
    return {
        "sheet": sheet,
        "remaining": remaining_seconds(found),
        "ends_at": formats.time_format(timezone.localtime(found.deadline), "H:i:s"),
        "submit_url": reverse("learning:attempt_submit", args=[found.pk]),
        "replace_url": attempt_address(found),
        "csrf_token": csrf_token,
    }


def attempt_page_context(found: Attempt, csrf_token: str, *, path: str) -> dict[str, object]:
    """The page of an attempt in progress (Django's views): when it answers a press at
    another address (`path`), it names its own address for the browser's history."""
    fields = _fields(found, attempt_saved(found), csrf_token)
    return {"exam": found.exam, "replaces": path != fields["replace_url"], **fields}


def attempt_page_lean(found: Attempt, exam: Exam, csrf_token: str, *, fresh: bool) -> str:
    """The page of an attempt in progress in the lean layout (the lean start, which always
    answers at another address): rendered once per exam and language and filled with this
    attempt's values; a `fresh` attempt (started by this press) has nothing saved to read."""
    saved = {} if fresh else attempt_saved(found)
    page = {"exam": exam, "replaces": True}
    fields = _fields(found, saved, csrf_token)
    return frame_html(LEAN_TEMPLATE, (LEAN_TEMPLATE, exam.pk, exam.title), page, fields)
