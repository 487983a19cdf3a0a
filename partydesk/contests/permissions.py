"""The capabilities contests declares (apps.py) and checks."""

from __future__ import annotations

CONTESTS_VIEW = "contests.view"
CONTESTS_MANAGE = "contests.manage"
