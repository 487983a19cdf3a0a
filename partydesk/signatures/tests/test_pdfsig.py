"""Acceptance: what sign_pdf produces validates with poppler's pdfsig too, given our root as
the trust anchor in a throw-away NSS database."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from partydesk.signatures.models import CertificateAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(live_server, settings, transactional_db):  # type: ignore[no-untyped-def]
    """The installation served on a real port, and certificates that name it."""
    settings.SITE_URL = live_server.url
    return live_server


def _nss_trusting_our_root(directory: Path) -> str:
    directory.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    root = directory / "root.cer"
    root.write_bytes(bytes(CertificateAuthority.objects.get(role="root").certificate_der))
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{directory}",
            "-n",
            "partydesk root",
            "-t",
            "CT,C,C",
            "-i",
            str(root),
        ],
        check=True,
    )
    return f"sql:{directory}"


def _pdfsig(nssdir: str, pdf: Path) -> str:
    """pdfsig's report. Certificates name our OCSP responder and NSS asks it (an unreachable
    responder is "Unknown issue with Certificate"), so these tests serve the installation."""
    result = subprocess.run(
        ["pdfsig", "-nssdir", nssdir, str(pdf)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def test_pdfsig_accepts_both_signatures_and_sees_a_changed_byte(
    served, signer, clerk, tree, tmp_path, pdf_bytes
):
    assert shutil.which("pdfsig") and shutil.which("certutil"), "run scripts/system-deps.sh"
    nssdir = _nss_trusting_our_root(tmp_path / "nss")
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf_bytes)
    call_command("sign_pdf", "--as-user", "signer", str(source), str(tmp_path / "personal.pdf"))

    first = _pdfsig(nssdir, tmp_path / "personal.pdf")
    assert first.count("Signature is Valid.") == 1
    assert "Certificate is Trusted." in first

    call_command(
        "sign_pdf",
        "--as-org",
        tree.committee_a.code,
        "--number-symbol",
        "9-NQ/ĐU",
        str(tmp_path / "personal.pdf"),
        str(tmp_path / "issued.pdf"),
    )
    both = _pdfsig(nssdir, tmp_path / "issued.pdf")
    assert both.count("Signature is Valid.") == 2, both
    # pdfsig 22.12 asks our OCSP responder for the first signature's certificate and trusts
    # it; for the next signature in the same run it answers "Unknown issue" although the
    # responder said good (with -no-ocsp, for both). Each certificate's trust is checked in a
    # run of its own: the personal one above, the seal in the B-LTA test below.
    assert both.count("Certificate is Trusted.") >= 1, both
    assert "PD_Personal_1" in both and "PD_Seal_1" in both

    altered = bytearray((tmp_path / "issued.pdf").read_bytes())
    altered[altered.index(b"Page 1")] = ord("R")
    (tmp_path / "altered.pdf").write_bytes(bytes(altered))
    broken = _pdfsig(nssdir, tmp_path / "altered.pdf")
    assert "Signature is Valid." not in broken
    assert broken.count("Digest Mismatch.") == 2, broken


def test_pdfsig_and_our_report_agree_on_a_b_lta_seal_and_its_alteration(
    served, clerk, tree, tmp_path, pdf_bytes, settings
):
    from partydesk.signatures.selectors import pdf_validate
    from partydesk.signatures.services import pdf_sign_organization

    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-LTA"
    nssdir = _nss_trusting_our_root(tmp_path / "nss")
    sealed = pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=pdf_bytes, number_symbol="8-TB/ĐU"
    )
    (tmp_path / "sealed.pdf").write_bytes(sealed)
    # pdfsig checks the seal; it does not verify document time-stamps ("Signature Type:
    # unknown"), so only the seal is compared.
    theirs = _pdfsig(nssdir, tmp_path / "sealed.pdf")
    assert theirs.count("Signature is Valid.") == 1, theirs
    assert "Certificate is Trusted." in theirs
    assert pdf_validate(pdf=sealed).all_valid

    altered = bytearray(sealed)
    altered[altered.index(b"Page 1")] = ord("R")
    (tmp_path / "altered.pdf").write_bytes(bytes(altered))
    theirs = _pdfsig(nssdir, tmp_path / "altered.pdf")
    assert theirs.count("Digest Mismatch.") == 1, theirs
    ours = pdf_validate(pdf=bytes(altered)).signatures
    # The same cause, and only that: no claim about trust, revocation or the time-stamp.
    assert [s.problems for s in ours] == [
        ["The document was altered after this signature was made."]
    ] * 2


def test_pdfsig_asks_our_ocsp_responder_and_sees_the_revocation(served, tmp_path, pdf_bytes):
    from partydesk.accounts.tests.factories import make_user
    from partydesk.organizations.tests.factories import make_org
    from partydesk.signatures.services import (
        ca_initialize,
        certificate_issue_personal,
        certificate_revoke,
        pdf_sign_personal,
    )
    from partydesk.signatures.tests.conftest import personal_certificate

    ca_initialize(actor=None, name="Live Installation")
    unit = make_org("Đảng bộ Sở Nội vụ")
    person = make_user("livesigner", organization=unit, role="secretary", two_factor=True)
    certificate_issue_personal(actor=None, user=person)
    nssdir = _nss_trusting_our_root(tmp_path / "nss")
    (tmp_path / "signed.pdf").write_bytes(pdf_sign_personal(actor=person, pdf=pdf_bytes))

    good = _pdfsig(nssdir, tmp_path / "signed.pdf")
    assert "Signature is Valid." in good and "Certificate is Trusted." in good, good

    certificate_revoke(actor=None, certificate=personal_certificate(person))
    revoked = _pdfsig(nssdir, tmp_path / "signed.pdf")
    assert "Certificate has been Revoked." in revoked, revoked
