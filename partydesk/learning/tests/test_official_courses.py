"""The two official courses come as data (data/official_courses.json): added once per
organization with their topics, audience and default grading; the page's button; courses
carry their grading thresholds, checked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from partydesk.accounts.selectors import actor_for
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.learning.models import Course
from partydesk.learning.services.courses import course_create
from partydesk.learning.services.official import official_courses, official_courses_add

pytestmark = pytest.mark.django_db


def test_the_official_courses_are_added_once_with_their_topics(tree, organizer, organizer_b):
    assert [c["audience"] for c in official_courses()] == ["candidates", "new_members"]
    added = official_courses_add(actor=SYSTEM, organization=tree.committee_a)
    by_audience = {c.audience: c for c in added}
    assert by_audience["candidates"].topics.count() == 5
    assert by_audience["new_members"].topics.count() == 10
    first = by_audience["candidates"].topics.first()
    assert first is not None and first.title == "Khái quát lịch sử Đảng Cộng sản Việt Nam"
    assert by_audience["candidates"].validity_months == 60
    assert official_courses_add(actor=SYSTEM, organization=tree.committee_a) == []
    assert AuditEvent.objects.filter(action="learning.course.created").count() == 2
    with pytest.raises(NotAllowed):  # committee B's organizer acts for committee B only
        official_courses_add(actor=actor_for(organizer_b), organization=tree.committee_a)


def test_the_courses_page_adds_them(tree, organizer):
    client = logged_in(organizer)
    page = client.get(reverse("learning:courses")).content.decode()
    assert "Add the official courses" in page
    done = client.post(reverse("learning:official_courses"), follow=True)
    body = done.content.decode()
    assert "Bồi dưỡng lý luận chính trị dành cho đảng viên mới" in body
    assert Course.objects.filter(organization=tree.committee_a).count() == 2
    again = client.post(reverse("learning:official_courses"), follow=True)
    assert "already here" in again.content.decode()
    assert client.get(reverse("learning:official_courses")).status_code == 405


def test_grading_thresholds_are_checked(tree):
    with pytest.raises(InvalidInput):
        course_create(
            actor=SYSTEM,
            organization=tree.committee_a,
            title="Lớp thử",
            audience="other",
            excellent_from=Decimal(60),
            good_from=Decimal(70),
        )
    with pytest.raises(InvalidInput):
        course_create(
            actor=SYSTEM,
            organization=tree.committee_a,
            title="Lớp thử",
            audience="other",
            validity_months=0,
        )
