"""Demo step: every demo organization gets its exchange identifier (OrganId) from the day the
Bloc committee was founded, so packages can be downloaded and uploaded right away; and the
documents the committee released in the demo's year are tracked deliveries, each with the
statuses its recipients' moves report (exchange's history service), so the sender's status
page shows the timeline; a few of them were recalled and a few replaced by a later document,
through the live services (the clerk's request, each recipient's copy cancelled, 13 → 15).

The codes follow the shape of QCVN 102:2016 in Nghệ An (H40); their numbering is the demo's
own (one running number over the tree in path order), not an allocation by the authority.
"""

from __future__ import annotations

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import RoleGrant
from partydesk.core.http import SYSTEM
from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.demo.committee import FOUNDED_ON
from partydesk.demo.context import DemoContext
from partydesk.documents.models import Document
from partydesk.exchange.models import BusinessType, OutgoingPackage, StatusCode, Transfer
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.services.backfill import DeliveryHistory, package_history_bulk_record
from partydesk.exchange.services.business import (
    LOCAL_BUSINESS,
    business_deliver_local,
    business_request,
)
from partydesk.exchange.services.organ_ids import organ_id_bulk_assign
from partydesk.organizations.models import Organization, path_prefix_q

PROVINCE = "H40"


REGISTERED = {StatusCode.REGISTERED, StatusCode.ASSIGNED, StatusCode.IN_PROGRESS}


def demo_organ_id(n: int) -> str:
    """000.00.01.H40 for the root, then 000.01.01.H40, …, 001.00.01.H40, …"""
    return f"{n // 100:03d}.{n % 100:02d}.01.{PROVINCE}"


def seed(ctx: DemoContext) -> None:
    """One identifier per organization of the demo tree, in one service call."""
    if ctx.root is None:
        return
    organizations = Organization.objects.filter(path_prefix_q(ctx.root.path)).order_by("path")
    rows = organ_id_bulk_assign(
        actor=SYSTEM,
        assignments=[(org, demo_organ_id(n)) for n, org in enumerate(organizations)],
        valid_from=FOUNDED_ON,
    )
    ctx.count("exchange identifiers", len(rows))
    track_deliveries(ctx)
    recall_and_replace(ctx)


def track_deliveries(ctx: DemoContext) -> None:
    """The packages of the documents step's deliveries (`ctx.extra["deliveries"]`: source id,
    recipient id, sent at, the recipient's moves), in one service call."""
    deliveries = ctx.extra.get("deliveries", [])
    if not deliveries:
        return
    sources = Document.objects.in_bulk({source for source, *_rest in deliveries})
    packages = package_history_bulk_record(
        actor=None,
        histories=[
            DeliveryHistory(
                document=sources[source], organization_id=recipient, sent_at=sent, moves=moves
            )
            for source, recipient, sent, moves in deliveries
        ],
    )
    ctx.count("tracked deliveries", len(packages))


RECALLS, REPLACEMENTS = 3, 2
RECALL_REASON = "Văn bản ban hành chưa đúng thẩm quyền; đề nghị các đơn vị hủy bỏ."
REPLACE_REASON = "Văn bản có sai sót về số liệu; thay thế bằng văn bản mới."


def _root_clerk(ctx: DemoContext) -> Actor | None:
    """Someone of the committee's office who may recall its documents."""
    assert ctx.root is not None
    for grant in RoleGrant.objects.filter(organization=ctx.root).select_related("user"):
        grants = list(grant.user.role_grants.select_related("role", "organization"))
        actor = Actor(user=grant.user, grants=grants, scope=ctx.root)
        if actor.can(PACKAGE):
            return actor
    return None


def _held(ctx: DemoContext) -> dict[int, tuple[Document, frozenset[int]]]:
    """The committee's released documents some recipient registered (one query): document id
    -> (document, every recipient holding it, by the rule business_request applies: a new
    package not rejected nor refused), oldest first."""
    held: dict[int, tuple[Document, set[int]]] = {}
    registered: set[int] = set()
    for package in (
        OutgoingPackage.objects.filter(
            document__organization=ctx.root, business_type=BusinessType.NEW
        )
        .exclude(status=StatusCode.REJECTED)
        .exclude(transfer=Transfer.REFUSED)
        .select_related("document")
        .order_by("document__released_at", "document_id")
    ):
        held.setdefault(package.document_id, (package.document, set()))[1].add(
            package.organization_id
        )
        if package.status in REGISTERED:
            registered.add(package.document_id)
    return {pk: (doc, frozenset(orgs)) for pk, (doc, orgs) in held.items() if pk in registered}


def recall_and_replace(ctx: DemoContext) -> None:
    """A few documents recalled and a few replaced by a later one released to the same
    recipients, through business_request and each recipient's answer (the outbox messages
    are handled here, so the demo does not wait for a worker)."""
    actor = _root_clerk(ctx) if ctx.root is not None else None
    if actor is None:
        return
    held = _held(ctx)
    documents = list(held.values())
    replaced: list[tuple[Document, Document]] = []
    used: set[int] = set()
    for n, (old, recipients) in enumerate(documents):
        if len(replaced) == REPLACEMENTS:
            break
        new = next((d for d, r in documents[n + 1 :] if d.pk not in used and recipients <= r), None)
        if new is not None and old.pk not in used:
            replaced.append((old, new))
            used |= {old.pk, new.pk}
    recalled = [d for d, _r in reversed(documents) if d.pk not in used][:RECALLS]
    packages = [
        *(
            p
            for d in recalled
            for p in business_request(
                actor=actor, document=d, business_type=BusinessType.RECALL, reason=RECALL_REASON
            )
        ),
        *(
            p
            for old, new in replaced
            for p in business_request(
                actor=actor,
                document=old,
                business_type=BusinessType.REPLACE,
                reason=REPLACE_REASON,
                replacement=new,
            )
        ),
    ]
    messages = OutboxMessage.objects.filter(
        kind=LOCAL_BUSINESS,
        status=OutboxStatus.PENDING,
        payload__package__in=[p.pk for p in packages],
    )
    for message in messages:
        business_deliver_local(message)
    ctx.count("documents recalled", len(recalled))
    ctx.count("documents replaced", len(replaced))
