"""Shared personas: alice and bob in one organization, eve in another.

Bloc committee (root)
├── Committee A (grassroots committee)
│   └── Cell A1          <- alice (specialist), bob (specialist)
└── Committee B          <- eve (specialist)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.tests.factories import make_org


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LANGUAGE_CODE = "en"


@dataclass
class Tree:
    root: Organization
    committee_a: Organization
    cell_a1: Organization
    committee_b: Organization


@pytest.fixture
def tree(db) -> Tree:  # type: ignore[no-untyped-def]
    root = make_org(
        "Đảng bộ Khối các cơ quan tỉnh", kind=OrganizationKind.UPPER_COMMITTEE, abbreviation="ĐUK"
    )
    a = make_org(
        "Đảng bộ Sở Tài chính",
        parent=root,
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        abbreviation="ĐU",
    )
    a1 = make_org("Chi bộ Phòng Ngân sách", parent=a, kind=OrganizationKind.SUBORDINATE_CELL)
    b = make_org(
        "Đảng bộ Sở Y tế",
        parent=root,
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        abbreviation="ĐU",
    )
    return Tree(root, a, a1, b)


@pytest.fixture
def alice(tree: Tree) -> User:
    return make_user("alice", organization=tree.committee_a)


@pytest.fixture
def bob(tree: Tree) -> User:
    return make_user("bob", organization=tree.committee_a)


@pytest.fixture
def eve(tree: Tree) -> User:
    return make_user("eve", organization=tree.committee_b)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return logged_in(alice)


@pytest.fixture
def eve_client(eve: User) -> Client:
    return logged_in(eve)
