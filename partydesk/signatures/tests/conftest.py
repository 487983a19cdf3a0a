"""Fixtures for signature stories: RSA-2048 keys made once per session, an installation CA,
certificates for the personas, and small PDFs.

Signing tests spend their time in RSA and ASN.1, so keys are generated once and handed out
in order by `pki.key_factory` (reset per test, so no two certificates of a test share a key).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fpdf import FPDF

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import grant_role, make_user
from partydesk.organizations.models import Organization
from partydesk.signatures import authority, pki
from partydesk.signatures.models import Certificate
from partydesk.signatures.services import (
    ca_initialize,
    certificate_issue_organization,
    certificate_issue_personal,
)

KEY_POOL_SIZE = 12


@pytest.fixture(scope="session")
def rsa_keys() -> list[rsa.RSAPrivateKey]:
    return [
        rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(KEY_POOL_SIZE)
    ]


@pytest.fixture(autouse=True)
def _pooled_keys(
    rsa_keys: list[rsa.RSAPrivateKey], monkeypatch: pytest.MonkeyPatch, settings, tmp_path
) -> Iterator[None]:  # type: ignore[no-untyped-def]
    pool = itertools.cycle(rsa_keys)
    monkeypatch.setattr(pki, "key_factory", lambda: next(pool))
    settings.PARTYDESK_CA_PASSPHRASE = "test-ca-passphrase-0123456789"
    settings.PARTYDESK_TSA_URL = ""
    settings.PARTYDESK_PADES_LEVEL = "B-T"
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-T"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "http://testserver"
    yield


@pytest.fixture
def ca(db) -> None:  # type: ignore[no-untyped-def]
    ca_initialize(actor=None, name="Test Installation")


def make_pdf(pages: int = 1, text: str = "Nghị quyết về công tác chuyển đổi số") -> bytes:
    doc = FPDF()
    doc.set_compression(False)  # plain content streams, so tests can find and alter bytes
    for n in range(pages):
        doc.add_page()
        doc.set_font("helvetica", size=12)
        doc.cell(text=f"Page {n + 1}: {text.encode('ascii', 'ignore').decode()}")
    return bytes(doc.output())


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def signer(tree, ca) -> User:  # type: ignore[no-untyped-def]
    """A secretary of committee A with two-factor login and a personal certificate."""
    user = make_user("signer", organization=tree.committee_a, role="secretary", two_factor=True)
    certificate_issue_personal(actor=None, user=user)
    return user


@pytest.fixture
def clerk(tree, ca) -> User:  # type: ignore[no-untyped-def]
    """The clerk (văn thư) of committee A, with two-factor login; the unit has a seal."""
    user = make_user("clerk", organization=tree.committee_a, role="clerk", two_factor=True)
    certificate_issue_organization(actor=None, organization=tree.committee_a)
    return user


@pytest.fixture
def admin_a(tree) -> User:  # type: ignore[no-untyped-def]
    user = make_user("admin_a", organization=tree.committee_a, role="admin", two_factor=True)
    return user


def give_role(user: User, role: str, organization: Organization) -> None:
    grant_role(user, role, organization)


def personal_certificate(user: User) -> Certificate:
    return Certificate.objects.get(holder=user, kind="personal", status="active")


@pytest.fixture(autouse=True)
def _fresh_authority_caches() -> Iterator[None]:
    """Certificates differ per test; caches are keyed by fingerprint, so keep them, but drop
    CA keys whose database row was rolled back."""
    yield
    authority._ca_keys.clear()
    authority._authorities.clear()
    authority._current_tsa.clear()


def read(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
