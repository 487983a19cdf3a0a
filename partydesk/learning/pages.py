"""The attempt's page as both ways of serving it build it: Django's views (the attempt's
address, the start page's fallback press) and the lean start (`live.py`), which renders it
in its own layout without the menu. One place for what the page holds."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from partydesk.learning.models import Attempt, AttemptStatus
from partydesk.learning.selectors.exams import attempt_saved, remaining_seconds
from partydesk.learning.services.exams import GRACE
from partydesk.learning.sheet import sheet_html


def attempt_is_over(found: Attempt) -> bool:
    """Handed in, or its time is up (Django's attempt view then hands it in and shows the
    result): no page of questions for it."""
    return found.status != AttemptStatus.IN_PROGRESS or timezone.now() > found.deadline + GRACE


def attempt_address(found: Attempt) -> str:
    return reverse("learning:attempt", args=[found.pk])


def attempt_page_context(found: Attempt, csrf_token: str, *, path: str) -> dict[str, object]:
    """The page of an attempt in progress: its questions from the cached sheet with what was
    saved, the server's time left, and, when the page answers a press at another address
    (`path`), its own address for the browser's history."""
    saved = attempt_saved(found)
    answer_url = reverse("learning:answer", args=[found.pk, 0])[: -len("0/")] + "{slot}/"
    sheet = sheet_html(
        found.draw,
        {slot: a.chosen for slot, a in saved.items()},
        answer_url=answer_url,
        csrf_token=csrf_token,
        texts={slot: a.text for slot, a in saved.items()},
        saved=saved.keys(),
    )
    address = attempt_address(found)
    return {
        "attempt": found,
        "sheet": sheet,
        "remaining": remaining_seconds(found),
        "replace_url": address if path != address else "",
    }
