"""Bank personas: a keeper of the bank in committee A and one in committee B."""

from __future__ import annotations

import pytest

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user


@pytest.fixture
def keeper(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "keeper", organization=tree.committee_a, role="department_head", two_factor=True
    )


@pytest.fixture
def keeper_b(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "keeper_b", organization=tree.committee_b, role="department_head", two_factor=True
    )


@pytest.fixture
def organizer(tree) -> User:  # type: ignore[no-untyped-def]
    """Runs courses and exams in committee A."""
    return make_user("organizer", organization=tree.committee_a, role="secretary", two_factor=True)


@pytest.fixture
def organizer_b(tree) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "organizer_b", organization=tree.committee_b, role="secretary", two_factor=True
    )
