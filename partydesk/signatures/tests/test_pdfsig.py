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
    result = subprocess.run(
        ["pdfsig", "-nssdir", nssdir, str(pdf)], capture_output=True, text=True, check=False
    )
    return result.stdout


def test_pdfsig_accepts_both_signatures_and_sees_a_changed_byte(
    signer, clerk, tree, tmp_path, pdf_bytes
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
    assert both.count("Certificate is Trusted.") == 2, both
    assert "PD_Personal_1" in both and "PD_Seal_1" in both

    altered = bytearray((tmp_path / "issued.pdf").read_bytes())
    altered[altered.index(b"Page 1")] = ord("R")
    (tmp_path / "altered.pdf").write_bytes(bytes(altered))
    broken = _pdfsig(nssdir, tmp_path / "altered.pdf")
    assert "Signature is Valid." not in broken
    assert broken.count("Digest Mismatch.") == 2, broken


def test_pdfsig_and_our_report_agree_on_a_b_lta_seal_and_its_alteration(
    clerk, tree, tmp_path, pdf_bytes, settings
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
