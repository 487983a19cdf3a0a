"""What the attempt's page shows, whichever path serves it: Django's attempt view (a reload,
a resume, the path without the lean start) or the lean start (`live_start`, which answers
the press of "start" with this page). One template (`contests/attempt.html`), in the site's
frame or in the lean frame without the menu and the bell; the lean page is rendered once per
round, kind and language and filled per attempt (`learning.sheet.frame_html`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partydesk.contests.models import Attempt, Contest, Round
from partydesk.contests.services.answering import attempt_token
from partydesk.contests.sheet import sheet_html
from partydesk.learning.sheet import frame_html

TEMPLATE = "contests/attempt.html"
SITE_FRAME = "base.html"
LEAN_FRAME = "lean_base.html"


def live_texts() -> dict[str, str]:
    """What answers.js shows, in the page's language ({time} and {count} filled there)."""
    return {
        "saving": _("Saving your answers…"),
        "all_saved": _("All your answers are saved."),
        "not_yet": _("Not saved yet"),
        "saved_at": _("Saved at %(time)s") % {"time": "{time}"},
        "offline": _("No connection: your answer is kept on this page and will be sent again."),
        "unsaved": _(
            "{count} answer(s) not saved yet: they are kept on this page and sent again "
            "as soon as the connection is back."
        ),
        "later": _("Too many saves in a minute: this answer is sent again shortly."),
        "refused": _("This answer was refused."),
        "closed": _(
            "This attempt is handed in or its time is up: answers can no longer be changed."
        ),
        "result": _("See the result"),
        "hand_in_blocked": _(
            "Some answers are not saved yet. Hand in once they are (when the connection is "
            "back), or they will not count."
        ),
    }


def _page(round_: Round, contest: Contest, *, practice: bool, frame: str) -> dict[str, Any]:
    """What the page shows of the round, the same for every attempt of its kind."""
    return {
        "frame": frame,
        "lean": frame == LEAN_FRAME,
        "round": round_,
        "contest": contest,
        "practice": practice,
        "texts": json.dumps(live_texts(), ensure_ascii=False),
    }


def _fields(
    found: Attempt, saved: Mapping[int, tuple[list[int], int]], csrf_token: str, *, lean: bool
) -> dict[str, Any]:
    """The page's values of one attempt: its sheet in the draw's order with the saved
    choices, the time left by the server's clock, the attempt's token for the lean answer
    endpoint, the sequence number stored for each slot (answers.js numbers on from it)."""
    remaining = max(0, int((found.deadline - timezone.now()).total_seconds()))
    answer_url = reverse("contests:answer", args=[found.pk, 0])[: -len("0/")] + "{slot}/"
    chosen = {slot: chosen for slot, (chosen, _seq) in saved.items()}
    return {
        "sheet": sheet_html(found.draw, chosen, answer_url=answer_url, csrf_token=csrf_token),
        "remaining": remaining,
        "ends_at": formats.time_format(timezone.localtime(found.deadline), "H:i:s"),
        "attempt_id": found.pk,
        "token": attempt_token(found),
        "seqs": json.dumps({slot: seq for slot, (_chosen, seq) in saved.items()}),
        "csrf_token": csrf_token,
        "result_url": reverse("contests:result", args=[found.pk]),
        "submit_url": reverse("contests:submit", args=[found.pk]),
        # Answering a POST (the lean start), the page names its own address for a reload.
        "replace_url": reverse("contests:attempt", args=[found.pk]) if lean else "",
    }


def attempt_context(
    found: Attempt,
    *,
    round_: Round,
    contest: Contest,
    saved: Mapping[int, tuple[list[int], int]],
    csrf_token: str,
) -> dict[str, Any]:
    """The page of an attempt in progress in the site's frame (Django's attempt view)."""
    page = _page(round_, contest, practice=found.practice, frame=SITE_FRAME)
    return page | _fields(found, saved, csrf_token, lean=False)


def attempt_page_lean(
    found: Attempt,
    *,
    round_: Round,
    contest: Contest,
    saved: Mapping[int, tuple[list[int], int]],
    csrf_token: str,
) -> str:
    """The page of an attempt in progress in the lean frame (the lean start): the page
    rendered once per round, kind and language and filled with this attempt's values."""
    shown = (contest.title, str(round_), round_.prediction_question)
    key = (TEMPLATE, round_.pk, found.practice, *shown)
    page = _page(round_, contest, practice=found.practice, frame=LEAN_FRAME)
    return frame_html(TEMPLATE, key, page, _fields(found, saved, csrf_token, lean=True))
