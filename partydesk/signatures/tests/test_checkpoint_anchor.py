"""The installation countersigns the audit trail's checkpoints: a detached CMS signature by
its installation seal and a time-stamp of its TSA, checked by `audit_verify` and by openssl."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from partydesk.core.audit import (
    audit_check,
    audit_log,
    audit_seal,
    checkpoint_anchor,
    checkpoint_payload,
    checkpoint_write,
    checkpoints_read,
    register_checkpoint_anchor,
)
from partydesk.core.models import AuditChainHead
from partydesk.signatures import authority, cms, pki
from partydesk.signatures.models import Certificate

pytestmark = pytest.mark.django_db


def _chain(n: int) -> None:
    for i in range(n):
        audit_log(actor=None, action="tests.thing.done", details={"i": i})
    audit_seal()


def _problems() -> list[str]:
    return [f"{p.kind}: {p.explanation}" for p in audit_check().problems]


def _rewrite(path: Path, **changes: object) -> dict:
    """Edit a checkpoint file as a forger holding the HMAC key would: recompute the HMAC."""
    body = json.loads(path.read_text())
    body.update(changes)
    payload = checkpoint_payload(body["seq"], body["hash"], body["at"])
    key = django_settings.AUDIT_CHECKPOINT_KEY.encode()
    body["mac"] = hmac.new(key, payload, hashlib.sha256).hexdigest()
    path.write_text(json.dumps(body))
    return body


def _checkpoint() -> Path:
    result = audit_check(write_checkpoint=True)
    assert result.ok and result.checkpoint is not None and result.checkpoint.path is not None
    return result.checkpoint.path


def test_without_a_ca_checkpoints_fall_back_to_the_hmac_and_say_so():
    _chain(2)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "HMAC only (the certification authority is not initialised (ca_init))" in out.getvalue()
    [written] = Path(django_settings.AUDIT_CHECKPOINT_DIR).glob("*.json")
    assert "anchor" not in json.loads(written.read_text())


def test_a_checkpoint_is_countersigned_and_time_stamped(ca):
    _chain(3)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "countersigned by Test Installation Installation Seal" in out.getvalue()
    good, bad = checkpoints_read()
    head = AuditChainHead.objects.get(pk=1)
    assert bad == [] and [(c.seq, c.hash) for c in good] == [(head.last_seq, head.last_hash)]
    assert good[0].stamped_at is not None
    assert abs(good[0].stamped_at - timezone.now()) < dt.timedelta(minutes=1)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert f"time-stamped {good[0].stamped_at:%Y-%m-%d %H:%M:%S} UTC" in out.getvalue()


def test_a_checkpoint_stripped_of_its_countersignature_is_reported(ca):
    _chain(2)
    path = _checkpoint()
    body = json.loads(path.read_text())
    del body["anchor"]
    path.write_text(json.dumps(body))
    [problem] = _problems()
    assert "has no countersignature" in problem and path.name in problem


def test_a_checkpoint_forged_with_the_hmac_key_alone_is_reported(ca):
    _chain(2)
    _checkpoint()
    _chain(1)
    anchor = checkpoint_anchor()
    register_checkpoint_anchor(None)  # the forger's copy of the code: HMAC only
    try:
        checkpoint_write(seq=3, hash="f" * 64, at=timezone.now())
    finally:
        register_checkpoint_anchor(anchor)
    [problem] = _problems()
    assert "has no countersignature" in problem


def test_an_altered_payload_with_its_hmac_recomputed_but_the_original_cms_is_reported(ca):
    _chain(3)
    path = _checkpoint()
    _rewrite(path, seq=2, hash="0" * 64)
    [problem] = _problems()
    assert "countersignature that fails: the signature was made over other content" in problem


def test_a_time_stamp_taken_from_another_checkpoint_is_reported(ca):
    _chain(2)
    first = json.loads(_checkpoint().read_text())
    _chain(1)
    path = _checkpoint()
    body = json.loads(path.read_text())
    body["anchor"]["tst"] = first["anchor"]["tst"]
    path.write_text(json.dumps(body))
    [problem] = _problems()
    assert "the time-stamp was issued for other data than this signature" in problem


def test_a_countersignature_that_is_not_cms_is_reported(ca):
    _chain(2)
    path = _checkpoint()
    body = json.loads(path.read_text())
    body["anchor"]["cms"] = base64.b64encode(b"not a signature").decode()
    path.write_text(json.dumps(body))
    [problem] = _problems()
    assert "the signature cannot be read" in problem


def test_a_backdated_checkpoint_does_not_match_its_time_stamp(ca):
    _chain(2)
    checkpoint_write(seq=2, hash="e" * 64, at=timezone.now() - dt.timedelta(hours=3))
    [problem] = _problems()
    assert "has a time-stamp (" in problem and "that does not match its time" in problem


def test_a_countersignature_by_another_key_of_the_same_ca_is_reported(ca, signer):
    _chain(2)
    path = _checkpoint()
    body = json.loads(path.read_text())
    personal = Certificate.objects.get(holder=signer, kind="personal")
    payload = checkpoint_payload(body["seq"], body["hash"], body["at"])
    forged = cms.sign_detached(
        payload,
        certificate=pki.load_der(bytes(personal.certificate_der)),
        key=pki.decrypt_key(personal.key_pem_encrypted, authority.passphrase()),
        chain=[],
    )
    token = authority.tsa_authority().request_tsa_response(cms.timestamp_request(forged))
    body["anchor"]["cms"] = base64.b64encode(forged).decode()
    body["anchor"]["tst"] = base64.b64encode(token["time_stamp_token"].dump()).decode()
    path.write_text(json.dumps(body))
    [problem] = _problems()
    assert "which is not this installation's seal" in problem


def test_a_wrong_passphrase_writes_no_checkpoint(ca, settings):
    _chain(2)
    authority.reset_caches()
    settings.PARTYDESK_CA_PASSPHRASE = "not the passphrase ca_init used"
    with pytest.raises(SystemExit):
        call_command("audit_checkpoint", stdout=io.StringIO(), stderr=io.StringIO())
    assert checkpoints_read() == ([], [])


# The commands of docs/operations.md ("Checking a checkpoint without partydesk"), verbatim.
OPENSSL_COMMANDS = [
    "openssl x509 -inform DER -in root.cer -out root.pem",
    'jq -j \'[.format, (.seq|tostring), .hash, .at] | join("\\n")\' "$CP" > checkpoint.txt',
    'jq -r .anchor.cms "$CP" | base64 -d > checkpoint.p7s',
    'jq -r .anchor.tst "$CP" | base64 -d > checkpoint.tst',
    "openssl cms -verify -binary -inform DER -in checkpoint.p7s -content checkpoint.txt "
    "-CAfile root.pem -out /dev/null",
    "openssl ts -verify -data checkpoint.p7s -in checkpoint.tst -token_in -CAfile root.pem",
    "openssl ts -reply -in checkpoint.tst -token_in -token_out -text | grep '^Time stamp'",
]


def _openssl(folder: Path, checkpoint: Path) -> subprocess.CompletedProcess[str]:
    script = "set -e\n" + "\n".join(OPENSSL_COMMANDS)
    return subprocess.run(
        ["bash", "-c", script],
        cwd=folder,
        env={"CP": str(checkpoint), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        check=False,
    )


def test_openssl_verifies_the_countersignature_and_the_time_stamp(ca, tmp_path):
    docs = (Path(django_settings.BASE_DIR) / "docs" / "operations.md").read_text()
    assert all(command in docs for command in OPENSSL_COMMANDS)
    _chain(2)
    path = _checkpoint()
    (tmp_path / "root.cer").write_bytes(authority.chain_for(authority.authority_get("issuing"))[1])

    done = _openssl(tmp_path, path)

    assert done.returncode == 0, done.stderr
    assert "CMS Verification successful" in done.stderr
    assert "Verification: OK" in done.stdout
    [stamped] = checkpoints_read()[0]
    assert f"Time stamp: {stamped.stamped_at:%b %e %H:%M:%S}" in done.stdout


def test_openssl_rejects_an_altered_checkpoint(ca, tmp_path):
    _chain(2)
    path = _checkpoint()
    _rewrite(path, hash="0" * 64)
    (tmp_path / "root.cer").write_bytes(authority.chain_for(authority.authority_get("issuing"))[1])

    done = _openssl(tmp_path, path)

    assert done.returncode != 0
    assert "Verification failure" in done.stderr
