"""Fixtures of the documents tests."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def reference_data(db):  # type: ignore[no-untyped-def]
    """Default roles and document reference data. A transactional test's flush empties the
    tables the data migrations filled (for the rest of the run and, with --reuse-db, the
    next one), so they are reloaded when missing."""
    from partydesk.accounts.models import Role
    from partydesk.documents.models import DocumentType

    if Role.objects.exists() and DocumentType.objects.exists():
        return
    roles = importlib.import_module("partydesk.accounts.migrations.0002_default_roles")
    defaults = importlib.import_module("partydesk.documents.migrations.0002_default_reference_data")
    roles.forwards(apps, None)
    defaults.forwards(apps, None)


@pytest.fixture
def office_a(tree):  # type: ignore[no-untyped-def]
    """Committee A's office: clerk, secretary, department head, office chief, specialist."""
    from partydesk.documents.tests.factories import make_office

    return make_office(tree.committee_a, "a")
