"""Signing PDFs: the person first, then the unit's seal; levels B-B to B-LTA; bad inputs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from partydesk.accounts.tests.factories import make_user
from partydesk.core.errors import NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.signatures import jobs
from partydesk.signatures.errors import PdfInputError, SigningError
from partydesk.signatures.models import ArchivedPdf, SigningRecord
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import pdf_sign_organization, pdf_sign_personal
from partydesk.signatures.tests.conftest import make_pdf

pytestmark = pytest.mark.django_db


def _issued(signer, clerk, tree, pdf_bytes) -> bytes:
    personal = pdf_sign_personal(actor=signer, pdf=pdf_bytes, reason="Ký ban hành")
    return pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=personal, number_symbol="12-NQ/ĐU"
    )


def test_person_then_seal_both_stay_valid_with_our_timestamps(signer, clerk, tree, pdf_bytes):
    issued = _issued(signer, clerk, tree, pdf_bytes)

    report = pdf_validate(pdf=issued)

    assert report.all_valid, report
    personal, seal = report.signatures
    assert personal.field_name == "PD_Personal_1" and seal.field_name == "PD_Seal_1"
    assert personal.signer == "signer" and seal.signer == "Đảng bộ Sở Tài chính"
    assert personal.level == seal.level == "B-T"
    assert personal.timestamp_trusted and "Time-Stamp Authority" in personal.timestamp_authority
    # the seal was added in a later revision: allowed form filling, not a modification
    assert personal.coverage == "entire_revision" and personal.modification == "form_filling"
    assert not personal.modified_after_signing
    assert seal.coverage == "entire_file" and seal.modification == "none"
    # names read as values, with no English field labels ("Common Name: ...") on the page
    assert [c.subject.split(",")[0] for c in personal.chain] == [
        "signer",
        "Test Installation Issuing CA",
        "Test Installation Root CA",
    ]
    assert not [c for c in personal.chain if "Common Name" in c.subject + c.issuer]
    records = SigningRecord.objects.order_by("signed_at")
    assert [r.kind for r in records] == ["personal", "organization"]
    assert records[1].number_symbol == "12-NQ/ĐU"
    actions = list(
        AuditEvent.objects.filter(action__startswith="signatures.pdf").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "signatures.pdf.signed_organization",
        "signatures.pdf.signed_personal",
    ]


def test_altering_one_signed_byte_shows_the_document_as_modified(signer, pdf_bytes):
    signed = bytearray(pdf_sign_personal(actor=signer, pdf=pdf_bytes))
    at = signed.index(b"Page 1")
    signed[at] = ord("X")

    report = pdf_validate(pdf=bytes(signed))

    assert not report.all_valid
    assert not report.signatures[0].intact
    assert report.signatures[0].modified_after_signing
    assert "altered" in report.signatures[0].problems[0]


def test_changing_page_content_after_signing_is_reported(signer, pdf_bytes):
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    overlay = PdfReader(io.BytesIO(make_pdf(text="Added later"))).pages[0]
    writer.pages[0].merge_transformed_page(overlay, (1, 0, 0, 1, 0, -50))
    out = io.BytesIO()
    writer.write(out)

    sig = pdf_validate(pdf=out.getvalue()).signatures[0]

    assert sig.intact  # the signed bytes are untouched...
    assert sig.modification == "other" and sig.modified_after_signing  # ...but the page changed
    assert not sig.ok


def test_b_b_has_no_timestamp_and_b_lt_embeds_validation_data(signer, pdf_bytes, settings):
    settings.PARTYDESK_PADES_LEVEL = "B-B"
    basic = pdf_validate(pdf=pdf_sign_personal(actor=signer, pdf=pdf_bytes)).signatures[0]
    assert basic.level == "B-B" and basic.timestamp_time is None and basic.ok

    settings.PARTYDESK_PADES_LEVEL = "B-LT"
    long_term = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    assert b"/DSS" in long_term and b"/CRLs" in long_term
    sig = pdf_validate(pdf=long_term).signatures[0]
    assert sig.level == "B-LT" and sig.ok


def test_b_lta_is_archived_and_the_job_extends_its_timestamps(clerk, tree, pdf_bytes, settings):
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-LTA"
    sealed = pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=pdf_bytes, number_symbol="3-TB/ĐU"
    )
    report = pdf_validate(pdf=sealed)
    assert [s.kind for s in report.signatures] == ["signature", "timestamp"]
    assert report.signatures[0].level == "B-LTA" and report.all_valid
    archived = ArchivedPdf.objects.get()

    jobs.archive_timestamps_renew.call(within_days=100_000)

    archived.refresh_from_db()
    assert archived.renewed_count == 1 and archived.latest_sha256 != archived.first_sha256
    from partydesk.core.services.files import files_storage

    with files_storage().open(archived.storage_name, "rb") as handle:
        extended = handle.read()
    extended_report = pdf_validate(pdf=extended)
    assert [s.kind for s in extended_report.signatures] == ["signature", "timestamp", "timestamp"]
    assert extended_report.all_valid
    assert extended_report.signatures[1].modification == "lta_updates"


def test_signing_needs_a_certificate_and_two_factor_login(tree, ca, pdf_bytes, signer):
    nobody = make_user("nocert", organization=tree.committee_a, two_factor=True)
    with pytest.raises(SigningError, match="no active signing certificate"):
        pdf_sign_personal(actor=nobody, pdf=pdf_bytes)
    signer.totp_confirmed_at = None
    with pytest.raises(SigningError, match="two-factor"):
        pdf_sign_personal(actor=signer, pdf=pdf_bytes)


def test_only_the_units_clerk_applies_its_seal(clerk, signer, tree, pdf_bytes):
    with pytest.raises(NotAllowed):
        pdf_sign_organization(
            actor=signer, organization=tree.committee_a, pdf=pdf_bytes, number_symbol="1-CV"
        )
    with pytest.raises(SigningError, match="no active signing certificate"):
        from partydesk.accounts.tests.factories import grant_role

        grant_role(clerk, "clerk", tree.committee_b)
        pdf_sign_organization(
            actor=clerk, organization=tree.committee_b, pdf=pdf_bytes, number_symbol="1-CV"
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, not a pdf", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "damaged"),
    ],
)
def test_bad_pdfs_are_refused_with_a_clear_message(signer, data, message):
    with pytest.raises(PdfInputError, match=message):
        pdf_sign_personal(actor=signer, pdf=data)
    with pytest.raises(PdfInputError, match=message):
        pdf_validate(pdf=data)


def test_an_encrypted_pdf_is_refused(signer, pdf_bytes):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfInputError, match="encrypted"):
        pdf_sign_personal(actor=signer, pdf=out.getvalue())
    with pytest.raises(PdfInputError, match="encrypted"):
        pdf_validate(pdf=out.getvalue())


def test_an_unsigned_pdf_validates_to_an_empty_report(db, pdf_bytes):
    report = pdf_validate(pdf=pdf_bytes)
    assert report.signatures == [] and not report.all_valid
    assert "no digital signature" in report.summary


def test_sign_pdf_and_verify_pdf_commands(signer, clerk, tree, tmp_path, pdf_bytes, capsys):
    from django.core.management import call_command

    source = tmp_path / "in.pdf"
    source.write_bytes(pdf_bytes)
    call_command("sign_pdf", "--as-user", "signer", str(source), str(tmp_path / "a.pdf"))
    call_command(
        "sign_pdf",
        "--as-org",
        tree.committee_a.code,
        "--number-symbol",
        "7-KH/ĐU",
        str(tmp_path / "a.pdf"),
        str(tmp_path / "b.pdf"),
    )
    call_command("verify_pdf", str(tmp_path / "b.pdf"))
    out = capsys.readouterr().out
    assert out.count("VALID") == 2 and "All 2 signatures are valid." in out

    broken = bytearray((tmp_path / "b.pdf").read_bytes())
    broken[broken.index(b"Page 1")] = ord("Q")
    (tmp_path / "c.pdf").write_bytes(bytes(broken))
    with pytest.raises(SystemExit) as exited:
        call_command("verify_pdf", str(tmp_path / "c.pdf"))
    assert exited.value.code == 1
    assert "NOT VALID" in capsys.readouterr().out


def test_the_cached_signed_attributes_are_the_ones_docs_performance_names(signer, pdf_bytes):
    from asn1crypto import cms

    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    fields = PdfReader(io.BytesIO(signed)).get_fields()
    assert fields is not None
    field = fields["PD_Personal_1"]
    contents = bytes(field["/V"].get_object()["/Contents"])
    signer_info = cms.ContentInfo.load(contents)["content"]["signer_infos"][0]
    names = [a["type"].native for a in signer_info["signed_attrs"]]
    assert names == ["content_type", "message_digest", "signing_certificate_v2"]
