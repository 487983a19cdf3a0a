"""Fixtures of the organizations tests: a membership officer in committee A."""

from __future__ import annotations

import pytest
from django.test import Client

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import grant_role


@pytest.fixture
def officer(alice: User, tree) -> User:  # type: ignore[no-untyped-def]
    """alice, given the membership officer role (members.*, organizations.manage) on A."""
    grant_role(alice, "member_officer", tree.committee_a)
    return alice


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def eve_officer_client(eve: User, tree) -> Client:  # type: ignore[no-untyped-def]
    """eve with the same role, but on committee B."""
    grant_role(eve, "member_officer", tree.committee_b)
    client = Client()
    client.force_login(eve)
    return client
