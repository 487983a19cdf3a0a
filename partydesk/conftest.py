"""Shared personas: alice and bob in one organization, eve in another.

Bloc committee (root)
├── Committee A (grassroots committee)
│   └── Cell A1          <- alice (specialist), bob (specialist)
└── Committee B          <- eve (specialist)
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client

from partydesk.accounts.models import Role, User
from partydesk.accounts.services.roles import role_defaults_apply
from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.tests.factories import make_org


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium (marked automatically)")
    config.addinivalue_line(
        "markers", "installations: starts real server processes with their own databases"
    )
    config.addinivalue_line(
        "markers",
        "one_database(vendor): slow, and checks little the other database would add; CI runs it "
        "once, in the pass on that vendor ('sqlite' or 'postgresql')",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that drive a browser are marked `browser`, and tests that start server processes
    on their own SQLite files are marked `installations`. Neither tests the suite's database,
    so CI runs each once and splits them between its two passes to balance their time:
    PARTYDESK_SKIP_BROWSER_TESTS=1 (the PostgreSQL pass of .ci/run) skips the browser tests,
    PARTYDESK_SKIP_INSTALLATION_TESTS=1 (the SQLite pass) skips the installation tests.
    Locally, `-m "not browser"` and `-m "not installations"` leave them out."""
    skip_browser = os.environ.get("PARTYDESK_SKIP_BROWSER_TESTS") == "1"
    skip_installations = os.environ.get("PARTYDESK_SKIP_INSTALLATION_TESTS") == "1"
    for item in items:
        _run_once(item)
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            if skip_browser:
                item.add_marker(pytest.mark.skip(reason="browser tests run once, on SQLite"))
        elif skip_installations and item.get_closest_marker("installations") is not None:
            # Their own databases are SQLite files whatever the suite runs on: once is enough.
            item.add_marker(
                pytest.mark.skip(reason="installation tests run once, in the PostgreSQL pass")
            )


# The demo seeds what `make run` shows, on SQLite: its tests (minutes of seeding) run in that
# pass only (the key is the app's folder under partydesk/). The migration round trips are
# marked `one_database("postgresql")` where they are.
_ONCE_BY_FOLDER = {"demo": "sqlite"}


def _run_once(item: pytest.Item) -> None:
    """In CI (`CI=true`, as .ci/run sets), a test marked `one_database(vendor)`, or under a
    folder of `_ONCE_BY_FOLDER`, runs only in the pass on that vendor; locally it always runs."""
    marker = item.get_closest_marker("one_database")
    vendor = marker.args[0] if marker is not None else None
    parts = item.path.relative_to(item.config.rootpath).parts
    if vendor is None and len(parts) > 2 and parts[0] == "partydesk":
        vendor = _ONCE_BY_FOLDER.get(parts[1])
    if vendor is None:
        return
    if vendor not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"one_database({vendor!r}): 'sqlite' or 'postgresql'")
    if os.environ.get("CI") != "true":
        return
    if connection.vendor != vendor:
        item.add_marker(pytest.mark.skip(reason=f"runs once in CI, in the {vendor} pass"))


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LANGUAGE_CODE = "en"
    # The portal's page cache reads the shared cache every time, and counts reads at once.
    settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = 0
    settings.PARTYDESK_PORTAL_READS_FLUSH_SECONDS = 0
    # Each test's audit checkpoints are its own: one test's files would not match another's chain.
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    cache.clear()  # rate-limit counters must not leak from one test into the next
    yield
    cache.clear()


# Reference data that data migrations load: (migration module, its function, a model it
# fills). Default roles come first (accounts.services.roles, which runs after every migrate
# and flush).
_REFERENCE_DATA = [
    (
        "partydesk.documents.migrations.0002_default_reference_data",
        "forwards",
        "documents.DocumentType",
    ),
    (
        "partydesk.organizations.migrations.0004_membership_rule",
        "create_todays_rule",
        "organizations.MembershipRule",
    ),
    (
        "partydesk.organizations.migrations.0006_default_recipient_groups",
        "forwards",
        "organizations.RecipientGroup",
    ),
    (
        "partydesk.assignments.migrations.0004_evaluation_rules",
        "store_defaults",
        "assignments.EvaluationRule",
    ),
    ("partydesk.meetings.migrations.0002_default_kinds", "forwards", "meetings.MeetingKind"),
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Roles and document types are data loaded by migrations; a transactional test flushes
    them, so put them back before any database test that follows."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not {"db", "transactional_db"} & names:
        return
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Role.objects.exists():
        role_defaults_apply()
    for module, function, model in _REFERENCE_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)


@dataclass
class Tree:
    root: Organization
    committee_a: Organization
    cell_a1: Organization
    committee_b: Organization


@pytest.fixture
def tree(db) -> Tree:
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
    """A client logged in as `user`, past the second factor when the user has one."""
    if user.has_two_factor:
        return verified_client(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return logged_in(alice)


@pytest.fixture
def eve_client(eve: User) -> Client:
    return logged_in(eve)
