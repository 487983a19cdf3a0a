"""The certificate's rules without a seal: grades from the course's thresholds, validity in
months, and the public check's rate limit per address."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.learning.models import Course
from partydesk.learning.services.certificates import add_months

pytestmark = pytest.mark.django_db


def test_grades_follow_the_course_thresholds_and_validity_its_months():
    course = Course(excellent_from=Decimal(80), good_from=Decimal(65), validity_months=60)
    assert course.grade(Decimal(80), True) == "excellent"
    assert course.grade(Decimal("79.99"), True) == "good"
    assert course.grade(Decimal(65), True) == "good"
    assert course.grade(Decimal(50), True) == "pass"
    assert course.grade(Decimal(90), False) == "fail"  # the exam's pass mark decides
    assert add_months(dt.date(2026, 12, 7), 60) == dt.date(2031, 12, 7)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_the_verify_page_is_rate_limited_per_address(settings):
    settings.PARTYDESK_LEARNING_VERIFY_RATE_PER_MINUTE = 2
    public = Client()
    url = reverse("learning:certificate_verify", args=["2026-0000000000"])
    assert [public.get(url).status_code for _ in range(3)] == [404, 404, 429]
