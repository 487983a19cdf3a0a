"""B-LTA archive: documents whose archive time-stamp chain we keep extending (jobs.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from partydesk.core.audit import audit_log
from partydesk.core.services.files import file_store, files_storage
from partydesk.signatures import authority
from partydesk.signatures import pdf as adapter
from partydesk.signatures.errors import SigningError
from partydesk.signatures.models import ArchivedPdf

# Renew well before the last time-stamp's certificate expires (and its algorithms age).
RENEW_BEFORE = dt.timedelta(days=365)


def _save(pdf_bytes: bytes) -> tuple[str, str]:
    """In the core's file store: content-addressed, never overwritten, every version kept."""
    stored = file_store(data=pdf_bytes, content_type="application/pdf")
    return stored.sha256, stored.storage_name


def archive_register(*, pdf_bytes: bytes) -> ArchivedPdf | None:
    """Keep a B-LTA document so its archive time-stamps can be extended before they expire."""
    expiry = adapter.last_timestamp_expiry(pdf_bytes)
    if expiry is None:
        return None
    sha256, name = _save(pdf_bytes)
    archived, _ = ArchivedPdf.objects.get_or_create(
        first_sha256=sha256,
        defaults={"latest_sha256": sha256, "storage_name": name, "timestamp_expires_at": expiry},
    )
    return archived


@transaction.atomic
def archive_timestamps_extend(*, archived: ArchivedPdf) -> ArchivedPdf:
    """Add validation data for the last archive time-stamp and a new time-stamp over all."""
    row = ArchivedPdf.objects.select_for_update().get(pk=archived.pk)
    with files_storage().open(row.storage_name, "rb") as handle:
        current = handle.read()
    timestamper, _reserve = authority.timestamper()
    try:
        extended = adapter.extend_archive_timestamps(current, authority.trust(), timestamper)  # type: ignore[arg-type]
    except (adapter.SignFailed, adapter.BadPdf) as exc:
        raise SigningError(str(exc)) from exc
    sha256, name = _save(extended)
    row.latest_sha256 = sha256
    row.storage_name = name
    row.timestamp_expires_at = adapter.last_timestamp_expiry(extended) or row.timestamp_expires_at
    row.renewed_count += 1
    row.updated_at = timezone.now()
    row.save()
    audit_log(
        actor=None,
        action="signatures.archive.timestamp_extended",
        target=row,
        details={"sha256": sha256, "expires_at": row.timestamp_expires_at.isoformat()},
    )
    return row


def archive_due(now: dt.datetime | None = None) -> list[int]:
    moment = (now or timezone.now()) + RENEW_BEFORE
    return list(
        ArchivedPdf.objects.filter(timestamp_expires_at__lte=moment).values_list("pk", flat=True)
    )
