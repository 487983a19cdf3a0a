"""The signature pages: validation for everyone, certificates for administrators of their own
subtree (others' are 404), images for their owners; bad input keeps the form with a message."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.signatures.models import Certificate, SignatureImage
from partydesk.signatures.services import (
    certificate_issue_personal,
    pdf_sign_personal,
)
from partydesk.signatures.tests.conftest import personal_certificate
from partydesk.signatures.tests.test_images import image_bytes

pytestmark = pytest.mark.django_db


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_any_logged_in_user_checks_a_signed_pdf(signer, alice_client, pdf_bytes):
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)

    response = alice_client.post("/signatures/", {"file": _upload("nghi-quyet.pdf", signed)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "All 1 signatures are valid." in page
    assert "Test Installation Root CA" in page and "nghi-quyet.pdf" in page
    assert "not revoked (checked against the CRL)" in page


def test_the_validation_page_explains_a_bad_file(ca, alice_client):
    response = alice_client.post("/signatures/", {"file": _upload("x.pdf", b"PK\x03\x04 zip")})
    assert response.status_code == 400
    assert "The file is not a PDF." in response.content.decode()
    broken = alice_client.post("/signatures/", {"file": _upload("y.pdf", b"%PDF-1.4\ngarbage")})
    assert broken.status_code == 400 and "damaged" in broken.content.decode()


def test_the_validation_page_needs_a_login(client):
    response = client.get("/signatures/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_administrator_lists_the_certificates_of_their_subtree_only(
    tree, ca, admin_a, signer, eve, django_assert_max_num_queries
):
    certificate_issue_personal(actor=None, user=eve)  # committee B
    for n in range(3):
        certificate_issue_personal(
            actor=None, user=make_user(f"member{n}", organization=tree.cell_a1)
        )
    client = verified_client(admin_a)

    # the shell (session, grants, notifications of other apps) plus three of ours
    with django_assert_max_num_queries(20):
        response = client.get("/signatures/certificates/")
    with CaptureQueriesContext(connection) as few:
        client.get("/signatures/certificates/")
    for n in range(3, 9):
        certificate_issue_personal(
            actor=None, user=make_user(f"member{n}", organization=tree.cell_a1)
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/signatures/certificates/")
    assert len(many) == len(few)  # no query per row

    assert response.status_code == 200
    page = response.content.decode()
    assert "signer" in page and "member2" in page
    assert "eve" not in page
    assert client.get("/signatures/certificates/?status=revoked").content.decode().count(
        "/signatures/certificates/"
    ) < page.count("/signatures/certificates/")


def test_another_organizations_certificate_is_404(tree, ca, admin_a, eve, signer):
    foreign = certificate_issue_personal(actor=None, user=eve)
    client = verified_client(admin_a)
    assert client.get(f"/signatures/certificates/{foreign.pk}/").status_code == 404
    assert (
        client.post(
            f"/signatures/certificates/{foreign.pk}/revoke/", {"reason": "unspecified"}
        ).status_code
        == 404
    )
    own = personal_certificate(signer)
    detail = client.get(f"/signatures/certificates/{own.pk}/")
    assert detail.status_code == 200 and own.serial_hex in detail.content.decode()


def test_people_without_the_capability_cannot_see_certificates(ca, alice_client):
    assert alice_client.get("/signatures/certificates/").status_code == 403


def test_revoking_from_the_page(admin_a, signer):
    cert = personal_certificate(signer)
    client = verified_client(admin_a)

    bad = client.post(f"/signatures/certificates/{cert.pk}/revoke/", {"reason": "bored"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()

    done = client.post(f"/signatures/certificates/{cert.pk}/revoke/", {"reason": "key_compromise"})
    assert done.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "revoked"


def test_renewing_from_the_page(admin_a, signer):
    cert = personal_certificate(signer)
    response = verified_client(admin_a).post(f"/signatures/certificates/{cert.pk}/renew/")
    renewed = Certificate.objects.get(renewed_from=cert)
    assert response.status_code == 302 and response["Location"].endswith(f"/{renewed.pk}/")


def test_issuing_from_the_page_for_someone_in_scope(tree, ca, admin_a, alice, eve):
    client = verified_client(admin_a)
    response = client.post(
        "/signatures/certificates/issue/", {"kind": "personal", "user": alice.pk}
    )
    assert response.status_code == 302
    assert Certificate.objects.filter(holder=alice, status="active").exists()

    outside = client.post("/signatures/certificates/issue/", {"kind": "personal", "user": eve.pk})
    assert outside.status_code == 400 and "Select a valid choice" in outside.content.decode()
    missing = client.post("/signatures/certificates/issue/", {"kind": "organization"})
    assert missing.status_code == 400 and "Choose the organization." in missing.content.decode()


def test_importing_a_p12_with_the_wrong_passphrase_says_so(tree, ca, admin_a, alice, rsa_keys):
    from partydesk.signatures.tests.test_certificates import _external_p12

    data = _external_p12(rsa_keys[-2], days=200, passphrase=b"right")
    client = verified_client(admin_a)
    response = client.post(
        "/signatures/certificates/import/",
        {
            "kind": "personal",
            "user": alice.pk,
            "file": _upload("a.p12", data),
            "passphrase": "wrong",
        },
    )
    assert response.status_code == 400
    assert "passphrase is wrong" in response.content.decode()
    assert not Certificate.objects.filter(holder=alice).exists()


def test_my_signature_page_shows_a_generated_image_and_takes_an_upload(signer):
    client = verified_client(signer)
    page = client.get("/signatures/me/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ready to sign" in content and "data:image/png;base64," in content

    bad = client.post("/signatures/me/", {"image": _upload("s.gif", b"GIF89a...", "image/gif")})
    assert bad.status_code == 400 and "not an image" in bad.content.decode()

    good = client.post(
        "/signatures/me/", {"image": _upload("s.png", image_bytes((400, 200)), "image/png")}
    )
    assert good.status_code == 302
    assert SignatureImage.objects.filter(user=signer, kind="signature").exists()


def test_the_clerk_uploads_the_seal_of_the_acting_unit(tree, clerk, alice_client):
    client = verified_client(clerk)
    assert client.get("/signatures/seal/").status_code == 200
    too_big = client.post(
        "/signatures/seal/",
        {"image": _upload("seal.png", image_bytes((300, 300)), "image/png"), "width_mm": "90"},
    )
    assert too_big.status_code == 400 and "60" in too_big.content.decode()
    done = client.post(
        "/signatures/seal/",
        {"image": _upload("seal.png", image_bytes((300, 300)), "image/png"), "width_mm": "38"},
    )
    assert done.status_code == 302
    assert SignatureImage.objects.get(organization=tree.committee_a).width_mm == 38
    assert alice_client.get("/signatures/seal/").status_code == 403


def test_the_validation_api_answers_json(signer, pdf_bytes):
    from django.test import Client

    from partydesk.accounts.services.tokens import api_token_create

    _row, raw = api_token_create(user=signer, name="checker")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    response = api.post("/api/v1/signatures/validate", {"file": io.BytesIO(signed)})
    assert response.status_code == 200
    body = response.json()
    assert body["all_valid"] and body["signatures"][0]["level"] == "B-T"
