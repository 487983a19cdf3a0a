"""Exchange fan-out (issue 9): one released document to 10,000 organizations of the
installation (1,000 with --quick), from the outbox message the release writes until every
recipient has its copy registered and the sender holds 03 from each.

The recipients are a flat bench group under one committee, each with its own clerk (so each
arrival names and notifies one person, as in life). The released document carries a small
sealed PDF, so every arrival gets its file version. The delivery runs as the outbox worker
runs it (`outbox_deliver_message`, in this process): batches of 500 recipients, each in its
own transaction, and the sender's statuses right after each batch commits. As in
production, the audit seal after each commit is a job queued for the worker (the task queue
is the database's during the delivery); the bench runs that seal after the delivery and
reports its time on its own line.

Baseline: the same rows (arrivals, file versions, history rows, notifications, audit events,
statuses) inserted by multi-row `INSERT`s on the bare driver cursor, 500 recipients to a
transaction, in the same run. What the baseline leaves out is the delivery's own work:
reading and locking the recipients, taking 10,000 arrival numbers, finding the clerks, and
the two UPDATEs (recipients delivered, packages at 03).
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from psycopg.types.json import Jsonb

from bench.harness import Context, Result
from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.core.audit import audit_seal
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent, Notification
from partydesk.core.services.files import file_store
from partydesk.core.services.outbox import outbox_deliver_message, outbox_enqueue
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentRecipient,
    DocumentType,
    DocumentVersion,
    Status,
    VersionKind,
)
from partydesk.documents.services.incoming.deliver_bulk import (
    BATCH,
    LOCAL_BULK,
    bulk_delivery_key,
)
from partydesk.exchange.models import OutgoingPackage, PackageStatus
from partydesk.exchange.services.statuses import packages_open
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create

TITLE = "exchange: fan-out of one document to 10,000 organizations of the installation"
RECIPIENTS = 10_000
RECIPIENTS_QUICK = 1_000
TARGET_PER_SECOND = 1_000.0
# As production runs it: the audit seal job goes to the worker's queue, not inline.
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT_CODE = "bench-exchange-fanout"
# A one-page PDF, unsigned: the recipients' signature check reads it once per release.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def run(ctx: Context) -> list[Result]:
    size = RECIPIENTS_QUICK if ctx.quick else RECIPIENTS
    root, recipients = _ensure_group(size)
    ctx.fact("Recipients", f"{len(recipients):,} organizations under “{root.name}”, one clerk each")
    rounds = 1 if not ctx.quick else 3
    # A worker that has run anything has its URL configuration loaded (the arrivals'
    # notices name their pages); this process has not, and that is not the delivery's time.
    reverse("documents:detail", args=[1])
    subject_ms: list[float] = []
    seal_ms: list[float] = []
    baseline_ms: list[float] = []
    for n in range(rounds):
        if time.monotonic() > ctx.deadline:
            break
        source = _released(root, recipients, f"{n}-{time.time_ns()}")
        audit_seal()  # what came before is not the delivery's to seal
        with override_settings(TASKS=DB_TASKS):
            subject_ms.append(_deliver(source, len(recipients)))
        sealed_ms, sealed = _seal()
        seal_ms.append(sealed_ms)
        rows = _rows_of(source)
        baseline_source = _released(root, [], f"b{n}-{time.time_ns()}")
        baseline_ms.append(_insert_same_rows(rows, baseline_source, offset=10_000_000 * (n + 1)))
        ctx.log(
            f"  round {n + 1}: delivery {subject_ms[-1]:.0f} ms, insert {baseline_ms[-1]:.0f} ms,"
            f" the worker's seal after it {seal_ms[-1]:.0f} ms"
        )
    if not subject_ms:
        return [Result("deliveries", "raw INSERT", math.inf, None, note="skipped: time limit")]
    subject, baseline = (
        sorted(subject_ms)[len(subject_ms) // 2],
        sorted(baseline_ms)[len(baseline_ms) // 2],
    )
    per_second = len(recipients) / (subject / 1000)
    ctx.fact("Deliveries per second", f"{per_second:,.0f} (target {TARGET_PER_SECOND:,.0f})")
    ctx.fact(
        "Audit seal",
        f"the worker's job, after the delivery and off its path (as in production): "
        f"{sorted(seal_ms)[len(seal_ms) // 2]:,.0f} ms for the delivery's "
        f"{sealed:,} events (median of {len(seal_ms)})",
    )
    return [
        ctx.counted(
            f"time to deliver {len(recipients):,} recipients, per 1,000 (ms)",
            round(subject / len(recipients) * 1000),
            1000 / TARGET_PER_SECOND * 1000,
            baseline_name="the 1,000/s target",
            target=1.0,
            note=f"{per_second:,.0f} deliveries/s",
        ),
        Result(
            name=f"fan-out to {len(recipients):,}: every copy registered, 03 back (ms)",
            baseline="the same rows by raw multi-row INSERT",
            ratio=subject / baseline,
            p50_ms=subject,
            p99_ms=max(subject_ms),
            baseline_p50_ms=baseline,
            baseline_p99_ms=max(baseline_ms),
            iterations=len(subject_ms),
        ),
    ]


def _ensure_group(size: int) -> tuple[Organization, list[Organization]]:
    """The committee and `size` grassroots committees below it, each with a clerk (made once,
    in bulk, and reused)."""
    root = Organization.objects.filter(code=ROOT_CODE).first()
    if root is None:
        root = organization_create(
            acting=SYSTEM,
            name="Đảng ủy Khối (bench)",
            code=ROOT_CODE,
            kind=OrganizationKind.UPPER_COMMITTEE,
            abbreviation="ĐUK",
            parent=None,
        )
    have = Organization.objects.filter(parent=root).count()
    if have < size:
        made = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Đảng bộ cơ sở số {n + 1:05d}",
                    code=f"{ROOT_CODE}-{n + 1:05d}",
                    kind=OrganizationKind.GRASSROOTS_COMMITTEE,
                    abbreviation="ĐU",
                    parent=root,
                    depth=root.depth + 1,
                )
                for n in range(have, size)
            ],
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Organization._meta.db_table} SET path = %s || lpad(id::text, 6, '0')"
                " || '.' WHERE parent_id = %s AND path = ''",
                [root.path, root.pk],
            )
        clerk = Role.objects.get(code="clerk")
        users = User.objects.bulk_create(
            [User(username=f"{ROOT_CODE}-clerk-{o.pk}", password="!") for o in made],
            batch_size=2000,
        )
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(user=u, role=clerk, organization=o, valid_from=timezone.localdate())
                for u, o in zip(users, made, strict=True)
            ],
            batch_size=2000,
        )
    recipients = list(Organization.objects.filter(parent=root).order_by("pk")[:size])
    return root, recipients


def _released(root: Organization, recipients: list[Organization], tag: str) -> Document:
    """A released resolution of the committee with its sealed PDF, its recipients listed and
    its packages opened, as `document_release` leaves it."""
    document_type = DocumentType.objects.order_by("pk").first()
    assert document_type is not None
    today = timezone.localdate()
    document = Document.objects.create(
        organization=root,
        direction=Direction.OUTGOING,
        status=Status.RELEASED,
        document_type=document_type,
        subject=f"Nghị quyết về công tác năm (bench {tag})",
        code_number=f"{abs(hash(tag)) % 10_000_000}",
        code_notation="NQ/ĐUK",
        issued_date=today,
        digitally_signed=True,
        released_at=timezone.now(),
        dispatched_on=today,
    )
    stored = file_store(data=PDF + tag.encode(), content_type="application/pdf")
    DocumentVersion.objects.create(
        document=document, number=1, kind=VersionKind.SEALED, file=stored, original_name="nq.pdf"
    )
    rows = DocumentRecipient.objects.bulk_create(
        [DocumentRecipient(document=document, organization=o) for o in recipients],
        batch_size=2000,
    )
    with transaction.atomic():
        packages_open(document, rows, None)
    return document


def _deliver(source: Document, count: int) -> float:
    """Milliseconds from the release's message to the last 03 (checked, not assumed)."""
    with transaction.atomic():
        message = outbox_enqueue(
            kind=LOCAL_BULK,
            payload={
                "document": source.pk,
                "organizations": list(
                    DocumentRecipient.objects.filter(document=source).values_list(
                        "organization_id", flat=True
                    )
                ),
                "actor": None,
            },
            idempotency_key=bulk_delivery_key(document_id=source.pk),
        )
    started = time.perf_counter()
    outbox_deliver_message(message.pk)
    elapsed = (time.perf_counter() - started) * 1000
    done = OutgoingPackage.objects.filter(document=source, status="03").count()
    copies = Document.objects.filter(source_document=source).count()
    if done != count or copies != count:
        raise RuntimeError(f"fan-out incomplete: {copies} copies, {done} at 03 of {count}")
    return elapsed


def _seal() -> tuple[float, int]:
    """Milliseconds the worker's seal job takes for what the delivery wrote, and how many
    events it sealed (the jobs the delivery queued are dropped: this runs what they would)."""
    DBTaskResult.objects.filter(task_path__endswith="audit_seal_job").delete()
    started = time.perf_counter()
    sealed = audit_seal()
    return (time.perf_counter() - started) * 1000, sealed


Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def _select(table: str, where: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
        columns = [c.name for c in cursor.description]
        return columns, cursor.fetchall()


def _rows_of(source: Document) -> Rows:
    """Every row the delivery inserted for `source`, by table."""
    arrivals = list(Document.objects.filter(source_document=source).values_list("pk", flat=True))
    ids = [str(pk) for pk in arrivals]
    return {
        "documents": _select(Document._meta.db_table, "source_document_id = %s", [source.pk]),
        "versions": _select(DocumentVersion._meta.db_table, "document_id = ANY(%s)", [arrivals]),
        "events": _select(DocumentEvent._meta.db_table, "document_id = ANY(%s)", [arrivals]),
        "notifications": _select(
            Notification._meta.db_table,
            "target_type = 'documents.document' AND target_id = ANY(%s)",
            [ids],
        ),
        "audit": _select(
            AuditEvent._meta.db_table,
            "action = 'documents.document.delivered' AND target_id = ANY(%s)",
            [ids],
        ),
        "status_audit": _select(
            AuditEvent._meta.db_table,
            "action = 'exchange.package.status' AND target_id = %s",
            [str(source.pk)],
        ),
        "statuses": _select(
            PackageStatus._meta.db_table,
            f"package_id IN (SELECT id FROM {OutgoingPackage._meta.db_table}"
            " WHERE document_id = %s)",
            [source.pk],
        ),
    }


def _insert(cursor: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> list[int]:
    """One multi-row INSERT of `rows` (without their ids); the new ids."""
    if not rows:
        return []
    keep = [i for i, c in enumerate(columns) if c != "id"]
    values = [
        Jsonb(row[i]) if isinstance(row[i], dict | list) else row[i] for row in rows for i in keep
    ]
    marks = "(" + ", ".join(["%s"] * len(keep)) + ")"
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns[i] for i in keep)}) VALUES "
        + ", ".join([marks] * len(rows))
        + " RETURNING id",
        values,
    )
    return [r[0] for r in cursor.fetchall()]


def _insert_same_rows(rows: Rows, source: Document, *, offset: int) -> float:
    """Milliseconds to insert the delivery's rows again (as copies of a second document, under
    numbers moved by `offset` so the register stays unique), 500 recipients a transaction."""
    d_cols, d_rows = rows["documents"]
    at = {c: i for i, c in enumerate(d_cols)}
    per_document: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
    for name in ("versions", "events"):
        columns, found = rows[name]
        key = columns.index("document_id")
        per_document[name] = {}
        for row in found:
            per_document[name].setdefault(row[key], []).append(row)
    for name in ("notifications", "audit"):
        columns, found = rows[name]
        key = columns.index("target_id")
        per_document[name] = {}
        for row in found:
            per_document[name].setdefault(int(row[key]), []).append(row)
    s_cols, statuses = rows["statuses"]
    a_cols, status_audit = rows["status_audit"]
    raw = connection.connection
    started = time.perf_counter()
    for start in range(0, len(d_rows), BATCH):
        batch = d_rows[start : start + BATCH]
        with raw.transaction(), raw.cursor() as cursor:
            copied = [
                tuple(
                    source.pk
                    if c == "source_document_id"
                    else (row[i] + offset if c == "register_number" else row[i])
                    for i, c in enumerate(d_cols)
                )
                for row in batch
            ]
            new_ids = _insert(cursor, Document._meta.db_table, d_cols, copied)
            for name, table, column in (
                ("versions", DocumentVersion._meta.db_table, "document_id"),
                ("events", DocumentEvent._meta.db_table, "document_id"),
                ("notifications", Notification._meta.db_table, "target_id"),
                ("audit", AuditEvent._meta.db_table, "target_id"),
            ):
                columns = rows[name][0]
                key = columns.index(column)
                moved = []
                for old, new in zip(batch, new_ids, strict=True):
                    for r in per_document[name].get(old[at["id"]], []):
                        moved.append(
                            (*r[:key], new if column == "document_id" else str(new), *r[key + 1 :])
                        )
                _insert(cursor, table, columns, moved)
            # Two statuses (01, 03) and their two audit events per recipient.
            window = slice(2 * start, 2 * (start + len(batch)))
            _insert(cursor, PackageStatus._meta.db_table, s_cols, statuses[window])
            _insert(cursor, AuditEvent._meta.db_table, a_cols, status_audit[window])
    return (time.perf_counter() - started) * 1000
