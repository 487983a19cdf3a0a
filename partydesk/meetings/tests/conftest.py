"""Meeting personas: an organizer (office chief) in committee A and one in committee B."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.core.http import SYSTEM
from partydesk.documents.tests.conftest import rsa_keys, signing  # noqa: F401
from partydesk.meetings.models import Meeting, MeetingKind


@pytest.fixture
def organizer(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "organizer", organization=tree.committee_a, role="office_chief", two_factor=True
    )


@pytest.fixture
def organizer_b(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "organizer_b", organization=tree.committee_b, role="office_chief", two_factor=True
    )


def kind(code: str) -> MeetingKind:
    return MeetingKind.objects.get(organization=None, code=code)


def schedule(organization, *, code: str = "committee", days: int = 3, **kw) -> Meeting:  # type: ignore[no-untyped-def]
    from partydesk.meetings.services.meetings import meeting_create

    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    values: dict[str, Any] = {
        "title": "Hội nghị Ban Chấp hành lần thứ 5",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        "main_site": "Hội trường tầng 3",
    }
    values.update(kw)
    return meeting_create(actor=SYSTEM, organization=organization, kind=kind(code), **values)
