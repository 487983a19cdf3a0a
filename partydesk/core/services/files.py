"""Content-addressed files: stored once under their SHA-256 through the storage alias
`partydesk_files` (a folder under the media root by default, S3-compatible object storage by
configuration), never overwritten, every version kept."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction

from partydesk.core.models import StoredFile

FILES_STORAGE = "partydesk_files"

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


def files_storage() -> Storage:
    """The storage every stored file lives in (settings.STORAGES["partydesk_files"])."""
    return storages[FILES_STORAGE]


def storage_name_for(digest: str, content_type: str) -> str:
    """Where content with this digest lives: fanned out so no folder grows too large."""
    return f"files/{digest[:2]}/{digest[2:4]}/{digest}{_EXTENSIONS.get(content_type, '')}"


def file_store(
    *, data: bytes, content_type: str, page_count: int | None = None, text: str = ""
) -> StoredFile:
    """Store the content once under its SHA-256: the same bytes stored twice share one row
    and one object, and an object once written is never written again."""
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    name = storage_name_for(digest, content_type)
    storage = files_storage()
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            # A concurrent store of the same bytes won the name: ours is a duplicate.
            storage.delete(saved)
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                sha256=digest,
                size=len(data),
                content_type=content_type,
                storage_name=name,
                page_count=page_count,
                text=text,
            )
    except IntegrityError:
        return StoredFile.objects.get(sha256=digest)


def file_read(stored: StoredFile) -> bytes:
    """The stored bytes."""
    with files_storage().open(stored.storage_name, "rb") as handle:
        data: bytes = handle.read()
    return data
