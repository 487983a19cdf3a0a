"""What the PDF of an outgoing document prints (Party or State format)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partydesk.documents.models import Document, DocumentSettings, DocumentSystem, Mark, MarkKind
from partydesk.documents.services.numbering import outgoing_notation
from partydesk.documents.services.render import Layout, clean_body, place_date_line
from partydesk.organizations.models import Organization

ARCHIVE_LINE = "Lưu Văn phòng."


def settings_of(organization: Organization) -> DocumentSettings:
    found = DocumentSettings.objects.filter(organization=organization).first()
    return found or DocumentSettings(organization=organization)


def _mark(kind: str, level: int) -> str:
    if not level:
        return ""
    found = Mark.objects.filter(kind=kind, level=level).first()
    return found.label if found else ""


def _number_parts(document: Document) -> tuple[str, str]:
    """What stands before and after the number: ("Số ", "-NQ/ĐUK") or ("Số: ", "/QĐ-UBND")."""
    notation = outgoing_notation(
        system=document.system,
        document_type=document.document_type,
        issuer=document.organization,
        drafting_unit=document.drafting_unit_code,
    )
    if document.system == DocumentSystem.STATE:
        return "Số: ", f"/{notation}"
    return "Số ", f"-{notation}"


def _number_line(document: Document) -> str:
    """The number as printed; before numbering, blanks for the clerk."""
    if document.code_number:
        return document.number_symbol
    prefix, suffix = _number_parts(document)
    return f"{prefix.rstrip()}      {suffix}"


def layout_for(
    document: Document,
    body: str,
    *,
    day: dt.date | None,
    draft: bool,
    for_signing: bool = False,
) -> Layout:
    """What the PDF of this document prints. `for_signing`: the final layout the signer
    signs before the document has a number: the number and the date are left as fields the
    office fills at issue, and the signature goes in an empty field of the signing block."""
    org = document.organization
    unnumbered = for_signing and not document.code_number
    settings = settings_of(org)
    superior = settings.header_superior or (org.parent.name if org.parent_id else "")  # type: ignore[union-attr]
    return Layout(
        system=document.system,
        superior=superior,
        issuer=settings.header_name or org.name,
        number_line=_number_line(document),
        place_date=place_date_line(
            document.place_name or org.place_name, day, year_hint=timezone.localdate().year
        ),
        type_name=document.document_type.name,
        subject=document.subject,
        paragraphs=clean_body(body),
        is_letter=document.document_type.is_letter,
        signing_form=document.signing_form.code if document.signing_form_id else "",  # type: ignore[union-attr]
        signing_collective=document.signing_collective,
        signer_position=document.signer_position,
        signer_name=document.signer_name,
        recipients=document.recipient_places,
        archive_line=document.archive_holder or ARCHIVE_LINE,
        secrecy_mark=_mark(MarkKind.SECRECY, document.secrecy),
        urgency_mark=_mark(MarkKind.URGENCY, document.urgency),
        draft=draft,
        joint_with=document.joint_with,
        number_slot=unnumbered,
        date_slot=unnumbered,
        signature_slot=for_signing,
    )
