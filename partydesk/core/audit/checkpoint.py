"""Checkpoints: the chain head (sequence + hash) signed with the installation's key and
written to files outside the database, so that rewriting the database alone shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_PREFIX = "audit-checkpoint-"
_FORMAT = "partydesk-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain as it stood at `at`, vouched for by the installation's key."""

    seq: int
    hash: str
    at: dt.datetime
    path: Path | None = None


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _mac(seq: int, hash_: str, at: str) -> str:
    key = settings.AUDIT_CHECKPOINT_KEY.encode("utf-8")
    message = f"{_FORMAT}\n{seq}\n{hash_}\n{at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_write(*, seq: int, hash: str, at: dt.datetime) -> Checkpoint:
    """Write one signed checkpoint file (atomically: a reader never sees half a file)."""
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = at.astimezone(dt.UTC)
    body = {
        "format": _FORMAT,
        "seq": seq,
        "hash": hash,
        "at": stamp.isoformat(),
        "mac": _mac(seq, hash, stamp.isoformat()),
    }
    path = folder / f"{_PREFIX}{seq:012d}-{stamp:%Y%m%dT%H%M%S%fZ}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return Checkpoint(seq, hash, stamp, path)


def checkpoints_read() -> tuple[list[Checkpoint], list[Path]]:
    """Every checkpoint whose signature holds, oldest first, and the files whose does not
    (forged, edited, or signed with another key)."""
    good: list[Checkpoint] = []
    bad: list[Path] = []
    folder = checkpoint_dir()
    if not folder.is_dir():
        return good, bad
    for path in sorted(folder.glob(f"{_PREFIX}*.json")):
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            seq, hash_, at = int(body["seq"]), str(body["hash"]), str(body["at"])
            valid = body.get("format") == _FORMAT and hmac.compare_digest(
                str(body["mac"]), _mac(seq, hash_, at)
            )
            checkpoint = Checkpoint(seq, hash_, dt.datetime.fromisoformat(at), path)
        except (OSError, ValueError, KeyError, TypeError):
            valid = False
        if valid:
            good.append(checkpoint)
        else:
            bad.append(path)
    good.sort(key=lambda c: (c.seq, c.at))
    return good, bad
