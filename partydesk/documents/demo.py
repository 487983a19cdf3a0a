"""Demo step: a year of documents for the Bloc committee and its grassroots committees.

Incoming letters from the province (registered, assigned, handled, filed, some overdue,
some urgent, a few classified), the committee's own numbered resolutions, decisions, plans
and letters released to grassroots committees (which find them registered on arrival), and
a handful of drafts in review, awaiting signature and awaiting issue, so that every demo
login has work on its dashboard. Written with bulk_create (docs/decisions/0002); signatures
of demo documents are flags only (signing thousands of PDFs would take minutes).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from partydesk.accounts.models import Role, User
from partydesk.core.calendar import is_working_day
from partydesk.core.text import fold
from partydesk.demo.context import DemoContext
from partydesk.documents.models import (
    AssignmentRole,
    AssignmentStatus,
    Direction,
    Document,
    DocumentEvent,
    DocumentNotification,
    DocumentReader,
    DocumentRecipient,
    DocumentType,
    DocumentVersion,
    IncomingAssignment,
    NotificationKind,
    NumberSequence,
    PeriodKind,
    ReaderReason,
    ReviewChainStep,
    ReviewStep,
    SequenceKind,
    SigningForm,
    Status,
    StoredFile,
    VersionKind,
)
from partydesk.documents.services.files import PreparedFile, file_store
from partydesk.documents.services.records import search_kind
from partydesk.documents.services.render import Layout, place_date_line, render_pdf
from partydesk.documents.symbols import pad
from partydesk.organizations.models import Organization
from partydesk.search.services import search_index_upsert

# Who writes to the Bloc committee, with the abbreviation in their symbols.
SENDERS = [
    ("Tỉnh ủy Nghệ An", "TU", "party", 30),
    ("Ban Thường vụ Tỉnh ủy", "TU", "party", 10),
    ("Văn phòng Tỉnh ủy", "VPTU", "party", 14),
    ("Ban Tổ chức Tỉnh ủy", "BTCTU", "party", 14),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", "party", 8),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU", "party", 10),
    ("Ban Nội chính Tỉnh ủy", "BNCTU", "party", 4),
    ("Ủy ban nhân dân tỉnh Nghệ An", "UBND", "state", 8),
    ("Sở Nội vụ", "SNV", "state", 4),
    ("Bảo hiểm xã hội tỉnh", "BHXH", "state", 2),
    ("Đảng ủy Sở Y tế", "ĐU", "party", 3),
    ("Đảng ủy Trường Chính trị tỉnh", "ĐU", "party", 2),
]

# (type code, weight, subjects)
INCOMING_SUBJECTS: list[tuple[str, int, list[str]]] = [
    (
        "cong-van",
        40,
        [
            "Về việc báo cáo kết quả thực hiện nhiệm vụ quý {q} năm {y}",
            "Về việc rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030",
            "Về việc cử cán bộ tham gia lớp bồi dưỡng kiến thức quốc phòng và an ninh",
            "Về việc tổng hợp danh sách đảng viên được tặng Huy hiệu Đảng đợt {d}",
            "Về việc chuẩn bị nội dung làm việc với Đoàn công tác của Tỉnh ủy",
            "Về việc đôn đốc thu, nộp đảng phí năm {y}",
            "Về việc triển khai số hóa hồ sơ đảng viên",
            "Về việc góp ý dự thảo báo cáo chính trị",
        ],
    ),
    (
        "huong-dan",
        12,
        [
            "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {y}",
            "Hướng dẫn thực hiện Quy định 366-QĐ/TW về đánh giá cán bộ",
            "Hướng dẫn công tác phát triển đảng viên năm {y}",
        ],
    ),
    (
        "ke-hoach",
        12,
        [
            "Kế hoạch tổ chức các hoạt động kỷ niệm 97 năm Ngày thành lập Đảng",
            "Kế hoạch kiểm tra, giám sát năm {y}",
            "Kế hoạch học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh",
            "Kế hoạch chuyển đổi số trong các cơ quan Đảng giai đoạn {y}–2030",
        ],
    ),
    (
        "thong-bao",
        10,
        [
            "Thông báo kết luận của Ban Thường vụ Tỉnh ủy tại hội nghị tháng {m}",
            "Thông báo lịch làm việc của Thường trực Tỉnh ủy tháng {m}",
            "Thông báo ý kiến chỉ đạo về công tác cán bộ",
        ],
    ),
    (
        "quyet-dinh",
        10,
        [
            "Quyết định chuẩn y kết quả bầu cử bổ sung cấp ủy",
            "Quyết định thành lập Đoàn kiểm tra thực hiện Chỉ thị 35-CT/TW",
            "Quyết định điều động, phân công cán bộ",
        ],
    ),
    (
        "nghi-quyet",
        5,
        [
            "Nghị quyết về đẩy mạnh cải cách hành chính trong các cơ quan Đảng",
            "Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ",
        ],
    ),
    ("chi-thi", 3, ["Chỉ thị về tăng cường công tác bảo vệ bí mật nhà nước"]),
    ("bao-cao", 5, ["Báo cáo sơ kết công tác xây dựng Đảng 6 tháng đầu năm {y}"]),
    (
        "giay-moi",
        8,
        [
            "Giấy mời dự hội nghị trực tuyến quán triệt nghị quyết",
            "Giấy mời dự Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        ],
    ),
]

OUTGOING_SUBJECTS: list[tuple[str, int, list[str]]] = [
    (
        "cong-van",
        35,
        [
            "V/v triển khai thực hiện hướng dẫn của Ban Tổ chức Tỉnh ủy",
            "V/v báo cáo tình hình tư tưởng cán bộ, đảng viên quý {q}",
            "V/v rà soát đảng viên miễn sinh hoạt",
            "V/v tổng hợp kết quả thu đảng phí",
        ],
    ),
    (
        "ke-hoach",
        12,
        [
            "Kế hoạch kiểm tra, giám sát của Đảng ủy năm {y}",
            "Kế hoạch tổ chức Hội nghị học tập nghị quyết",
            "Kế hoạch phát triển đảng viên năm {y}",
        ],
    ),
    (
        "quyet-dinh",
        14,
        [
            "Quyết định kết nạp đảng viên",
            "Quyết định công nhận đảng viên chính thức",
            "Quyết định chuẩn y Ban Chấp hành Chi bộ",
            "Quyết định tặng Huy hiệu Đảng",
        ],
    ),
    (
        "thong-bao",
        10,
        [
            "Thông báo kết luận của Ban Thường vụ Đảng ủy tháng {m}",
            "Thông báo phân công nhiệm vụ Ban Chấp hành Đảng bộ",
        ],
    ),
    (
        "nghi-quyet",
        6,
        [
            "Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị quý {q}",
            "Nghị quyết về công tác xây dựng Đảng năm {y}",
        ],
    ),
    (
        "bao-cao",
        10,
        [
            "Báo cáo kết quả công tác Đảng tháng {m}",
            "Báo cáo tổng kết công tác kiểm tra, giám sát năm {y}",
        ],
    ),
    ("huong-dan", 6, ["Hướng dẫn sinh hoạt chi bộ theo chuyên đề năm {y}"]),
    ("chuong-trinh", 3, ["Chương trình công tác toàn khóa của Ban Chấp hành Đảng bộ"]),
    ("to-trinh", 4, ["Tờ trình đề nghị khen thưởng tổ chức đảng trong sạch, vững mạnh"]),
]

RECIPIENTS = "Thường trực Tỉnh ủy (để b/c),\nCác tổ chức cơ sở đảng trực thuộc,"
BODY = [
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy định số 294-QĐ/TW của Ban Chấp hành Trung ương;",
    "Thực hiện chương trình công tác năm, Ban Thường vụ Đảng ủy đề nghị các tổ chức đảng "
    "trực thuộc triển khai thực hiện nghiêm túc, báo cáo kết quả đúng thời hạn.",
    "Quá trình thực hiện, nếu có vướng mắc, phản ánh về Văn phòng Đảng ủy để tổng hợp.",
]


@dataclass
class _World:
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


def _weighted(rng: random.Random, table: list[tuple[str, int, list[str]]]) -> tuple[str, str]:
    code, _w, subjects = rng.choices(table, weights=[w for _c, w, _s in table])[0]
    return code, rng.choice(subjects)


def _subject(template: str, day: dt.date, rng: random.Random) -> str:
    return template.format(y=day.year, q=(day.month - 1) // 3 + 1, m=day.month, d=rng.randint(1, 3))


def _working_days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        if is_working_day(day, {}):
            yield day
        day += dt.timedelta(days=1)


def _add_working(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day, {}):
            n -= 1
    return day


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _pdf_pool(world: _World) -> list[StoredFile]:
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


def _own_pdf(document: Document, body: list[str]) -> StoredFile:
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
    )
    data = render_pdf(layout)
    text = " ".join([document.subject, *body])
    return file_store(PreparedFile(f"{document.pk}.pdf", data, "application/pdf", 1, text))


def _raise_clearance(users: list[User], level: int) -> None:
    User.objects.filter(pk__in=[u.pk for u in users], clearance__lt=level).update(clearance=level)
    for user in users:
        user.clearance = max(user.clearance, level)


def seed(ctx: DemoContext) -> None:
    """A year of incoming and outgoing documents (a few thousand rows, bulk written)."""
    assert ctx.root is not None
    rng = ctx.rng
    root = ctx.root
    term = ctx.terms.get(root.pk)
    today = ctx.today
    start = max(today - dt.timedelta(days=364), term.starts_on if term else today)
    world = _World(
        ctx=ctx,
        rng=rng,
        root=root,
        types={t.code: t for t in DocumentType.objects.all()},
        users=ctx.users,
        departments=[o for code, o in ctx.organizations.items() if code.startswith("duk-")],
        committees=[
            o for code, o in ctx.organizations.items() if code.startswith("du-") and o.depth == 1
        ],
        start=start,
        today=today,
    )
    cleared = [u for key, u in ctx.users.items() if key in ("vanthu", "bithu", "chanhvanphong")]
    _raise_clearance(cleared, 2)
    pool = _pdf_pool(world)
    incoming = _seed_incoming(world, pool)
    outgoing, deliveries = _seed_outgoing(world, term)
    documents = incoming + outgoing + deliveries
    _index(documents)
    ctx.count("documents (incoming)", len(incoming) + len(deliveries))
    ctx.count("documents (outgoing)", len(outgoing))


def _seed_incoming(world: _World, pool: list[StoredFile]) -> list[Document]:
    rng, root, today = world.rng, world.root, world.today
    clerk, secretary = world.users.get("vanthu"), world.users.get("bithu")
    specialist = world.users.get("chuyenvien")
    days = list(_working_days(world.start, today))
    per_day = max(1, world.ctx.scaled(7))
    docs: list[Document] = []
    numbers: dict[int, int] = {}
    counters: dict[tuple[str, str], int] = {}
    for day in days:
        for _ in range(rng.randint(per_day - 3 if per_day > 3 else 1, per_day + 3)):
            sender, abbr, system, _w = rng.choices(SENDERS, weights=[s[3] for s in SENDERS])[0]
            code, template = _weighted(rng, INCOMING_SUBJECTS)
            doc_type = world.types[code]
            counters[(abbr, code)] = counters.get((abbr, code), rng.randint(5, 300)) + 1
            number = pad(counters[(abbr, code)])
            if system == "party":
                notation = f"{doc_type.abbreviation}/{abbr}"
            elif doc_type.is_letter:
                notation = f"{abbr}-VP"
            else:
                notation = f"{doc_type.abbreviation}-{abbr}"
            numbers[day.year] = numbers.get(day.year, 0) + 1
            subject = _subject(template, day, rng)
            issued = day - dt.timedelta(days=rng.randint(0, 4))
            docs.append(
                Document(
                    organization=root,
                    direction=Direction.INCOMING,
                    status=Status.REGISTERED,
                    system=system,
                    document_type=doc_type,
                    subject=subject,
                    code_number=number,
                    code_notation=notation,
                    issued_date=issued,
                    organ_name=sender,
                    register_number=numbers[day.year],
                    arrival_date=day,
                    registered_at=_at(day, rng),
                    secrecy=1 if rng.random() < 0.03 else 0,
                    urgency=rng.choices([0, 1, 2, 3], weights=[90, 6, 3, 1])[0],
                    page_amount=rng.randint(1, 8),
                    intended_recipient="Ban Thường vụ Đảng ủy",
                    created_by=clerk,
                    dedup_key=f"{fold(sender)}|{fold(number + notation)}",
                )
            )
    sequences = {
        year: NumberSequence.objects.create(
            issuer=root,
            kind=SequenceKind.INCOMING,
            type_key="",
            period_kind=PeriodKind.YEAR,
            period_key=str(year),
            period_label=str(year),
            last_number=last,
        )
        for year, last in numbers.items()
    }
    for d in docs:
        d.register_sequence = sequences[d.arrival_date.year]  # type: ignore[union-attr]
    _progress_incoming(world, docs, clerk, secretary, specialist)
    for d in docs:
        d.search_text = fold(f"{d.subject} {d.code_number}-{d.code_notation} {d.organ_name}")
        d.has_file = not d.secrecy and rng.random() < 0.93
        d.digitally_signed = d.has_file and rng.random() < 0.8
    created = Document.objects.bulk_create(docs, batch_size=500)
    versions = []
    newest = sorted((d for d in created if d.has_file), key=lambda d: d.arrival_date or today)[-8:]
    own = {d.pk for d in newest}
    for d in created:
        if not d.has_file:
            continue
        stored = _own_pdf(d, BODY) if d.pk in own else rng.choice(pool)
        versions.append(
            DocumentVersion(
                document=d,
                number=1,
                kind=VersionKind.RECEIVED,
                file=stored,
                original_name=f"{d.code_number}-{d.code_notation.replace('/', '-')}.pdf",
                signature_report={
                    "all_valid": d.digitally_signed,
                    "signed": d.digitally_signed,
                    "summary": "Demo",
                    "signatures": [],
                },
                created_by=clerk,
            )
        )
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    _incoming_history(world, created, clerk, secretary, specialist)
    return created


def _progress_incoming(world: _World, docs: list[Document], *users: User | None) -> None:
    """Status by age: old ones filed, recent ones still in hand; urgent ones move faster."""
    rng, today = world.rng, world.today
    for d in docs:
        assert d.arrival_date is not None
        age = (today - d.arrival_date).days
        roll = rng.random()
        if age > 45:
            d.status = (
                Status.FILED
                if roll < 0.9
                else (Status.COMPLETED if roll < 0.95 else Status.IN_PROGRESS)
            )
        elif age > 10:
            d.status = [Status.FILED, Status.COMPLETED, Status.IN_PROGRESS, Status.ASSIGNED][
                0 if roll < 0.45 else 1 if roll < 0.6 else 2 if roll < 0.85 else 3
            ]
        elif age > 1:
            d.status = (
                Status.IN_PROGRESS
                if roll < 0.4
                else Status.ASSIGNED
                if roll < 0.8
                else Status.REGISTERED
            )
        else:
            d.status = Status.REGISTERED if roll < 0.7 else Status.ASSIGNED
        if d.status != Status.REGISTERED:
            d.dispatched_on = d.arrival_date
        if d.status == Status.FILED:
            d.closed_at = _at(
                min(today, d.arrival_date + dt.timedelta(days=rng.randint(3, 25))), rng
            )


def _incoming_history(world: _World, docs: list[Document], clerk, secretary, specialist) -> None:  # type: ignore[no-untyped-def]
    rng, today = world.rng, world.today
    assignments: list[IncomingAssignment] = []
    events: list[DocumentEvent] = []
    readers: list[DocumentReader] = []
    notifications: list[DocumentNotification] = []
    for d in docs:
        assert d.arrival_date is not None
        events.append(
            DocumentEvent(
                document=d,
                action="registered",
                actor=clerk,
                to_status=Status.REGISTERED,
                details={"arrival_number": d.register_number},
            )
        )
        if d.secrecy:
            for user in (clerk, secretary):
                if user is not None:
                    readers.append(DocumentReader(document=d, user=user, reason=ReaderReason.NAMED))
        if d.status == Status.REGISTERED:
            if d.urgency and secretary is not None:
                notifications.append(
                    DocumentNotification(
                        user=secretary, document=d, kind=NotificationKind.URGENT, urgent=True
                    )
                )
            continue
        lead_unit = None if d.secrecy or not world.departments else rng.choice(world.departments)
        person = specialist if (d.secrecy or rng.random() < 0.35) else None
        deadline = _add_working(d.arrival_date, 10 if not d.urgency else 3)
        done = d.status in (Status.COMPLETED, Status.FILED)
        lead = IncomingAssignment(
            document=d,
            role=AssignmentRole.LEAD,
            organization=None if person else lead_unit,
            user=person if person else (None if lead_unit else specialist),
            assigned_by=secretary,
            instruction=rng.choice(
                [
                    "Giao Ban Tổ chức chủ trì, tham mưu trả lời.",
                    "Văn phòng tham mưu triển khai; báo cáo kết quả đúng hạn.",
                    "Đồng chí chuyên viên nghiên cứu, đề xuất.",
                    "Chuyển các ban tham mưu theo chức năng.",
                ]
            ),
            working_days=10 if not d.urgency else 3,
            deadline=deadline,
            status=AssignmentStatus.DONE
            if done
            else (
                AssignmentStatus.IN_PROGRESS
                if d.status == Status.IN_PROGRESS
                else AssignmentStatus.OPEN
            ),
            report="Đã tham mưu văn bản trả lời, báo cáo Thường trực." if done else "",
            completed_at=_at(min(today, deadline), rng) if done else None,
        )
        if lead.user is None and lead.organization is None:
            continue
        assignments.append(lead)
        if specialist is not None and lead.user_id == specialist.pk and not done:
            notifications.append(
                DocumentNotification(
                    user=specialist,
                    document=d,
                    kind=NotificationKind.ASSIGNED,
                    urgent=bool(d.urgency),
                )
            )
        events.append(
            DocumentEvent(
                document=d,
                action="assigned",
                actor=secretary,
                from_status=Status.REGISTERED,
                to_status=Status.ASSIGNED,
                note=lead.instruction,
            )
        )
        if d.status in (Status.IN_PROGRESS, Status.COMPLETED, Status.FILED):
            events.append(
                DocumentEvent(
                    document=d,
                    action="handling_started",
                    actor=specialist,
                    from_status=Status.ASSIGNED,
                    to_status=Status.IN_PROGRESS,
                )
            )
        if done:
            events.append(
                DocumentEvent(
                    document=d,
                    action="completed",
                    actor=specialist,
                    from_status=Status.IN_PROGRESS,
                    to_status=Status.COMPLETED,
                    note=lead.report,
                )
            )
        if d.status == Status.FILED:
            events.append(
                DocumentEvent(
                    document=d,
                    action="filed",
                    actor=clerk,
                    from_status=Status.COMPLETED,
                    to_status=Status.FILED,
                )
            )
    IncomingAssignment.objects.bulk_create(assignments, batch_size=500)
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    DocumentReader.objects.bulk_create(readers, batch_size=500)
    DocumentNotification.objects.bulk_create(notifications[-40:], batch_size=500)


def _seed_outgoing(world: _World, term) -> tuple[list[Document], list[Document]]:  # type: ignore[no-untyped-def]
    rng, root, today = world.rng, world.root, world.today
    clerk, secretary = world.users.get("vanthu"), world.users.get("bithu")
    drafter = world.users.get("chuyenvien")
    t_m = SigningForm.objects.filter(system="party", code="T/M").first()
    person = secretary.person if secretary is not None else None
    signer_name = person.full_name if person is not None else "Nguyễn Văn An"
    days = list(_working_days(world.start, today - dt.timedelta(days=3)))
    per_day = max(1, world.ctx.scaled(2))
    numbers: dict[str, int] = {}
    docs: list[Document] = []
    for day in days:
        for _ in range(rng.randint(0, per_day + 1)):
            code, template = _weighted(rng, OUTGOING_SUBJECTS)
            doc_type = world.types[code]
            numbers[code] = numbers.get(code, 0) + 1
            secret = rng.random() < 0.02
            released = (today - day).days > 2
            docs.append(
                Document(
                    organization=root,
                    direction=Direction.OUTGOING,
                    status=Status.ARCHIVED
                    if (today - day).days > 20
                    else (Status.RELEASED if released else Status.ISSUED),
                    system="party",
                    document_type=doc_type,
                    subject=_subject(template, day, rng),
                    code_number=pad(numbers[code]),
                    code_notation=f"{doc_type.abbreviation}/{root.abbreviation}",
                    issued_date=day,
                    issued_at=_at(day, rng),
                    released_at=_at(day, rng) if released else None,
                    dispatched_on=day if released else None,
                    organ_name=root.name,
                    signer=secretary,
                    signer_name=signer_name[:50],
                    signer_position="Bí thư",
                    signing_form=t_m,
                    signing_collective="Ban Thường vụ",
                    secrecy=1 if secret else 0,
                    urgency=1 if rng.random() < 0.05 else 0,
                    page_amount=rng.randint(1, 6),
                    issued_amount=rng.randint(3, 40),
                    recipients_text=RECIPIENTS,
                    archive_holder="Lưu Văn phòng.",
                    term=term,
                    place_name="Nghệ An",
                    has_file=not secret,
                    digitally_signed=not secret,
                    created_by=drafter,
                    closed_at=_at(day + dt.timedelta(days=20), rng)
                    if (today - day).days > 20
                    else None,
                )
            )
    sequences = {
        code: NumberSequence.objects.create(
            issuer=root,
            kind=SequenceKind.PARTY,
            type_key=code,
            period_kind=PeriodKind.TERM,
            period_key=str(term.pk) if term else "0",
            period_label=term.name if term else "",
            last_number=last,
        )
        for code, last in numbers.items()
    }
    for d in docs:
        d.register_sequence = sequences[d.document_type.code]
        d.register_number = int(d.code_number)
        d.search_text = fold(f"{d.subject} {d.code_number}-{d.code_notation} {d.organ_name}")
    docs += _pending_outgoing(world, drafter, secretary, t_m, signer_name)
    created = Document.objects.bulk_create(docs, batch_size=500)
    files: dict[str, StoredFile] = {}
    versions, events = [], []
    for d in created:
        events.append(
            DocumentEvent(document=d, action="drafted", actor=drafter, to_status=Status.DRAFT)
        )
        if d.issued_at is not None:
            events.append(
                DocumentEvent(
                    document=d,
                    action="issued",
                    actor=clerk,
                    from_status=Status.SIGNED,
                    to_status=Status.ISSUED,
                    details={"number": d.number_symbol},
                )
            )
        if not d.has_file:
            continue
        key = d.document_type.code
        if key not in files:
            files[key] = _own_pdf(d, BODY)
        versions.append(
            DocumentVersion(
                document=d,
                number=1,
                kind=VersionKind.RENDERED,
                file=files[key],
                original_name=f"{d.document_type.code}.pdf",
                body_text="\n".join(BODY),
                created_by=drafter,
            )
        )
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    _pending_reviews(
        world, [d for d in created if d.status in (Status.IN_REVIEW, Status.DRAFT)], drafter
    )
    deliveries = _deliver(
        world,
        [d for d in created if d.status in (Status.RELEASED, Status.ARCHIVED) and not d.secrecy],
        clerk,
    )
    return created, deliveries


def _pending_outgoing(world: _World, drafter, secretary, form, signer_name) -> list[Document]:  # type: ignore[no-untyped-def]
    """Work in hand: drafts, drafts in review, approved ones awaiting signature, signed ones
    awaiting issue."""
    rng, root, today = world.rng, world.root, world.today
    pending: list[Document] = []
    for status, count in (
        (Status.DRAFT, 3),
        (Status.IN_REVIEW, 3),
        (Status.APPROVED, 2),
        (Status.SIGNED, 2),
    ):
        for _ in range(count):
            code, template = _weighted(rng, OUTGOING_SUBJECTS)
            doc_type = world.types[code]
            pending.append(
                Document(
                    organization=root,
                    direction=Direction.OUTGOING,
                    status=status,
                    system="party",
                    document_type=doc_type,
                    subject=_subject(template, today, rng),
                    organ_name=root.name,
                    signer=secretary,
                    signer_name=signer_name[:50],
                    signer_position="Bí thư",
                    signing_form=form,
                    signing_collective="Ban Thường vụ",
                    recipients_text="Các tổ chức cơ sở đảng trực thuộc,",
                    archive_holder="Lưu Văn phòng.",
                    place_name="Nghệ An",
                    issued_date=today if status == Status.SIGNED else None,
                    has_file=True,
                    digitally_signed=status == Status.SIGNED,
                    created_by=drafter,
                    search_text=fold(template),
                )
            )
    return pending


def _pending_reviews(world: _World, docs: list[Document], drafter) -> None:  # type: ignore[no-untyped-def]
    chain = list(
        ReviewChainStep.objects.filter(organization__isnull=True, document_type__isnull=True)
        .select_related("role")
        .order_by("position")
    )
    steps = [
        ReviewStep(
            document=d, round=1, position=s.position, role=s.role, kind=s.kind, label=s.label
        )
        for d in docs
        if d.status == Status.IN_REVIEW
        for s in chain
    ]
    ReviewStep.objects.bulk_create(steps)
    head_role = Role.objects.filter(code="department_head").first()
    head = world.users.get("truongban")
    if head is not None and head_role is not None:
        DocumentNotification.objects.bulk_create(
            [
                DocumentNotification(user=head, document=d, kind=NotificationKind.REVIEW)
                for d in docs
                if d.status == Status.IN_REVIEW
            ]
        )
    readers = [
        DocumentReader(document=d, user=drafter, reason=ReaderReason.CREATOR)
        for d in docs
        if drafter is not None
    ]
    DocumentReader.objects.bulk_create(readers)


def _deliver(world: _World, released: list[Document], clerk) -> list[Document]:  # type: ignore[no-untyped-def]
    """Each released document arrives, registered, at two grassroots committees."""
    rng = world.rng
    if not world.committees:
        return []
    first = next((c for c in world.committees if c.code == "du-syt"), world.committees[0])
    others = [c for c in world.committees if c.pk != first.pk] or [first]
    numbers: dict[tuple[int, int], int] = {}
    deliveries: list[Document] = []
    recipients: list[tuple[Document, Organization]] = []
    for source in sorted(released, key=lambda d: d.released_at or d.issued_at):  # type: ignore[arg-type, return-value]
        assert source.dispatched_on is not None
        other = rng.choice(others)
        for target in {first.pk: first, other.pk: other}.values():
            key = (target.pk, source.dispatched_on.year)
            numbers[key] = numbers.get(key, 0) + 1
            old = (world.today - source.dispatched_on).days > 30
            deliveries.append(
                Document(
                    organization=target,
                    direction=Direction.INCOMING,
                    status=Status.FILED if old else Status.REGISTERED,
                    system=source.system,
                    document_type=source.document_type,
                    subject=source.subject,
                    code_number=source.code_number,
                    code_notation=source.code_notation,
                    issued_date=source.issued_date,
                    organ_name=source.organ_name,
                    sender_organization=world.root,
                    register_number=numbers[key],
                    arrival_date=source.dispatched_on,
                    registered_at=source.released_at,
                    signer_name=source.signer_name,
                    signer_position=source.signer_position,
                    urgency=source.urgency,
                    page_amount=source.page_amount,
                    has_file=True,
                    digitally_signed=True,
                    source_document=source,
                    search_text=source.search_text,
                    created_by=clerk,
                )
            )
            recipients.append((source, target))
    sequences = {
        key: NumberSequence.objects.create(
            issuer_id=key[0],
            kind=SequenceKind.INCOMING,
            type_key="",
            period_kind=PeriodKind.YEAR,
            period_key=str(key[1]),
            period_label=str(key[1]),
            last_number=last,
        )
        for key, last in numbers.items()
    }
    for d in deliveries:
        d.register_sequence = sequences[(d.organization_id, d.arrival_date.year)]  # type: ignore[union-attr]
    created = Document.objects.bulk_create(deliveries, batch_size=500)
    source_files = dict(
        DocumentVersion.objects.filter(document__in=released).values_list("document_id", "file_id")
    )
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                number=1,
                kind=VersionKind.RECEIVED,
                file_id=source_files[d.source_document_id],
                original_name=f"{d.code_number}-{d.code_notation.replace('/', '-')}.pdf",
                signature_report={
                    "all_valid": True,
                    "signed": True,
                    "summary": "Demo",
                    "signatures": [],
                },
            )
            for d in created
            if d.source_document_id in source_files
        ],
        batch_size=500,
    )
    DocumentRecipient.objects.bulk_create(
        [
            DocumentRecipient(
                document=source, organization=target, delivered=d, delivered_at=d.registered_at
            )
            for (source, target), d in zip(recipients, created, strict=True)
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    DocumentEvent.objects.bulk_create(
        [
            DocumentEvent(document=d, action="registered", actor=clerk, to_status=Status.REGISTERED)
            for d in created
        ],
        batch_size=1000,
    )
    return created


def _index(documents: list[Document]) -> None:
    """The search entries (metadata; the shared demo PDFs' text is not repeated)."""
    paths = dict(
        Organization.objects.filter(pk__in={d.organization_id for d in documents}).values_list(
            "pk", "path"
        )
    )
    readers: dict[int, list[int]] = {}
    for doc_id, user_id in DocumentReader.objects.filter(document__secrecy__gt=0).values_list(
        "document_id", "user_id"
    ):
        readers.setdefault(doc_id, []).append(user_id)
    for d in documents:
        when = d.arrival_date or d.issued_date or timezone.localdate()
        search_index_upsert(
            kind=search_kind(d.direction),
            object_id=d.pk,
            organization_path=paths[d.organization_id],
            title=f"{d.symbol} {d.subject}",
            body=f"{d.organ_name} {d.intended_recipient}",
            year=when.year,
            type_code=d.document_type.code,
            status=d.status,
            secrecy=d.secrecy,
            reader_user_ids=readers.get(d.pk, []) if d.secrecy else None,
            date=when,
        )
