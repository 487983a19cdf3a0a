"""What every documents demo module shares: the world it works in, dates, the PDFs."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.core.calendar import is_working_day
from partydesk.core.models import StoredFile
from partydesk.demo.context import DemoContext
from partydesk.demo.documents.texts import BODY, SENDERS
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentType,
)
from partydesk.documents.services.files import PreparedFile, file_read, file_store
from partydesk.documents.services.formfields import DATE_FIELD, NUMBER_FIELD
from partydesk.documents.services.numbering import SequenceKey, number_allocate_block
from partydesk.documents.services.render import Layout, place_date_line, render_pdf
from partydesk.organizations.models import Organization
from partydesk.signatures.services import pdf_fill_fields


@dataclass
class World:
    """What the step works with, looked up once."""

    ctx: DemoContext
    rng: random.Random
    root: Organization
    types: dict[str, DocumentType]
    users: dict[str, User]
    departments: list[Organization]
    committees: list[Organization]
    start: dt.date
    today: dt.date


def weighted(rng: random.Random, table: list[tuple[str, int, list[str]]]) -> tuple[str, str]:
    code, _w, subjects = rng.choices(table, weights=[w for _c, w, _s in table])[0]
    return code, rng.choice(subjects)


def subject_for(template: str, day: dt.date, rng: random.Random) -> str:
    return template.format(y=day.year, q=(day.month - 1) // 3 + 1, m=day.month, d=rng.randint(1, 3))


def working_days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        if is_working_day(day, {}):
            yield day
        day += dt.timedelta(days=1)


def add_working(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day, {}):
            n -= 1
    return day


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def pdf_pool(world: World) -> list[StoredFile]:
    """A few scanned-looking letters shared by older documents (content-addressed)."""
    pool = []
    for n, (sender, _abbr, system, _w) in enumerate(SENDERS[:4]):
        layout = Layout(
            system=system,
            superior="TỈNH ỦY NGHỆ AN" if system == "party" else "",
            issuer=sender,
            number_line=f"Số {n + 11}-CV/TU" if system == "party" else f"Số: {n + 11}/UBND-VP",
            place_date=place_date_line("Nghệ An", world.today - dt.timedelta(days=40 * n + 3)),
            type_name="Công văn",
            subject="Về việc triển khai nhiệm vụ công tác Đảng",
            paragraphs=BODY,
            is_letter=True,
            signing_form="T/L" if system == "party" else "TL.",
            signing_collective="Ban Thường vụ" if system == "party" else "Chủ tịch",
            signer_position="Chánh Văn phòng",
            signer_name="Trần Văn Minh",
            recipients=["Đảng ủy các cơ quan Đảng tỉnh,"],
        )
        data = render_pdf(layout)
        pool.append(
            file_store(
                PreparedFile(f"scan-{n + 1}.pdf", data, "application/pdf", 1, " ".join(BODY))
            )
        )
    return pool


def own_pdf(document: Document, body: list[str], *, template: bool = False) -> StoredFile:
    """The document laid out; `template`: its number and date lines left as fields, for
    `numbered_pdf` to fill per document."""
    layout = Layout(
        system=document.system,
        superior="ĐẢNG BỘ TỈNH NGHỆ AN" if document.direction == Direction.OUTGOING else "",
        issuer=document.organ_name,
        number_line=document.number_symbol or "Số      -CV",
        place_date=place_date_line("Nghệ An", document.issued_date),
        type_name=document.document_type.name,
        subject=document.subject,
        paragraphs=body,
        is_letter=document.document_type.is_letter,
        signing_form="T/M",
        signing_collective="Ban Thường vụ",
        signer_position=document.signer_position or "Bí thư",
        signer_name=document.signer_name or "Nguyễn Văn An",
        recipients=["Các tổ chức cơ sở đảng trực thuộc,"],
        number_slot=template,
        date_slot=template,
    )
    data = render_pdf(layout)
    text = " ".join([document.subject, *body])
    return file_store(PreparedFile(f"{document.pk}.pdf", data, "application/pdf", 1, text))


def numbered_pdf(template: StoredFile, document: Document) -> StoredFile:
    """The type's laid-out page with this document's own number and date filled in (issue 8:
    the released PDF prints the register's number)."""
    data = pdf_fill_fields(
        pdf=file_read(template),
        values={
            NUMBER_FIELD: document.number_symbol,
            DATE_FIELD: place_date_line("Nghệ An", document.issued_date),
        },
    )
    text = f"{document.number_symbol} {template.text}"
    name = f"{document.symbol.replace('/', '-')}.pdf"
    return file_store(PreparedFile(name, data, "application/pdf", template.page_count, text))


def raise_clearance(users: list[User], level: int) -> None:
    User.objects.filter(pk__in=[u.pk for u in users], clearance__lt=level).update(clearance=level)
    for user in users:
        user.clearance = max(user.clearance, level)


def number_in_bulk(docs: list[Document], key_of: Callable[[Document], SequenceKey]) -> None:
    """Give `docs` (in register order) their numbers from the numbering service: one block
    per sequence, so the demo's sequences are keyed and counted exactly like real ones."""
    groups: dict[SequenceKey, list[Document]] = {}
    for d in docs:
        groups.setdefault(key_of(d), []).append(d)
    for key, group in groups.items():
        allocation = number_allocate_block(key, len(group))
        for offset, d in enumerate(group):
            d.register_sequence = allocation.sequence
            d.register_number = allocation.number + offset
