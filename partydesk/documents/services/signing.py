"""The one place documents talk to the signatures app (personal and organization PAdES
signatures, and validation of every received PDF)."""

from __future__ import annotations

from typing import Any


def validation_report(pdf: bytes) -> dict[str, Any] | None:
    """The signature check of a received PDF, as stored on its version."""
    return None
