"""The registers as views over documents, with the exact columns of ND30 Phụ lục IV
(domain rules §1.10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from partydesk.accounts.actor import Actor
from partydesk.documents import keeper
from partydesk.documents.models import Direction, Document
from partydesk.documents.selectors.access import visible_documents

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
TITLES: dict[str, str] = {
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


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _marks(document: Document) -> str:
    parts: list[str] = []
    if document.secrecy:
        parts.append(str(document.get_secrecy_display()))
    if document.urgency:
        parts.append(str(document.get_urgency_display()))
    if document.description:
        parts.append(document.description)
    return "; ".join(parts)


def _incoming_rows(docs: QuerySet[Document]) -> tuple[list[list[str]], list[int]]:
    leads = {
        a.document_id: a
        for a in keeper.keeper().of_documents(docs.values("pk"))
        if a.parent_id is None and a.role == keeper.AssignmentRole.LEAD
    }
    rows: list[list[str]] = []
    ids: list[int] = []
    for d in docs:
        lead = leads.get(d.pk)
        rows.append(
            [
                _day(d.arrival_date),
                str(d.register_number or ""),
                d.organ_name,
                d.symbol,
                _day(d.issued_date),
                f"{d.document_type.name}: {d.subject}",
                lead.assignee_label if lead is not None else d.intended_recipient,
                _day(d.dispatched_on),
                "",
                _marks(d),
            ]
        )
        ids.append(d.pk)
    return rows, ids


def _outgoing_rows(docs: QuerySet[Document]) -> tuple[list[list[str]], list[int]]:
    rows: list[list[str]] = []
    ids: list[int] = []
    for d in docs:
        recipients = "; ".join(
            line.strip(" -") for line in d.recipients_text.splitlines() if line.strip()
        )
        rows.append(
            [
                d.symbol,
                _day(d.issued_date),
                f"{d.document_type.name}: {d.subject}",
                " ".join(p for p in (d.signer_position, d.signer_name) if p),
                recipients,
                d.archive_holder,
                str(d.issued_amount or ""),
                _day(d.dispatched_on),
                "",
                _marks(d),
            ]
        )
        ids.append(d.pk)
    return rows, ids


def register_for(viewer: Actor, *, direction: str, year: int) -> Register:
    """The incoming register (by arrival date and number) or the outgoing register (numbered
    documents by date) of the acting organization's subtree, as the viewer may see it."""
    org_name = viewer.scope.name if viewer.scope is not None else ""
    docs = visible_documents(viewer).filter(direction=direction).select_related("document_type")
    if direction == Direction.INCOMING:
        rows, ids = _incoming_rows(
            docs.filter(arrival_date__year=year).order_by("arrival_date", "register_number", "id")
        )
        columns = INCOMING_COLUMNS
    else:
        rows, ids = _outgoing_rows(
            docs.filter(issued_date__year=year, issued_at__isnull=False).order_by(
                "issued_date", "issued_at", "id"
            )
        )
        columns = OUTGOING_COLUMNS
    return Register(direction, year, org_name, TITLES[direction], columns, rows, ids)
