"""Checkpoints: the chain head (sequence + hash) written to files outside the database, so
that rewriting the database alone shows.

Each file carries an HMAC under the installation's checkpoint key and, when an anchor is
registered (the signatures app, once its CA exists), a detached CMS signature by the
installation's certificate with an RFC 3161 time-stamp over it, which anyone holding the
root certificate can check with openssl (docs/operations.md).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings

from partydesk.core.audit.anchors import AnchorProof, AnchorUnavailable, checkpoint_anchor

_PREFIX = "audit-checkpoint-"
_FORMAT = "partydesk-audit-checkpoint/1"
# The checkpoint's time is taken just before it is countersigned: a time-stamp further off
# belongs to another checkpoint (or the file's time was edited).
STAMP_TOLERANCE = dt.timedelta(minutes=5)
_ISSUE_SLACK = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain as it stood at `at`, vouched for by the installation's key and,
    when countersigned, by `signer` with a time-stamp of `stamped_at`."""

    seq: int
    hash: str
    at: dt.datetime
    path: Path | None = None
    signer: str = ""
    stamped_at: dt.datetime | None = None
    hmac_only_because: str = ""


@dataclass(frozen=True)
class CheckpointFault:
    """A checkpoint file that cannot be believed, and why."""

    path: Path
    reason: str


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def checkpoint_payload(seq: int, hash_: str, at: str) -> bytes:
    """The canonical bytes both the HMAC and the countersignature cover (no final newline)."""
    return f"{_FORMAT}\n{seq}\n{hash_}\n{at}".encode()


def _mac(payload: bytes) -> str:
    key = settings.AUDIT_CHECKPOINT_KEY.encode("utf-8")
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _countersign(payload: bytes) -> tuple[AnchorProof | None, str]:
    anchor = checkpoint_anchor()
    if anchor is None:
        return None, "no anchor is installed"
    try:
        return anchor.seal(payload), ""
    except AnchorUnavailable as exc:
        return None, str(exc) or "the anchor cannot sign yet"


def checkpoint_write(*, seq: int, hash: str, at: dt.datetime) -> Checkpoint:
    """Write one signed checkpoint file (atomically: a reader never sees half a file).

    Countersigning happens before the file exists, so a failing TSA or key leaves no file."""
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = at.astimezone(dt.UTC)
    payload = checkpoint_payload(seq, hash, stamp.isoformat())
    proof, why_not = _countersign(payload)
    body: dict[str, Any] = {
        "format": _FORMAT,
        "seq": seq,
        "hash": hash,
        "at": stamp.isoformat(),
        "mac": _mac(payload),
    }
    result = Checkpoint(seq, hash, stamp, hmac_only_because=why_not)
    if proof is not None:
        body["anchor"] = {
            "kind": proof.kind,
            "cms": base64.b64encode(proof.signature).decode("ascii"),
            "tst": base64.b64encode(proof.timestamp).decode("ascii"),
        }
        anchor = checkpoint_anchor()
        assert anchor is not None
        checked = anchor.verify(payload, proof)
        result = Checkpoint(seq, hash, stamp, signer=checked.signer, stamped_at=checked.stamped_at)
    path = folder / f"{_PREFIX}{seq:012d}-{stamp:%Y%m%dT%H%M%S%fZ}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return replace(result, path=path)


def _proof(body: dict[str, Any]) -> AnchorProof | None:
    raw = body.get("anchor")
    if raw is None:
        return None
    try:
        return AnchorProof(
            kind=str(raw["kind"]),
            signature=base64.b64decode(str(raw["cms"]), validate=True),
            timestamp=base64.b64decode(str(raw["tst"]), validate=True),
        )
    except (KeyError, TypeError, binascii.Error) as exc:
        raise ValueError("malformed countersignature") from exc


def _read_one(path: Path) -> Checkpoint | CheckpointFault:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        seq, hash_, at = int(body["seq"]), str(body["hash"]), str(body["at"])
        payload = checkpoint_payload(seq, hash_, at)
        if body.get("format") != _FORMAT or not hmac.compare_digest(
            str(body["mac"]), _mac(payload)
        ):
            return CheckpointFault(path, "is not signed by this installation")
        when = dt.datetime.fromisoformat(at)
        proof = _proof(body)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return CheckpointFault(path, "is not signed by this installation")
    anchor = checkpoint_anchor()
    if proof is None or anchor is None:
        return Checkpoint(seq, hash_, when, path)
    checked = anchor.verify(payload, proof)
    if not checked.ok:
        return CheckpointFault(path, f"has a countersignature that fails: {checked.problem}")
    if checked.stamped_at is None or abs(checked.stamped_at - when) > STAMP_TOLERANCE:
        stamped = f"{checked.stamped_at:%Y-%m-%d %H:%M:%S} UTC" if checked.stamped_at else "none"
        return CheckpointFault(
            path,
            f"has a time-stamp ({stamped}) that does not match its time "
            f"({when:%Y-%m-%d %H:%M:%S} UTC)",
        )
    return Checkpoint(seq, hash_, when, path, checked.signer, checked.stamped_at)


def _unsigned_faults(good: list[Checkpoint]) -> list[CheckpointFault]:
    """Once checkpoints are countersigned, one without a countersignature is a forgery made
    with the HMAC key alone (or a proof stripped off): it is not believed."""
    anchor = checkpoint_anchor()
    since = anchor.ready_since() if anchor is not None else None
    first_signed = min((c.seq for c in good if c.signer), default=None)
    faults = []
    for c in good:
        # The first countersigned checkpoint's time precedes the seal issued for it.
        late = (since is not None and c.at >= since - _ISSUE_SLACK) or (
            first_signed is not None and c.seq >= first_signed
        )
        if not c.signer and late and c.path is not None:
            faults.append(
                CheckpointFault(
                    c.path,
                    "has no countersignature, although this installation countersigns "
                    "every checkpoint since "
                    + (f"{since:%Y-%m-%d %H:%M:%S} UTC" if since else f"#{first_signed}"),
                )
            )
    return faults


def checkpoints_read() -> tuple[list[Checkpoint], list[CheckpointFault]]:
    """Every checkpoint whose signatures hold, oldest first, and the files that cannot be
    believed (forged, edited, signed with another key, or missing their countersignature)."""
    good: list[Checkpoint] = []
    bad: list[CheckpointFault] = []
    folder = checkpoint_dir()
    if not folder.is_dir():
        return good, bad
    for path in sorted(folder.glob(f"{_PREFIX}*.json")):
        item = _read_one(path)
        (bad if isinstance(item, CheckpointFault) else good).append(item)  # type: ignore[arg-type]
    unsigned = _unsigned_faults(good)
    dropped = {f.path for f in unsigned}
    good = [c for c in good if c.path not in dropped]
    bad = sorted(bad + unsigned, key=lambda f: f.path)
    good.sort(key=lambda c: (c.seq, c.at))
    return good, bad
