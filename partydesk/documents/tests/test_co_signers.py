"""Co-signers sign an approved PDF before its signer, in their order (approved -> co-signed
-> signed); each signature is an incremental PAdES signature through the signatures app, and
the PDF with both validates with our report and with poppler's pdfsig."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.accounts.tests.factories import totp_code, verified_client
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.core.services.files import file_read
from partydesk.documents.models import CoSigner, Document, DocumentEvent, Status
from partydesk.documents.selectors.dashboard import work_waiting_for
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.outgoing import (
    DraftFields,
    document_cosign,
    document_sign,
    outgoing_draft_create,
    outgoing_submit,
    review_decide,
)
from partydesk.documents.services.outgoing._versions import latest_version
from partydesk.documents.tests.factories import doc_type, pdf_bytes
from partydesk.signatures.selectors import pdf_validate


def _approved(office, co_signers, body: str = ""):  # type: ignore[no-untyped-def]
    file = None if body else upload_prepare([Upload("bien-ban.pdf", pdf_bytes("Biên bản"))])
    document = outgoing_draft_create(
        actor=office.specialist,
        organization=office.organization,
        fields=DraftFields(
            document_type=doc_type("bien-ban"),
            subject="Biên bản hội nghị",
            signer=office.secretary,
            co_signers=co_signers,
        ),
        body=body,
        file=file,
    )
    outgoing_submit(actor=office.specialist, document=document)
    for reviewer in (office.head, office.chief, office.secretary):
        review_decide(actor=reviewer, document=document, decision="approve")
    return Document.objects.get(pk=document.pk)


def _pdf(document: Document) -> bytes:
    latest = latest_version(document)
    assert latest is not None
    return file_read(latest.file)


def test_the_co_signers_sign_in_order_then_the_signer(office_a, signing):
    office = office_a
    signing(people=[office.head, office.chief, office.secretary])
    document = _approved(office, [office.head, office.chief])
    assert (document.co_signer_count, document.status) == (2, Status.APPROVED)
    with pytest.raises(InvalidInput, match="co-signers sign first"):
        document_sign(actor=office.secretary, document=document)
    with pytest.raises(NotAllowed, match="turn to co-sign"):
        document_cosign(actor=office.chief, document=document)

    document_cosign(actor=office.head, document=document)
    assert Document.objects.get(pk=document.pk).status == Status.APPROVED
    document_cosign(actor=office.chief, document=document)
    document = Document.objects.get(pk=document.pk)
    assert document.status == Status.CO_SIGNED
    with pytest.raises(InvalidInput, match="waiting for its co-signers"):
        document_cosign(actor=office.head, document=document)
    document_sign(actor=office.secretary, document=document)
    document = Document.objects.get(pk=document.pk)
    assert document.status == Status.SIGNED and document.digitally_signed

    report = pdf_validate(pdf=_pdf(document))
    assert report.all_valid and len(report.signatures) == 3
    assert [s.signer for s in report.signatures] == ["a_head", "a_chief", "a_secretary"]
    versions = CoSigner.objects.filter(document=document).values_list("version", flat=True)
    assert list(versions) == [2, 3]  # the uploaded draft is version 1
    moves = DocumentEvent.objects.filter(document=document, action="co_signed")
    assert [e.to_status for e in moves] == ["", Status.CO_SIGNED]
    audited = AuditEvent.objects.filter(action="documents.document.co_signed")
    assert audited.count() == 2


def test_a_co_signer_is_named_once_and_not_the_signer_and_signs_a_final_pdf(office_a):
    office = office_a
    with pytest.raises(InvalidInput, match="named once"):
        _approved(office, [office.head, office.head])
    with pytest.raises(InvalidInput, match="named once"):
        _approved(office, [office.secretary])
    with pytest.raises(InvalidInput, match="upload it"):
        _approved(office, [office.head], body="<p>Nội dung</p>")


def test_the_co_signer_signs_from_the_page_and_sees_it_waiting(office_a, signing):
    office = office_a
    signing(people=[office.head, office.secretary])
    document = _approved(office, [office.head])
    waiting = work_waiting_for(actor_for(office.head), today=timezone.localdate())
    assert document in waiting.to_sign
    chair_waits = work_waiting_for(actor_for(office.secretary), today=timezone.localdate())
    assert document not in chair_waits.to_sign
    page = verified_client(office.head).get(reverse("documents:detail", args=[document.pk]))
    assert reverse("documents:sign", args=[document.pk]) in page.content.decode()
    response = verified_client(office.head).post(
        reverse("documents:sign", args=[document.pk]), {"code": totp_code(office.head)}
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == Status.CO_SIGNED
    history = verified_client(office.secretary).get(reverse("documents:detail", args=[document.pk]))
    assert "co-signed it" in history.content.decode()
    assert "Co-signers, before the signer" in history.content.decode()
    chair_waits = work_waiting_for(actor_for(office.secretary), today=timezone.localdate())
    assert document in chair_waits.to_sign


@pytest.mark.django_db(transaction=True)
def test_pdfsig_accepts_the_co_signature_and_the_signature(
    office_a, signing, live_server, settings, tmp_path
):
    """poppler's pdfsig, with our root trusted, reads both signatures valid."""
    from partydesk.signatures.tests.test_pdfsig import _nss_trusting_our_root, _pdfsig

    assert shutil.which("pdfsig") and shutil.which("certutil"), "run scripts/system-deps.sh"
    settings.SITE_URL = live_server.url  # the certificates name our OCSP responder
    office = office_a
    signing(people=[office.head, office.secretary])
    document = _approved(office, [office.head])
    document_cosign(actor=office.head, document=document)
    document_sign(actor=office.secretary, document=document)
    path = tmp_path / "signed.pdf"
    path.write_bytes(_pdf(Document.objects.get(pk=document.pk)))
    report = _pdfsig(_nss_trusting_our_root(tmp_path / "nss"), path)
    assert report.count("Signature is Valid.") == 2, report
    assert "PD_Personal_1" in report and "PD_Personal_2" in report
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    assert "Biên bản" in text.stdout.decode()
