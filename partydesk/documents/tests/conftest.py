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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Stored files go to a temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(scope="session")
def rsa_keys():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric import rsa

    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(10)]


@pytest.fixture
def signing(rsa_keys, monkeypatch, settings, db):  # type: ignore[no-untyped-def]
    """An installation CA with pooled keys (RSA generation is the slow part); returns a
    function that gives people personal certificates and organizations their seal."""
    import itertools

    from partydesk.signatures import authority, pki
    from partydesk.signatures.services import (
        ca_initialize,
        certificate_issue_organization,
        certificate_issue_personal,
    )

    pool = itertools.cycle(rsa_keys)
    monkeypatch.setattr(pki, "key_factory", lambda: next(pool))
    settings.PARTYDESK_CA_PASSPHRASE = "test-ca-passphrase-0123456789"
    settings.PARTYDESK_TSA_URL = ""
    settings.PARTYDESK_PADES_LEVEL = "B-T"
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-T"
    settings.SITE_URL = "http://testserver"
    ca_initialize(actor=None, name="Test Installation")

    def certify(*, people=(), organizations=()):  # type: ignore[no-untyped-def]
        for user in people:
            certificate_issue_personal(actor=None, user=user)
        for organization in organizations:
            certificate_issue_organization(actor=None, organization=organization)

    yield certify
    authority._ca_keys.clear()
    authority._authorities.clear()


@pytest.fixture
def office_root(tree):  # type: ignore[no-untyped-def]
    """The Bloc committee's office (ĐUK), with its 2025–2030 term and place name."""
    from partydesk.documents.tests.factories import make_office, make_term

    tree.root.place_name = "Nghệ An"
    tree.root.save(update_fields=["place_name"])
    make_term(tree.root)
    return make_office(tree.root, "k")
