"""Fixtures of the documents tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _database(db):  # type: ignore[no-untyped-def]
    """Every documents test may use the database; the root conftest reloads the reference
    data (roles, document types) that a transactional test's flush removes."""


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
