"""Test data for documents: types, terms, staff with roles, PDFs."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from fpdf import FPDF

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import grant_role, make_user
from partydesk.documents.models import DocumentType
from partydesk.organizations.models import CommitteeTerm, Organization

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def make_term(
    organization: Organization,
    *,
    name: str = "2025–2030",
    starts: dt.date = dt.date(2025, 10, 1),
    ends: dt.date | None = None,
) -> CommitteeTerm:
    return CommitteeTerm.objects.create(
        organization=organization, name=name, starts_on=starts, ends_on=ends
    )


def make_staff(username: str, organization: Organization, *roles: str, clearance: int = 0) -> User:
    """A user holding each role on `organization` (first role through make_user)."""
    user = make_user(
        username,
        organization=organization,
        role=roles[0] if roles else "specialist",
        two_factor=True,
    )
    for role in roles[1:]:
        grant_role(user, role, organization)
    if clearance:
        user.clearance = clearance
        user.save(update_fields=["clearance"])
    return user


@dataclass
class Office:
    """The people of one committee's office."""

    organization: Organization
    clerk: User
    secretary: User
    head: User
    chief: User
    specialist: User


def make_office(organization: Organization, prefix: str) -> Office:
    return Office(
        organization=organization,
        clerk=make_staff(f"{prefix}_clerk", organization, "clerk"),
        secretary=make_staff(f"{prefix}_secretary", organization, "secretary"),
        head=make_staff(f"{prefix}_head", organization, "department_head"),
        chief=make_staff(f"{prefix}_chief", organization, "office_chief"),
        specialist=make_staff(f"{prefix}_specialist", organization, "specialist"),
    )


def pdf_bytes(text: str = "Văn bản thử nghiệm", pages: int = 1) -> bytes:
    """A small valid PDF with real (Vietnamese) text."""
    pdf = FPDF()
    pdf.add_font("serif", "", SERIF)
    pdf.set_font("serif", size=12)
    for n in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{text} — trang {n + 1}")
    return bytes(pdf.output())


def png_bytes(color: str = "white") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(color: str = "gray") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), color).save(buffer, "JPEG")
    return buffer.getvalue()
