"""Fixtures of the assignments tests: the documents offices, acting as actors."""

from __future__ import annotations

import pytest

# The installation's CA and personal certificates, as documents' tests make them (the
# evaluation forms are signed through the signatures app).
from partydesk.documents.tests.conftest import rsa_keys, signing  # noqa: F401


@pytest.fixture(autouse=True)
def _database(db):  # type: ignore[no-untyped-def]
    """Every assignments test uses the database."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def office_a(tree):  # type: ignore[no-untyped-def]
    from partydesk.documents.tests.factories import make_office

    return make_office(tree.committee_a, "a")


@pytest.fixture
def office_b(tree):  # type: ignore[no-untyped-def]
    from partydesk.documents.tests.factories import make_office

    return make_office(tree.committee_b, "b")
