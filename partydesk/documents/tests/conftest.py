"""Fixtures of the documents tests."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def reference_data(django_db_blocker):  # type: ignore[no-untyped-def]
    """Default roles and document reference data, reloaded for transactional tests (their
    flush at the end empties the tables the data migrations filled)."""
    with django_db_blocker.unblock():
        roles = importlib.import_module("partydesk.accounts.migrations.0002_default_roles")
        defaults = importlib.import_module(
            "partydesk.documents.migrations.0002_default_reference_data"
        )
        roles.forwards(apps, None)
        defaults.forwards(apps, None)
