"""Content-addressed files: stored once under their SHA-256 through the `partydesk_files`
storage alias, never overwritten; the alias is what an installation points at S3."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import InMemoryStorage, storages

from partydesk.core.models import StoredFile
from partydesk.core.services.files import file_read, file_store, files_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_the_same_bytes_twice_are_one_file():
    first = file_store(data=b"%PDF-1.7 minutes", content_type="application/pdf", page_count=1)
    again = file_store(data=b"%PDF-1.7 minutes", content_type="application/pdf")

    assert again.pk == first.pk
    assert StoredFile.objects.count() == 1
    assert first.sha256 == hashlib.sha256(b"%PDF-1.7 minutes").hexdigest()
    assert first.storage_name == f"files/{first.sha256[:2]}/{first.sha256[2:4]}/{first.sha256}.pdf"
    assert file_read(first) == b"%PDF-1.7 minutes"


def test_an_object_already_in_storage_is_never_written_again():
    data = b"%PDF-1.7 signed"
    stored = file_store(data=data, content_type="application/pdf")
    StoredFile.objects.all().delete()  # the row is lost, the object is still there

    again = file_store(data=data, content_type="application/pdf")

    assert again.storage_name == stored.storage_name  # no "_abc123" copy beside it
    assert file_read(again) == data


def test_files_go_to_the_configured_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "partydesk_files": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    stored = file_store(data=b"exam paper", content_type="application/octet-stream")

    assert isinstance(files_storage(), InMemoryStorage)
    assert storages["partydesk_files"].exists(stored.storage_name)
    assert not storages["default"].exists(stored.storage_name)
