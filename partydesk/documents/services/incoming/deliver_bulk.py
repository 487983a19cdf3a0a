"""Bulk local delivery: a release to many organizations of this installation (a recipient
group of thousands) writes one outbox message for all its local recipients instead of one
each. The handler registers them in batches, each batch in a transaction of its own with
multi-row inserts: the arrivals, their files, history rows, audit events, notifications and
the sender's statuses. A batch that fails rolls back alone and the worker's retry resumes
with the recipients still waiting; a recipient already delivered is skipped, its row locked
first, so delivering the message again registers nothing more (ADR 0020, bulk delivery)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with_each
from partydesk.core.audit import audit_log_many
from partydesk.core.models import OutboxMessage, StoredFile
from partydesk.core.rows import rows_insert, values_from
from partydesk.core.services.notifications import Notice, notify_many
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents import hooks
from partydesk.documents.models import (
    Document,
    DocumentReader,
    DocumentRecipient,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    VersionKind,
)
from partydesk.documents.permissions import can_clear
from partydesk.documents.services.incoming.deliver import (
    ARRIVAL_RECORDED_BY,
    arrival_document,
    arrival_event,
    released_for_delivery,
)
from partydesk.documents.services.numbering import (
    Allocation,
    incoming_key,
    number_allocate_each,
)
from partydesk.documents.services.records import (
    arrival_params,
    search_entry_refresh,
    search_text_for,
)
from partydesk.organizations.models import Organization

LOCAL_BULK = "documents.delivery.local_bulk"
SEARCH_REFRESH = "documents.search.arrivals"
# From this many local recipients a release delivers them in batches through one message;
# below it, each recipient has its own message (ADR 0017), so one failing arrival never
# waits for the others.
BULK_FROM = 20
# Recipients registered per transaction: large enough for multi-row inserts to pay, small
# enough that a batch holds its locks for well under a second.
BATCH = 500


def bulk_delivery_key(*, document_id: int) -> str:
    """The idempotency key of delivering one released document to its local recipients."""
    return f"documents.delivery:{document_id}:local"


@outbox_handler(LOCAL_BULK, lease=dt.timedelta(minutes=30))
def recipients_deliver_local(message: OutboxMessage) -> None:
    """Register a released document at every local recipient the message names, a batch at
    a time. The file's signature is checked once, outside any transaction."""
    payload = message.payload
    released = released_for_delivery(payload["document"])
    if released is None:
        return
    source, stored, report = released
    actor = User.objects.filter(pk=payload.get("actor")).first()
    waiting = list(
        DocumentRecipient.objects.filter(
            document=source,
            organization_id__in=payload["organizations"],
            delivered__isnull=True,
        )
        .order_by("pk")
        .values_list("organization_id", flat=True)
    )
    for start in range(0, len(waiting), BATCH):
        batch_deliver(
            source=source,
            organization_ids=waiting[start : start + BATCH],
            actor=actor,
            stored=stored,
            report=report,
        )


@transaction.atomic
def batch_deliver(
    *,
    source: Document,
    organization_ids: Sequence[int],
    actor: User | None,
    stored: StoredFile | None,
    report: dict[str, Any] | None,
) -> list[Document]:
    """Register `source` at the recipients among `organization_ids` it has not reached yet
    (their rows locked: a second worker waits, then finds them delivered)."""
    recipients = list(
        DocumentRecipient.objects.select_for_update()
        .filter(document=source, organization_id__in=organization_ids, delivered__isnull=True)
        .order_by("pk")
    )
    if not recipients:
        return []
    arrivals = incoming_deliver_many(
        actor=actor,
        source=source,
        organizations=list(
            Organization.objects.filter(
                pk__in=[r.organization_id for r in recipients]
            ).select_related("parent")  # their labels in the clerks' notifications
        ),
        stored=stored,
        report=report,
    )
    by_org = {d.organization_id: d.pk for d in arrivals}
    _recipients_delivered([(r.pk, by_org[r.organization_id]) for r in recipients])
    return arrivals


def _recipients_delivered(pairs: Sequence[tuple[int, int]]) -> None:
    """Mark each (recipient row, arrival) delivered now, in one UPDATE … FROM a row source
    of the pairs (the ORM's bulk_update builds a CASE per row, slow in Python for hundreds
    of rows)."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(DocumentRecipient._meta.db_table)
    source, params = values_from(connection, ["bigint", "bigint"], pairs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET delivered_id = v.column2, delivered_at = %s "  # noqa: S608 (the model's names)
            f"FROM {source} WHERE {table}.id = v.column1",
            [connection.ops.adapt_datetimefield_value(timezone.now()), *params],
        )


def incoming_deliver_many(
    *,
    actor: User | None,
    source: Document,
    organizations: Sequence[Organization],
    stored: StoredFile | None,
    report: dict[str, Any] | None,
) -> list[Document]:
    """`incoming_deliver` for many recipient organizations at once, with the same rows for
    each: the arrival under the next number of its register, the same stored file, a
    history row, an audit event, its cleared clerks named on a classified one, the clerks'
    notifications and the observers' step (exchange: 01 and 03 to the sender)."""
    today, now = timezone.localdate(), timezone.now()
    allocations = number_allocate_each(
        [incoming_key(organization=o, arrival=today) for o in organizations]
    )
    people = users_with_each(
        capabilities=("documents.register", "documents.assign"), organizations=organizations
    )
    clerks = people["documents.register"]
    with_file = not source.secrecy and stored is not None
    documents = _arrivals_insert(source, organizations, allocations, today, now, with_file, actor)
    if source.secrecy:
        DocumentReader.objects.bulk_create(
            [
                DocumentReader(
                    document=d, user=clerk, reason=ReaderReason.RECIPIENT, added_by=actor
                )
                for d in documents
                for clerk in clerks[d.organization_id]
                if can_clear(clerk, source.secrecy)
            ],
            ignore_conflicts=True,
        )
    elif stored is not None:
        note = _("Received through partydesk from %(org)s") % {"org": source.organization}
        version = DocumentVersion(
            number=1,
            kind=VersionKind.RECEIVED,
            file=stored,
            original_name=f"{source.symbol or 'van-ban'}.pdf".replace("/", "-"),
            note=note,
            signature_report=report,
            created_by=ARRIVAL_RECORDED_BY,
        )
        rows_insert(version, varying=["document_id"], rows=[(d.pk,) for d in documents])
    rows_insert(
        arrival_event(documents[0]),
        varying=["document_id", "details"],
        rows=[(d.pk, arrival_event(d).details) for d in documents],
    )
    audit_log_many(
        actor=actor,
        action="documents.document.delivered",
        events=[(d, d.organization_id, {"source": source.pk}) for d in documents],
    )
    hooks.incoming_moved_many(documents, action="delivered", actor=actor)
    names = {o.pk: arrival_params(o) for o in organizations}
    notify_many(_notices(documents, names, clerks, people["documents.assign"]))
    # The full-text entries (the PDF's text read for each) by the worker, after the commit.
    outbox_enqueue(kind=SEARCH_REFRESH, payload={"documents": [d.pk for d in documents]})
    return documents


def _arrivals_insert(
    source: Document,
    organizations: Sequence[Organization],
    allocations: dict[int, Allocation],
    today: dt.date,
    now: dt.datetime,
    with_file: bool,
    actor: User | None,
) -> list[Document]:
    """The arrivals, alike but for their organization and number: one built (the same
    fields as `incoming_deliver`'s), the others inserted from it (core.rows_insert), and
    each returned as if read back (no model built field by field per recipient)."""
    template = arrival_document(
        source=source,
        recipient=organizations[0],
        allocation=allocations[organizations[0].pk],
        arrival=today,
        registered_at=now,
        metadata_only=not with_file,
        actor=actor,
    )
    template.has_file = with_file
    template.search_text = search_text_for(template)
    varying = ["organization_id", "register_sequence_id", "register_number"]
    rows = [(o.pk, allocations[o.pk].sequence.pk, allocations[o.pk].number) for o in organizations]
    ids = dict(
        (organization, pk)
        for pk, organization in rows_insert(
            template, varying=varying, rows=rows, returning=["pk", "organization_id"]
        )
    )
    names = [f.attname for f in Document._meta.concrete_fields]
    common = {name: getattr(template, name) for name in names}
    arrivals = []
    for row in rows:
        values = {**common, **dict(zip(varying, row, strict=True)), "id": ids[row[0]]}
        arrivals.append(Document.from_db(Document.objects.db, names, [values[n] for n in names]))
    return arrivals


def _notices(
    documents: Sequence[Document],
    names: dict[int, dict[str, str]],
    clerks: dict[int, list[User]],
    assigners: dict[int, list[User]],
) -> list[Notice]:
    """The clerks' "arrived" notice of each arrival, naming its organization (`names`: its
    `arrival_params`), and the assigners' of an urgent one, naming it too."""
    notices: list[Notice] = []
    # One reverse() for all: the detail URL with a marker put in place of each id.
    marker = 987654321987
    detail = reverse("documents:detail", args=[marker])
    for d in documents:
        targets = [(clerks, NotificationKind.ARRIVED, names[d.organization_id])]
        if d.urgency:
            targets.append((assigners, NotificationKind.URGENT, names[d.organization_id]))
        for people, kind, params in targets:
            notices.append(
                Notice(
                    recipients=[
                        u
                        for u in people[d.organization_id]
                        if not d.secrecy or can_clear(u, d.secrecy)
                    ],
                    kind=f"documents.{kind}",
                    title=d.subject,
                    url=detail.replace(str(marker), str(d.pk)),
                    urgent=d.urgency > 0,
                    organization_id=d.organization_id,
                    target=d,
                    params=params,
                )
            )
    return notices


@outbox_handler(SEARCH_REFRESH, lease=dt.timedelta(minutes=30))
def arrivals_index(message: OutboxMessage) -> None:
    """Write the search entries of a batch of arrivals (again: the same entries)."""
    for pk in message.payload["documents"]:
        if Document.objects.filter(pk=pk).exists():
            search_entry_refresh(pk)
