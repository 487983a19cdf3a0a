"""The demo's signatures are real: what it calls digitally signed carries a PDF signed with
the demo's keys, checked here with pyHanko and poppler directly (not through our adapter),
and no signature check is stored on a PDF that carries no signature."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from partydesk.core.services import file_read
from partydesk.demo.documents.sealing import SEALED_AT_MOST
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.documents.models import Direction, Document, DocumentVersion, VersionKind
from partydesk.signatures.selectors import ca_certificate_der

pytestmark = pytest.mark.django_db

STEPS = [*CORE_STEPS, "partydesk.demo.signatures.seed", "partydesk.demo.documents.seed"]


def issued(document: Document) -> dt.datetime:
    assert document.issued_at is not None
    return document.issued_at


def signatures_in(pdf: bytes) -> list:  # type: ignore[type-arg]
    return list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)


def test_what_the_demo_calls_signed_is_signed_and_every_stored_check_is_the_validators(
    tmp_path,
):
    ctx = seed_demo(scale=0.1, log=lambda _line: None, steps=STEPS)
    root = ctx.root
    assert root is not None
    context = ValidationContext(
        trust_roots=[x509.Certificate.load(ca_certificate_der("root"))],
        other_certs=[x509.Certificate.load(ca_certificate_der("issuing"))],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    flagged = list(
        Document.objects.filter(digitally_signed=True)
        .prefetch_related("versions__file")
        .order_by("pk")
    )
    sealed_here = [d for d in flagged if d.organization_id == root.pk and d.code_number]
    arrived = [d for d in flagged if d.direction == Direction.INCOMING]
    assert 10 < len(sealed_here) <= SEALED_AT_MOST and arrived
    # Paper-signed documents are older than every sealed one and not flagged.
    paper = Document.objects.filter(
        organization=root,
        direction=Direction.OUTGOING,
        digitally_signed=False,
        secrecy=0,
        issued_at__isnull=False,
    )
    oldest_sealed = min(issued(d) for d in sealed_here)
    assert paper.exists() and all(issued(d) <= oldest_sealed for d in paper)

    # Every flagged document's latest file carries a signature...
    for document in flagged:
        latest = max(document.versions.all(), key=lambda v: v.number)
        assert signatures_in(file_read(latest.file)), document.symbol
    # ...and for a sample of each kind, pyHanko finds it intact, valid and trusted.
    signed_only = [d for d in flagged if d.direction == Direction.OUTGOING and not d.code_number]
    for document in [*sealed_here[::7], *arrived[::11], *signed_only]:
        latest = max(document.versions.all(), key=lambda v: v.number)
        pdf = file_read(latest.file)
        for embedded in signatures_in(pdf):
            status = validate_pdf_signature(embedded, signer_validation_context=context)
            assert status.intact and status.valid and status.trusted, (document.symbol, status)
        if document.code_number:
            # the number and date are filled in the seal's revision: the page prints them
            text = subprocess.run(
                ["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
            assert document.number_symbol in " ".join(text.split())

    # poppler sees the committee's seal too.
    newest = max(sealed_here, key=issued)
    version = max(newest.versions.all(), key=lambda v: v.number)
    assert version.kind == VersionKind.SEALED
    path = tmp_path / "sealed.pdf"
    path.write_bytes(file_read(version.file))
    seen = subprocess.run(["pdfsig", str(path)], capture_output=True, check=True).stdout.decode()
    assert "Signature is Valid" in seen and root.name in seen

    # No signature check is stored for a PDF that carries no signature.
    checked = DocumentVersion.objects.filter(signature_report__isnull=False).select_related("file")
    files = {v.file_id: v for v in checked}
    assert files
    for version in files.values():
        report = version.signature_report
        assert report is not None
        assert signatures_in(file_read(version.file)), version.original_name
        assert report["signed"] and len(report["signatures"]) >= 1
        assert report["summary"] != "Demo"
    # a received PDF without signature is stored without a check and not flagged signed
    unsigned = DocumentVersion.objects.filter(
        kind=VersionKind.RECEIVED, signature_report__isnull=True
    ).select_related("document")
    assert unsigned.exists()
    assert not unsigned.filter(document__digitally_signed=True).exists()
