"""Released documents arriving at the grassroots committees, and the search index."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from partydesk.demo.documents.handling import plan_handling, record_handling, units_of
from partydesk.demo.documents.sealing import Reports
from partydesk.demo.documents.world import World
from partydesk.documents.models import (
    Document,
    DocumentEvent,
    DocumentReader,
    DocumentRecipient,
    DocumentVersion,
    VersionKind,
)
from partydesk.documents.services.incoming.deliver import arrival_document, arrival_event
from partydesk.documents.services.numbering import (
    Allocation,
    SequenceKey,
    incoming_key,
    number_allocate_block,
)
from partydesk.documents.services.records import search_kind
from partydesk.organizations.models import Organization
from partydesk.search.services import search_index_upsert


def deliver(world: World, released: list[Document], clerk) -> list[Document]:  # type: ignore[no-untyped-def]
    """Each released document arrives, registered, at two grassroots committees."""
    rng = world.rng
    if not world.committees:
        return []
    first = next((c for c in world.committees if c.code == "du-syt"), world.committees[0])
    others = [c for c in world.committees if c.pk != first.pk] or [first]
    recipients: list[tuple[Document, Organization]] = []
    for source in sorted(released, key=lambda d: d.released_at or d.issued_at):  # type: ignore[arg-type, return-value]
        other = rng.choice(others)
        recipients.extend(
            (source, target) for target in {first.pk: first, other.pk: other}.values()
        )
    # The arrival numbers come from the numbering service, one block per register and year;
    # each arrival is the delivery service's own record of what arrives.
    keys = [incoming_key(organization=t, arrival=s.dispatched_on) for s, t in recipients]  # type: ignore[arg-type]
    counts = Counter(keys)
    blocks = {key: number_allocate_block(key, n) for key, n in counts.items()}
    taken: Counter[SequenceKey] = Counter()
    deliveries: list[Document] = []
    units = units_of(world.committees)
    plans = []
    for (source, target), key in zip(recipients, keys, strict=True):
        assert source.dispatched_on is not None
        block = blocks[key]
        allocation = Allocation(sequence=block.sequence, number=block.number + taken[key])
        taken[key] += 1
        d = arrival_document(
            source=source,
            recipient=target,
            allocation=allocation,
            arrival=source.dispatched_on,
            registered_at=source.released_at,
            metadata_only=False,
            actor=clerk,
        )
        plans.append(plan_handling(world, d, units))
        d.has_file = True
        d.search_text = source.search_text
        deliveries.append(d)
    created = Document.objects.bulk_create(deliveries, batch_size=500)
    source_files = {
        v.document_id: v.file
        for v in DocumentVersion.objects.filter(document__in=released).select_related("file")
    }
    reports = Reports()
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                number=1,
                kind=VersionKind.RECEIVED,
                file=source_files[d.source_document_id],
                original_name=f"{d.code_number}-{d.code_notation.replace('/', '-')}.pdf",
                signature_report=reports.of(source_files[d.source_document_id]),
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
        [arrival_event(d) for d in created],
        batch_size=1000,
    )
    record_handling(world, created, plans, clerk)
    return created


def index(documents: list[Document]) -> None:
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
