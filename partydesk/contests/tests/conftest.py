"""Contest personas: an organizer in committee A (and one in committee B), and a bank
category in A to draw from."""

from __future__ import annotations

import pytest

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.core.http import SYSTEM
from partydesk.learning.services.bank import category_create


@pytest.fixture
def organizer(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "organizer", organization=tree.committee_a, role="department_head", two_factor=True
    )


@pytest.fixture
def bank_category(tree) -> int:  # type: ignore[no-untyped-def]
    return category_create(actor=SYSTEM, organization=tree.committee_a, name="Luật PCTN").pk
