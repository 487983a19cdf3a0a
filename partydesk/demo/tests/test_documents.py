"""The demo step: a year of documents, numbered consistently, searchable, with work waiting
for the demo logins."""

from __future__ import annotations

import subprocess
import time

from django.db import transaction
from django.db.models import Max

from partydesk.accounts.actor import Actor
from partydesk.core.services import file_read
from partydesk.demo.seed import seed_demo
from partydesk.documents.models import Direction, Document, NumberSequence, Status
from partydesk.documents.selectors.dashboard import work_waiting_for
from partydesk.documents.selectors.search import document_search
from partydesk.documents.services.numbering import incoming_key, number_allocate, outgoing_key


def test_the_demo_seeds_a_year_of_documents_quickly_and_consistently(db):
    # The seed's own CPU time: the wall clock also counts whatever else the machine runs.
    started = time.process_time()
    ctx = seed_demo(scale=0.3, log=lambda _line: None)
    seconds = time.process_time() - started
    assert seconds < 60
    incoming = Document.objects.filter(direction=Direction.INCOMING)
    outgoing = Document.objects.filter(direction=Direction.OUTGOING)
    assert incoming.count() > 300 and outgoing.count() > 50
    # every sequence stands at the highest number it gave, and numbers are unique
    for sequence in NumberSequence.objects.all():
        top = Document.objects.filter(register_sequence=sequence).aggregate(
            n=Max("register_number")
        )
        assert top["n"] == sequence.last_number
    # the documents are searchable and the demo logins have work waiting
    clerk, chief = ctx.users["vanthu"], ctx.users["truongban"]
    grants = list(clerk.role_grants.select_related("role", "organization"))
    viewer = Actor(user=clerk, grants=grants, scope=ctx.root)
    found = document_search(viewer, direction=Direction.INCOMING, text="quy hoach", filters={})
    assert found.total > 0
    chief_view = Actor(
        user=chief,
        grants=list(chief.role_grants.select_related("role", "organization")),
        scope=ctx.root,
    )
    assert work_waiting_for(chief_view, today=ctx.today).to_review
    assert Document.objects.filter(status=Status.SIGNED).exists()
    deliveries = Document.objects.filter(source_document__isnull=False)
    assert deliveries.exists() and not deliveries.filter(organization=ctx.root).exists()
    # and the next real numbers continue the demo's own sequences (the same keys): no drift
    newest = outgoing.filter(status=Status.ARCHIVED).order_by("-register_number").first()
    assert newest is not None and newest.issued_date is not None
    arrival = deliveries.order_by("-arrival_date", "-register_number").first()
    assert arrival is not None and arrival.arrival_date is not None
    with transaction.atomic():
        issued = number_allocate(
            outgoing_key(
                issuer=newest.organization,
                system=newest.system,
                document_type=newest.document_type,
                secrecy=0,
                on=newest.issued_date,
            )
        )
        arrived = number_allocate(
            incoming_key(organization=arrival.organization, arrival=arrival.arrival_date)
        )
    same_type = outgoing.filter(register_sequence=issued.sequence)
    assert issued.sequence.pk == newest.register_sequence_id
    assert issued.number == (same_type.aggregate(n=Max("register_number"))["n"] or 0) + 1
    assert arrived.sequence.pk == arrival.register_sequence_id
    assert arrived.number == (arrival.register_number or 0) + 1
    assert arrival.dedup_key  # built by the delivery service's own builder
    _every_numbered_pdf_prints_its_own_number_and_subject(outgoing)


def _every_numbered_pdf_prints_its_own_number_and_subject(outgoing) -> None:  # type: ignore[no-untyped-def]
    """What a user opens: the first page's text (pdftotext) says the register's number and
    the document's own subject (a page laid out once per type said another's)."""
    numbered = outgoing.filter(code_number__isnull=False, has_file=True)
    checked = 0
    for document in numbered.prefetch_related("versions__file"):
        version = document.versions.all()[0]
        text = subprocess.run(
            ["pdftotext", "-l", "1", "-", "-"],
            input=file_read(version.file),
            capture_output=True,
            check=True,
        ).stdout.decode()
        flat = " ".join(text.split())
        assert document.number_symbol in flat, (document.number_symbol, flat[:200])
        assert " ".join(document.subject.split()) in flat, (document.subject, flat[:300])
        checked += 1
    assert checked > 50
