"""Document registers: numbering under contention, register pages on a large register, and
constant query counts of the documents pages.

- Numbering: one allocation is timed against the bare `UPDATE … RETURNING` it boils down to;
  then 50 threads on their own connections take 20 numbers each from one sequence: every
  number 1..1000 comes out exactly once (no duplicate, no gap).
- Register pages: a provincial register of a decade (300,000 documents at national scale);
  queue page, count, quick filter and a year's register against the SQL they send, replayed.
- Query counts: the main documents pages send as many queries with 1,000 documents as with 10.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
import time
from collections.abc import Iterator

from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import national
from bench.database import copy_columns, copy_lines, meta_get, meta_set, set_sequences
from bench.harness import Context, Result, counts_held, pages_counted, raw_replay, sql_of
from bench.organizations import plan_summary
from partydesk.accounts.actor import Actor
from partydesk.accounts.models import RoleGrant
from partydesk.core.http import SYSTEM
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentType,
    NumberSequence,
    PeriodKind,
    SequenceKind,
    Status,
)
from partydesk.documents.selectors.lists import ListFilters, document_list_for
from partydesk.documents.selectors.registers import register_for
from partydesk.documents.services.numbering import SequenceKey, number_allocate
from partydesk.organizations.models import Organization

TITLE = "document registers: numbering under contention, register pages, query counts"
GENERATOR_VERSION = 1
SEED = 20_261_125
DOCUMENTS = 300_000
DOCUMENTS_QUICK = 30_000
ORM_TARGET = 2.0
WRITERS = 50
PER_WRITER = 20
PAGE = 25
YEARS = 10
SENDERS = [
    "Tỉnh ủy", "Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban nhân dân tỉnh", "Sở Nội vụ", "Đảng ủy Khối",
]  # fmt: skip
SUBJECTS = [
    "Về việc báo cáo kết quả thực hiện nhiệm vụ quý",
    "Về việc rà soát, bổ sung quy hoạch cán bộ",
    "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng",
    "Kế hoạch kiểm tra, giám sát năm",
    "Về việc tổng hợp danh sách đảng viên được tặng Huy hiệu Đảng",
    "Thông báo kết luận của Ban Thường vụ",
    "Về việc đôn đốc thu, nộp đảng phí",
    "Quyết định chuẩn y kết quả bầu cử bổ sung cấp ủy",
]


def run(ctx: Context) -> list[Result]:
    data = national.ensure(ctx)
    committee = Organization.objects.get(pk=data.committee_id)
    results = _numbering(ctx, committee)
    count = _ensure_documents(ctx, committee)
    ctx.fact(
        "Register",
        f"“{committee.name}” holds {count:,} incoming documents over {YEARS} years",
    )
    results += _pages(ctx, committee)
    try:
        results += _query_counts(ctx, committee)
    except Exception as exc:  # a broken page must show in the report, not stop the suite
        ctx.fact("Query counts", f"could not be measured: {exc.__class__.__name__}: {exc}")
        results.append(
            ctx.counted("queries, pages", math.inf, 1, baseline_name="10 documents", target=1.0)
        )
    return results


# --- numbering ------------------------------------------------------------------------------


def _key(issuer: Organization, label: str) -> SequenceKey:
    return SequenceKey(
        issuer=issuer,
        kind=SequenceKind.PARTY,
        type_key=f"bench-{label}",
        period_kind=PeriodKind.YEAR,
        period_key="bench",
    )


def _numbering(ctx: Context, issuer: Organization) -> list[Result]:
    NumberSequence.objects.filter(issuer=issuer, type_key__startswith="bench-").delete()
    key = _key(issuer, "single")

    def allocate() -> object:
        with transaction.atomic():
            return number_allocate(key).number

    allocate()
    row = NumberSequence.objects.get(issuer=issuer, type_key="bench-single")

    def raw() -> object:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE documents_numbersequence SET last_number = last_number + 1 "
                "WHERE id = %s RETURNING last_number",
                [row.pk],
            )
            return cursor.fetchone()

    results = [
        ctx.compare(
            "one number, own transaction",
            allocate,
            raw,
            baseline_name="bare UPDATE … RETURNING",
            target=3.0,
        )
    ]
    results.append(_race(ctx, issuer))
    NumberSequence.objects.filter(issuer=issuer, type_key__startswith="bench-").delete()
    return results


def _race(ctx: Context, issuer: Organization) -> Result:
    key = _key(issuer, "race")
    with transaction.atomic():
        number_allocate(key)  # the row exists before the race: contention is on the lock
    taken: list[int] = []
    errors: list[str] = []
    barrier = threading.Barrier(WRITERS)

    def writer() -> None:
        try:
            barrier.wait()
            for _ in range(PER_WRITER):
                with transaction.atomic():
                    taken.append(number_allocate(key).number)
        except Exception as exc:  # reported, not raised: the count shows the damage
            errors.append(repr(exc))
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    expected = WRITERS * PER_WRITER
    distinct = len(set(taken))
    gapless = sorted(taken) == list(range(2, expected + 2))
    ctx.fact(
        "Numbering race",
        f"{WRITERS} writers × {PER_WRITER} numbers: {len(taken)} taken, {distinct} distinct, "
        f"{'no gap' if gapless else 'GAPS'}, {len(errors)} errors, "
        f"{expected / seconds:,.0f} numbers/s on one sequence",
    )
    return ctx.counted(
        f"distinct gapless numbers from {WRITERS} concurrent writers",
        distinct if gapless and not errors else 0,
        expected,
        baseline_name=f"{expected} asked for",
        target=1.0,
    )


# --- a large register -----------------------------------------------------------------------


def _ensure_documents(ctx: Context, committee: Organization) -> int:
    wanted = DOCUMENTS_QUICK if ctx.quick else DOCUMENTS
    fingerprint = f"v{GENERATOR_VERSION}:seed{SEED}:{wanted}:{committee.pk}"
    existing = Document.objects.filter(organization=committee, direction=Direction.INCOMING)
    if meta_get("documents") == fingerprint and not ctx.regenerate:
        count = existing.count()
        if count == wanted:
            return count
    started = time.monotonic()
    Document.objects.filter(organization=committee).delete()
    types = list(DocumentType.objects.values_list("pk", "abbreviation"))
    given = [
        "id",
        "organization_id", "direction", "status", "system", "document_type_id", "subject",
        "code_number", "code_notation", "issued_date", "organ_name", "register_number",
        "arrival_date", "secrecy", "urgency", "search_text", "has_file", "created_at",
        "updated_at",
    ]  # fmt: skip
    columns, suffix = copy_columns(Document, given)
    first_id = (Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    copy_lines(
        Document, columns, _lines(committee.pk, wanted, types, suffix, first_id), freeze=False
    )
    set_sequences(["documents_document"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
    meta_set("documents", fingerprint)
    ctx.fact(
        "Register generation", f"{wanted:,} rows by COPY in {time.monotonic() - started:.1f} s"
    )
    return wanted


def _lines(
    org_id: int, n: int, types: list[tuple[int, str]], suffix: str, first_id: int
) -> Iterator[str]:
    rng = random.Random(SEED)
    today = dt.date(2026, 11, 20)
    first = today - dt.timedelta(days=365 * YEARS)
    numbers: dict[int, int] = {}
    chunk: list[str] = []
    for i in range(n):
        day = first + dt.timedelta(days=int(365 * YEARS * i / n))
        numbers[day.year] = numbers.get(day.year, 0) + 1
        type_id, abbreviation = rng.choice(types)
        sender = rng.choice(SENDERS)
        subject = f"{rng.choice(SUBJECTS)} {day.year}"
        age = (today - day).days
        status = (
            Status.FILED
            if age > 60
            else rng.choice(
                [Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.COMPLETED]
            )
        )
        stamp = f"{day.isoformat()}T08:00:00+07:00"
        folded = subject.lower()
        fields = [
            str(first_id + i),
            str(org_id),
            "incoming",
            status,
            "party",
            str(type_id),
            subject,
            str(rng.randint(1, 900)),
            f"{abbreviation}/TU",
            day.isoformat(),
            sender,
            str(numbers[day.year]),
            day.isoformat(),
            "1" if rng.random() < 0.03 else "0",
            "1" if rng.random() < 0.08 else "0",
            folded,
            "t",
            stamp,
            stamp,
        ]
        chunk.append("\t".join(fields) + suffix + "\n")
        if len(chunk) >= 5000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _clerk_viewer(committee: Organization) -> Actor:
    from partydesk.accounts.tests.factories import make_user

    user = make_user(f"bench-doc-clerk-{committee.pk}", organization=committee, role="clerk")
    grants = list(RoleGrant.objects.filter(user=user).select_related("role", "organization"))
    return Actor(user=user, grants=grants, scope=committee)


def _pages(ctx: Context, committee: Organization) -> list[Result]:
    results: list[Result] = []
    with transaction.atomic():
        viewer = _clerk_viewer(committee)
        cases = {
            "incoming queue, first page": ListFilters(),
            "incoming queue, still open": ListFilters(status="open"),
            "incoming queue, one year": ListFilters(year=2024),
            "incoming queue, quick filter “quy hoach”": ListFilters(q="quy hoach"),
        }
        for name, filters in cases.items():

            def page(filters: ListFilters = filters) -> object:
                qs = document_list_for(viewer, direction=Direction.INCOMING, filters=filters)
                return list(qs[:PAGE])

            def count(filters: ListFilters = filters) -> object:
                return document_list_for(
                    viewer, direction=Direction.INCOMING, filters=filters
                ).count()

            statements = sql_of(page)
            main = [st for st in statements if 'FROM "documents_document"' in st[0]]
            ctx.fact(f"Plan, {name}", plan_summary(main[-1:] or statements))
            results.append(ctx.compare(f"{name} ({PAGE} rows)", page, raw_replay(statements),
                                       target=ORM_TARGET))  # fmt: skip
            results.append(ctx.compare(f"{name}, count", count, raw_replay(sql_of(count)),
                                       target=ORM_TARGET))  # fmt: skip

        def year_register() -> object:
            return register_for(viewer, direction=Direction.INCOMING, year=2024).rows

        rows = len(register_for(viewer, direction=Direction.INCOMING, year=2024).rows)
        results.append(
            ctx.compare(
                f"incoming register of a year ({rows:,} rows)",
                year_register,
                raw_replay(sql_of(year_register)),
                target=4.0,
                note="builds every row's cells in Python",
            )
        )
        transaction.set_rollback(True)
    return results


# --- constant query counts ------------------------------------------------------------------


def _grow(parent: Organization, rows: int, tag: str) -> tuple[Organization, Document]:
    from partydesk.organizations.services import organization_create

    org = organization_create(
        acting=SYSTEM,
        name=f"Đảng bộ thử văn bản {tag}",
        abbreviation="ĐU",
        kind="grassroots_committee",
        code=f"bench-doc-{tag}",
        parent=parent,
    )
    cong_van = DocumentType.objects.get(code="cong-van")
    today = timezone.localdate()
    docs = Document.objects.bulk_create(
        Document(
            organization=org,
            direction=Direction.INCOMING if n % 2 == 0 else Direction.OUTGOING,
            status=Status.REGISTERED if n % 2 == 0 else Status.ISSUED,
            document_type=cong_van,
            subject=f"Công văn thử {n}",
            code_number=str(n),
            code_notation="CV/TU",
            organ_name="Tỉnh ủy",
            register_number=n + 1,
            arrival_date=today if n % 2 == 0 else None,
            issued_date=today,
            issued_at=timezone.now() if n % 2 else None,
            urgency=1 if n % 7 == 0 else 0,
        )
        for n in range(rows * 2)
    )
    return org, docs[0]


def _query_counts(ctx: Context, parent: Organization) -> list[Result]:
    from partydesk.accounts.tests.factories import make_user, verified_client

    counts: dict[str, dict[int, int]] = {}
    with transaction.atomic():
        for rows in (10, 1000):
            org, first = _grow(parent, rows, f"q{rows}")
            user = make_user(f"bench-doc-q{rows}", organization=org, role="clerk", two_factor=True)
            client: Client = verified_client(user)
            client.defaults["HTTP_HOST"] = "localhost"
            pages = {
                "incoming queue": reverse("documents:incoming"),
                "outgoing list": reverse("documents:outgoing"),
                "document page": reverse("documents:detail", args=[first.pk]),
                "incoming register": reverse("documents:register_export", args=["incoming"]),
            }
            pages_counted(ctx, client, pages, rows, counts)
        transaction.set_rollback(True)
    return counts_held(ctx, counts, small=10, large=1000, what="documents")
