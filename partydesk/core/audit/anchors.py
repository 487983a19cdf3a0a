"""Anchors: who countersigns checkpoints so that a third party can check them (ADR 0007).

The kernel cannot import the signatures app, so that app registers an anchor here from its
`AppConfig.ready`. Without one, or while it cannot sign (no CA yet), checkpoints carry the
installation's HMAC only, which proves nothing to anyone who does not hold the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AnchorProof:
    """What an anchor adds to a checkpoint: a detached signature over its canonical bytes
    and a time-stamp token over that signature, both DER."""

    kind: str
    signature: bytes
    timestamp: bytes


@dataclass(frozen=True)
class AnchorResult:
    """Whether a proof holds for a payload; `problem` says why not, for the operator."""

    ok: bool
    problem: str = ""
    signer: str = ""
    stamped_at: dt.datetime | None = None


class AnchorUnavailable(Exception):
    """The anchor cannot countersign now (the CA is not initialised): HMAC only."""


class AnchorFailed(Exception):
    """The anchor should countersign but could not (wrong passphrase, TSA key unreadable):
    no checkpoint is written, since one without its countersignature would be reported."""


class CheckpointAnchor(Protocol):
    """Countersigns checkpoint payloads and checks such countersignatures."""

    kind: str

    def ready_since(self) -> dt.datetime | None:
        """Since when every checkpoint should carry a proof; None while none is expected."""
        ...

    def seal(self, payload: bytes) -> AnchorProof:
        """Countersign; AnchorUnavailable when it cannot yet, AnchorFailed when it should."""
        ...

    def verify(self, payload: bytes, proof: AnchorProof) -> AnchorResult: ...


_registered: list[CheckpointAnchor] = []


def register_checkpoint_anchor(anchor: CheckpointAnchor | None) -> None:
    """Install the anchor (one per installation; a later call replaces it, None removes it)."""
    _registered[:] = [anchor] if anchor is not None else []


def checkpoint_anchor() -> CheckpointAnchor | None:
    return _registered[0] if _registered else None
