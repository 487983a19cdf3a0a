"""Template context for the top bar: the number on the bell.

It is the person's unread notifications, counted by one query over a partial index, and
only if a template reads it. The dashboard panels (every app's queries) are built by the
dashboard page alone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partydesk.core.selectors import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """`notification_count`: the person's unread notifications. A callable, which templates
    call when they read it, and which counts at most once per request."""
    counted: list[int] = []

    def count() -> int:
        if not counted:
            counted.append(notification_unread_count(getattr(request, "user", None)))
        return counted[0]

    return {"notification_count": count}
