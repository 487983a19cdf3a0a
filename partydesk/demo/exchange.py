"""Demo step: every demo organization gets its exchange identifier (OrganId) from the day the
Bloc committee was founded, so packages can be downloaded and uploaded right away; and the
documents the committee released in the demo's year are tracked deliveries, each with the
statuses its recipients' moves report (exchange's history service), so the sender's status
page shows the timeline.

The codes follow the shape of QCVN 102:2016 in Nghệ An (H40); their numbering is the demo's
own (one running number over the tree in path order), not an allocation by the authority.
"""

from __future__ import annotations

from partydesk.core.http import SYSTEM
from partydesk.demo.committee import FOUNDED_ON
from partydesk.demo.context import DemoContext
from partydesk.documents.models import Document
from partydesk.exchange.services.backfill import DeliveryHistory, package_history_bulk_record
from partydesk.exchange.services.organ_ids import organ_id_bulk_assign
from partydesk.organizations.models import Organization, path_prefix_q

PROVINCE = "H40"


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
