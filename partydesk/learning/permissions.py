"""The capabilities learning declares (apps.py) and checks."""

from __future__ import annotations

BANK_VIEW = "learning.bank.view"
BANK_MANAGE = "learning.bank.manage"
COURSES_MANAGE = "learning.courses.manage"
EXAMS_MANAGE = "learning.exams.manage"
