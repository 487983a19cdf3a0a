"""The demo's signatures are real: what it calls digitally signed carries a PDF signed with
the demo's keys, checked here with pyHanko's own validator (`validate_direct`: the bare
pyHanko call, none of our report code; pyHanko is imported only by the adapter) against the
demo CA, with poppler's pdfsig and with pypdf's reading of the signature fields; and no
signature check is stored on a PDF that carries no signature."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from pypdf import PdfReader

from partydesk.accounts.models import User
from partydesk.core.services import file_read
from partydesk.demo.documents.sealing import SEALED_AT_MOST
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.documents.models import Direction, Document, DocumentVersion, Status, VersionKind
from partydesk.documents.selectors.cosigners import co_signers_of
from partydesk.documents.services.outgoing.cosign import document_cosign
from partydesk.documents.services.outgoing.sign import document_sign
from partydesk.documents.transitions import OPEN_OUTGOING
from partydesk.meetings.models import Minutes
from partydesk.signatures.pdf.baseline import validate_direct
from partydesk.signatures.pdf.trust import Trust
from partydesk.signatures.selectors import ca_certificate_der, signer_ready

pytestmark = pytest.mark.django_db

STEPS = [*CORE_STEPS, "partydesk.demo.signatures.seed", "partydesk.demo.documents.seed"]


def issued(document: Document) -> dt.datetime:
    assert document.issued_at is not None
    return document.issued_at


def signatures_in(pdf: bytes) -> list[str]:
    """The names of the signature fields that hold a signature (pypdf, not pyHanko)."""
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    return [name for name, f in fields.items() if f.get("/FT") == "/Sig" and f.get("/V")]


def test_what_the_demo_calls_signed_is_signed_and_every_stored_check_is_the_validators(
    tmp_path,
):
    ctx = seed_demo(scale=0.1, log=lambda _line: None, steps=STEPS)
    root = ctx.root
    assert root is not None
    # The demo CA only, no CRL: a trust built here, not the installation's.
    trust = Trust(
        roots=(ca_certificate_der("root"),), intermediates=(ca_certificate_der("issuing"),)
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
        assert signatures_in(pdf) and validate_direct(pdf, trust), document.symbol
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


def test_the_meetings_secretary_and_chair_sign_its_minutes_with_their_demo_logins():
    # The minutes wait for the meeting's secretary (chuyenvien) to co-sign and the chair
    # (bithu) to sign: each demo login named to sign has its second factor and certificate.
    seed_demo(
        scale=0.05,
        log=lambda _line: None,
        steps=[*CORE_STEPS, "partydesk.demo.signatures.seed", "partydesk.demo.meetings.seed"],
    )
    minutes = Minutes.objects.select_related("meeting__secretary", "meeting__chair").get()
    assert minutes.document_id is not None
    document = Document.objects.get(pk=minutes.document_id)
    secretary, chair = minutes.meeting.secretary, minutes.meeting.chair
    assert secretary is not None and chair is not None
    waiting = Document.objects.filter(status__in=OPEN_OUTGOING, signer__isnull=False)
    for pending in waiting:
        for user in [pending.signer, *(c.user for c in co_signers_of(pending))]:
            assert user is not None
            assert user.has_two_factor and signer_ready(user), (pending.symbol, user)
    # The review is not what is tested here: the minutes as approved.
    Document.objects.filter(pk=document.pk).update(status=Status.APPROVED)

    document_cosign(actor=User.objects.get(pk=secretary.pk), document=document)
    document_sign(actor=User.objects.get(pk=chair.pk), document=document)

    document.refresh_from_db()
    assert document.status == Status.SIGNED
    latest = document.versions.order_by("-number").first()
    assert latest is not None and len(signatures_in(file_read(latest.file))) == 2
