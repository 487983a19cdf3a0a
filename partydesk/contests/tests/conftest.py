"""Contest personas: an organizer in committee A (and one in committee B), and a bank
category in A to draw from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.contests.models import Round
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.core.http import SYSTEM
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.tests.test_bank import single


@pytest.fixture
def organizer(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "organizer", organization=tree.committee_a, role="department_head", two_factor=True
    )


@pytest.fixture
def bank_category(tree) -> int:  # type: ignore[no-untyped-def]
    return category_create(actor=SYSTEM, organization=tree.committee_a, name="Luật PCTN").pk


@pytest.fixture
def open_round(tree) -> Round:  # type: ignore[no-untyped-def]
    """Round 1 of a published contest, open now for six days: 3 questions drawn from 5 (the
    right answer stored first), 30 minutes, 2 attempts."""
    category = category_create(actor=SYSTEM, organization=tree.root, name="Luật PCTN")
    for n in range(5):
        question_create(actor=SYSTEM, category=category, item=single(f"Câu hỏi số {n}?"))
    contest = contest_create(
        actor=SYSTEM, organization=tree.root, title="Tìm hiểu Luật PCTN", published=True
    )
    now = timezone.now()
    return round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=6),
        category_ids=[category.pk],
        question_count=3,
        time_limit_minutes=30,
        attempts_allowed=2,
    )
