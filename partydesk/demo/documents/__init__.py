"""Demo step: a year of documents for the Bloc committee and its grassroots committees.

Incoming letters from the province (registered, assigned, handled, filed, some overdue,
some urgent, a few classified), the committee's own numbered resolutions, decisions, plans
and letters released to grassroots committees (which find them registered on arrival), and
a handful of drafts in review, awaiting signature and awaiting issue, so that every demo
login has work on its dashboard.

Written with bulk_create (docs/decisions/0002), but every register number comes from the
numbering service (`number_allocate_block`: the same sequences and keys as a real issue) and
every arrival is built by the delivery service's own builder (`arrival_document`), so the
demo cannot drift from the rules. A document flagged digitally signed carries a really
signed PDF: the newest released ones are sealed by the committee, older ones were signed on
paper (sealing thousands of PDFs would take minutes), and received copies carry the
validator's own report.

Modules: texts (what the letters say), world (shared helpers and PDFs), sealing (signatures
and their checks), incoming, outgoing, delivery (arrivals at the grassroots committees and
the search index).
"""

from __future__ import annotations

import datetime as dt

from partydesk.demo.context import DemoContext
from partydesk.demo.documents.delivery import index
from partydesk.demo.documents.incoming import seed_incoming
from partydesk.demo.documents.outgoing import seed_outgoing
from partydesk.demo.documents.world import World, pdf_pool, raise_clearance
from partydesk.documents.models import DocumentType


def seed(ctx: DemoContext) -> None:
    """A year of incoming and outgoing documents (a few thousand rows, bulk written)."""
    assert ctx.root is not None
    rng = ctx.rng
    root = ctx.root
    term = ctx.terms.get(root.pk)
    today = ctx.today
    start = max(today - dt.timedelta(days=364), term.starts_on if term else today)
    world = World(
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
    raise_clearance(cleared, 2)
    pool = pdf_pool(world)
    incoming = seed_incoming(world, pool)
    outgoing, deliveries = seed_outgoing(world, term)
    documents = incoming + outgoing + deliveries
    index(documents)
    ctx.count("documents (incoming)", len(incoming) + len(deliveries))
    ctx.count("documents (outgoing)", len(outgoing))
