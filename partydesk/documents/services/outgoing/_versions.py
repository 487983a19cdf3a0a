"""Versions of an outgoing document: each file kept, numbered in order."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import Conflict, InvalidInput
from partydesk.documents.models import Document, DocumentVersion
from partydesk.documents.services.files import PreparedFile, file_store, pdf_read


def next_version_number(document: Document) -> int:
    top = DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def pdf_prepared(data: bytes, name: str) -> PreparedFile:
    """A PDF read for storage (pages, text): PDF parsing, so call it before the transaction."""
    pages, text = pdf_read(data, name)
    return PreparedFile(name, data, "application/pdf", pages, text)


def add_version(
    document: Document,
    *,
    actor: User,
    kind: str,
    data: bytes = b"",
    name: str = "",
    content_type: str = "application/pdf",
    body: str = "",
    note: str = "",
    pages: int | None = None,
    text: str = "",
    prepared: PreparedFile | None = None,
) -> DocumentVersion:
    if prepared is None:
        if content_type == "application/pdf" and not text:
            pages, text = pdf_read(data, name)
        prepared = PreparedFile(name, data, content_type, pages, text)
    name = prepared.name
    stored = file_store(prepared)
    version = DocumentVersion.objects.create(
        document=document,
        number=next_version_number(document),
        kind=kind,
        file=stored,
        original_name=name[:255],
        body_text=body,
        note=note[:500],
        created_by=actor,
    )
    updates = ["has_file", "updated_at"]
    document.has_file = True
    if stored.page_count:
        document.page_amount = stored.page_count
        updates.append("page_amount")
    document.save(update_fields=updates)
    return version


def file_name(document: Document, suffix: str) -> str:
    base = (
        document.symbol.replace("/", "-") if document.code_number else document.document_type.code
    )
    return f"{base}-{suffix}.pdf"


def latest_version(document: Document) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document=document)
        .select_related("file")
        .order_by("-number")
        .first()
    )


def check_still_latest(document: Document, number: int) -> None:
    """Inside the signing transaction: the version signed outside it is still the last."""
    latest = latest_version(document)
    if latest is None or latest.number != number:
        raise Conflict(_("A new version arrived while you were signing; sign it again."))


def signing_reason(document: Document) -> str:
    """What a personal signature says it is for."""
    return f"{document.document_type.name}: {document.subject}"[:200]


def signable_version(document: Document) -> DocumentVersion:
    """The last version, which a signature goes on: it must be a PDF."""
    latest = latest_version(document)
    if latest is None or not latest.file.is_pdf:
        raise InvalidInput(
            _("The last version is not a PDF. Ask the drafter to add the final PDF, then sign.")
        )
    return latest
