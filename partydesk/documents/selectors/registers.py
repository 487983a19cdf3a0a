"""The registers as views over documents, with the exact columns of ND30 Phụ lục IV
(domain rules §1.10)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from partydesk.documents.models import (
    AssignmentRole,
    Direction,
    IncomingAssignment,
)
from partydesk.documents.selectors.access import Viewer, visible_documents

INCOMING_COLUMNS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
OUTGOING_COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
TITLES = {
    Direction.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    Direction.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
}


@dataclass(frozen=True)
class Register:
    """One register of one year: its title, columns and rows (each cell already text)."""

    direction: str
    year: int
    organization_name: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    ids: list[int]


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value else ""  # type: ignore[attr-defined]


def _marks(document: object) -> str:
    parts = []
    if document.secrecy:  # type: ignore[attr-defined]
        parts.append(document.get_secrecy_display())  # type: ignore[attr-defined]
    if document.urgency:  # type: ignore[attr-defined]
        parts.append(document.get_urgency_display())  # type: ignore[attr-defined]
    if document.description:  # type: ignore[attr-defined]
        parts.append(document.description)  # type: ignore[attr-defined]
    return "; ".join(str(p) for p in parts)


def register_for(viewer: Viewer, *, direction: str, year: int) -> Register:
    """The incoming register (by arrival date and number) or the outgoing register (numbered
    documents by date) of the acting organization's subtree, as the viewer may see it."""
    org_name = viewer.scope.name if viewer.scope is not None else ""
    docs = visible_documents(viewer).filter(direction=direction).select_related("document_type")
    if direction == Direction.INCOMING:
        leads = IncomingAssignment.objects.filter(
            parent__isnull=True, role=AssignmentRole.LEAD
        ).select_related("user", "organization", "user__person")
        docs = (
            docs.filter(arrival_date__year=year)
            .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="leads"))
            .order_by("arrival_date", "register_number", "id")
        )
        rows = []
        ids = []
        for d in docs:
            lead = d.leads[0].assignee_label if d.leads else d.intended_recipient  # type: ignore[attr-defined]
            rows.append(
                [
                    _day(d.arrival_date),
                    str(d.register_number or ""),
                    d.organ_name,
                    d.symbol,
                    _day(d.issued_date),
                    f"{d.document_type.name}: {d.subject}",
                    lead,
                    _day(d.dispatched_on),
                    "",
                    _marks(d),
                ]
            )
            ids.append(d.pk)
        columns = INCOMING_COLUMNS
    else:
        docs = docs.filter(issued_date__year=year, issued_at__isnull=False).order_by(
            "issued_date", "issued_at", "id"
        )
        rows = []
        ids = []
        for d in docs:
            signer = " ".join(p for p in (d.signer_position, d.signer_name) if p)
            recipients = "; ".join(
                line.strip(" -") for line in d.recipients_text.splitlines() if line.strip()
            )
            rows.append(
                [
                    d.symbol,
                    _day(d.issued_date),
                    f"{d.document_type.name}: {d.subject}",
                    signer,
                    recipients,
                    d.archive_holder,
                    str(d.issued_amount or ""),
                    _day(d.dispatched_on),
                    "",
                    _marks(d),
                ]
            )
            ids.append(d.pk)
        columns = OUTGOING_COLUMNS
    return Register(direction, year, org_name, TITLES[direction], columns, rows, ids)
