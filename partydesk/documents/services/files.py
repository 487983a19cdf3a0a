"""Files: check what was uploaded and turn scans into one PDF; storing is the core's
content-addressed file store (partydesk.core.services.files)."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidInput
from partydesk.core.models import StoredFile
from partydesk.core.services.files import file_read
from partydesk.core.services.files import file_store as core_file_store

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
MAX_TEXT_PAGES = 300
MAX_TEXT_CHARS = 2_000_000


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class PreparedFile:
    """A checked file ready to store: a PDF (with its text) or a DOCX draft."""

    name: str
    data: bytes
    content_type: str
    page_count: int | None = None
    text: str = ""


def sniff(data: bytes) -> str:
    """The real type from the first bytes (the browser's content type is not trusted)."""
    head = data[:8]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return ""
    return ""


def _check_size(upload: Upload) -> None:
    limit = settings.PARTYDESK_MAX_UPLOAD_MB
    if len(upload.data) > limit * 1024 * 1024:
        raise InvalidInput(
            _("“%(name)s” is larger than %(limit)s MB. Scan it at a lower resolution or split it.")
            % {"name": upload.name, "limit": limit},
            field="upload",
        )
    if not upload.data:
        raise InvalidInput(_("“%(name)s” is empty.") % {"name": upload.name}, field="upload")


def pdf_read(data: bytes, name: str = "", *, text: bool = True) -> tuple[int, str]:
    """Open a PDF: its page count and text (without `text`, only the checks: its text is
    the slow part). Refuses encrypted and unreadable files with a message a clerk can act
    on."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    label = name or _("the file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InvalidInput(
                _(
                    "“%(name)s” is protected with a password or encryption, so it cannot be "
                    "stored or checked. Ask the sender for an unprotected copy, or scan the "
                    "paper copy."
                )
                % {"name": label},
                field="upload",
            )
        pages = len(reader.pages)
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        logger.info("unreadable PDF %s: %s", name, exc)
        raise InvalidInput(
            _(
                "“%(name)s” is not a readable PDF: it may be damaged or only partly downloaded. "
                "Ask the sender to send it again, or scan the paper copy."
            )
            % {"name": label},
            field="upload",
        ) from exc
    if pages == 0:
        raise InvalidInput(
            _("“%(name)s” has no pages. Ask the sender to send it again.") % {"name": label},
            field="upload",
        )
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_TEXT_PAGES] if text else []:
        try:
            page_text = page.extract_text() or ""
        except Exception:  # a page whose text cannot be read is still a valid scan
            logger.info("text of one page of %s could not be read", name)
            page_text = ""
        parts.append(page_text)
        size += len(page_text)
        if size > MAX_TEXT_CHARS:
            break
    return pages, "\n".join(parts)[:MAX_TEXT_CHARS]


def images_to_pdf(images: Sequence[Upload]) -> bytes:
    """Scanned pages (JPEG/PNG) combined into one PDF, one page per image, in order."""
    from PIL import Image, UnidentifiedImageError

    pages = []
    for image in images:
        try:
            with Image.open(io.BytesIO(image.data)) as opened:
                opened.load()
                pages.append(opened.convert("RGB"))
        except (UnidentifiedImageError, OSError) as exc:
            raise InvalidInput(
                _("“%(name)s” is not a readable image. Scan the page again.")
                % {"name": image.name},
                field="upload",
            ) from exc
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=150.0)
    return buffer.getvalue()


def upload_prepare(
    uploads: Sequence[Upload], *, allow_docx: bool = False, text: bool = True
) -> PreparedFile:
    """One PDF, or one or more scanned pages combined into a PDF (or, for drafts, a DOCX).
    Without `text`, a PDF is checked but its text not read (a check whose file is not kept)."""
    if not uploads:
        raise InvalidInput(_("Choose a file to upload."), field="upload")
    for upload in uploads:
        _check_size(upload)
    kinds = [sniff(u.data) for u in uploads]
    accepted = _("Upload one PDF, or the scanned pages as JPEG or PNG images.")
    if allow_docx:
        accepted = _("Upload one PDF or DOCX, or scanned pages as JPEG or PNG images.")
    if all(kind in (PNG, JPEG) for kind in kinds):
        data = images_to_pdf(uploads)
        pages, content = pdf_read(data, uploads[0].name, text=text)
        stem = uploads[0].name.rsplit(".", 1)[0] or "scan"
        return PreparedFile(f"{stem}.pdf", data, PDF, pages, content)
    if len(uploads) > 1:
        raise InvalidInput(_("Only scanned images can be combined. %s") % accepted, field="upload")
    upload, kind = uploads[0], kinds[0]
    if kind == PDF:
        pages, content = pdf_read(upload.data, upload.name, text=text)
        return PreparedFile(upload.name, upload.data, PDF, pages, content)
    if kind == DOCX and allow_docx:
        return PreparedFile(upload.name, upload.data, DOCX, None, "")
    raise InvalidInput(
        _("“%(name)s” is not a file type we accept. %(accepted)s")
        % {"name": upload.name, "accepted": accepted},
        field="upload",
    )


def file_store(prepared: PreparedFile) -> StoredFile:
    """Store a checked file in the core's content-addressed storage (the same bytes twice
    share one file; nothing is ever overwritten)."""
    return core_file_store(
        data=prepared.data,
        content_type=prepared.content_type,
        page_count=prepared.page_count,
        text=prepared.text,
    )


def prepared_from_stored(stored: StoredFile, name: str) -> PreparedFile:
    """A stored file handed back to a service (the confirm step of a registration)."""
    return PreparedFile(
        name, file_read(stored), stored.content_type, stored.page_count, stored.text
    )
