"""Congresses are kept by meetings (ADR 0011 "Owners", ADR 0024): recorded and corrected on
meetings' pages, offered to documents' drafters and used to number a congress's documents
through documents' congress book, and moved here from documents without losing a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.documents.congresses import congress_get, congresses_open_for
from partydesk.documents.models import Document, NumberSequence
from partydesk.documents.services.outgoing import document_issue, document_sign
from partydesk.documents.tests.conftest import office_root  # noqa: F401
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.meetings.models import Congress
from partydesk.meetings.services.congresses import CongressFields, congress_create

pytestmark = pytest.mark.django_db


def record(organization, *, days_ago: int = 1, name: str = "Đại hội lần thứ III") -> Congress:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return congress_create(
        actor=SYSTEM,
        organization=organization,
        fields=CongressFields(
            name=name,
            opens_on=today - dt.timedelta(days=days_ago),
            closes_on=today - dt.timedelta(days=days_ago) + dt.timedelta(days=2),
        ),
    )


def test_the_organizer_records_and_corrects_a_congress_audited(organizer, organizer_b, tree):
    client = verified_client(organizer)
    assert client.get(reverse("meetings:congresses")).status_code == 200
    response = client.post(
        reverse("meetings:congress_new"),
        {"name": "Đại hội XV", "opens_on": "2030-09-12", "closes_on": "2030-09-10"},
    )
    assert response.status_code == 400
    assert "closes after it opens" in response.content.decode()
    assert not Congress.objects.exists()
    response = client.post(
        reverse("meetings:congress_new"),
        {"name": "  Đại hội   XV ", "opens_on": "2030-09-10", "closes_on": "2030-09-12"},
    )
    assert response.status_code == 302
    congress = Congress.objects.get()
    assert (congress.organization, congress.name) == (tree.committee_a, "Đại hội XV")
    response = client.post(
        reverse("meetings:congress_edit", args=[congress.pk]),
        {"name": "Đại hội lần thứ XV", "opens_on": "2030-09-10", "closes_on": "2030-09-13"},
    )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.closes_on == dt.date(2030, 9, 13) and congress.name == "Đại hội lần thứ XV"
    actions = list(
        AuditEvent.objects.filter(action__startswith="meetings.congress.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["meetings.congress.created", "meetings.congress.changed"]
    page = client.get(reverse("meetings:congresses")).content.decode()
    assert "Đại hội lần thứ XV" in page and "13/09/2030" in page
    # Another organization's congress is not found, on its page and in its list
    other = verified_client(organizer_b)
    assert other.get(reverse("meetings:congress_edit", args=[congress.pk])).status_code == 404
    assert "Đại hội lần thứ XV" not in other.get(reverse("meetings:congresses")).content.decode()


def test_who_may_see_the_congresses_may_not_record_one(tree):
    viewer = make_user("viewer", organization=tree.committee_a, role="specialist", two_factor=True)
    congress = record(tree.committee_a)
    client = verified_client(viewer)
    page = client.get(reverse("meetings:congresses")).content.decode()
    assert congress.name in page and reverse("meetings:congress_new") not in page
    assert client.get(reverse("meetings:congress_new")).status_code == 403
    assert client.get(reverse("meetings:congress_edit", args=[congress.pk])).status_code == 403


def test_documents_reads_congresses_through_its_book(tree):
    today = timezone.localdate()
    current = record(tree.committee_a)
    record(tree.committee_a, days_ago=400, name="Đại hội lần thứ II")  # closed: not offered
    record(tree.committee_b)
    offered = congresses_open_for(tree.committee_a.pk, today)
    assert [c.pk for c in offered] == [current.pk]
    found = congress_get(current.pk)
    assert found is not None and (found.name, found.opens_on) == (current.name, current.opens_on)
    assert congress_get(None) is None and congress_get(current.pk + 1000) is None


def test_a_congress_document_is_drafted_numbered_in_the_congress_sequence_and_shows_it(
    office_root,  # noqa: F811
    tree,
    signing,
):
    congress = record(tree.root)
    foreign = record(tree.committee_a, name="Đại hội của A")
    # The drafting page offers the Bloc's open congress, not another organization's
    client = verified_client(office_root.specialist)
    page = client.get(reverse("documents:draft_new")).content.decode()
    assert congress.name in page and foreign.name not in page
    with pytest.raises(InvalidInput, match="congress of this organization"):
        draft(office_root, congress=congress_get(foreign.pk))
    # A congress document takes the first number of the congress's one sequence
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, congress=congress_get(congress.pk)))
    assert document.congress_id == congress.pk
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=Document.objects.get(pk=document.pk))
    document.refresh_from_db()
    assert document.number_symbol == "Số 01-NQ/ĐUK"
    sequence = NumberSequence.objects.get(period_kind="congress")
    assert (sequence.period_key, sequence.type_key) == (str(congress.pk), "")
    # And its page names the congress
    reader = verified_client(office_root.clerk)
    page = reader.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert congress.name in page


BEFORE = [("documents", "0009_drop_incoming_assignment"), ("meetings", "0009_election_trustees")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.one_database("postgresql")  # a migration round trip: minutes
@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_keeps_every_congress_its_id_and_its_documents(office_root):  # noqa: F811
    """A database at main's state before the move, with congresses (ids with a gap) and a
    document of one of them: after the migrations every congress is in meetings with its id,
    the document still names it, and a new congress takes an id past them (PostgreSQL's
    sequence was moved)."""
    document = draft(office_root)
    try:
        old = _migrate(BEFORE)
        old_congress = old.get_model("documents", "Congress")
        kept = [
            old_congress.objects.create(
                pk=pk,
                organization_id=organization.pk,
                name=name,
                opens_on=dt.date(2025, 8, 19),
                closes_on=dt.date(2025, 8, 20),
            )
            for pk, organization, name in (
                (3, office_root.organization, "Đại hội Đảng bộ Khối lần thứ III"),
                (8, office_root.organization, "Đại hội bất thường"),
            )
        ]
        old.get_model("documents", "Document").objects.filter(pk=document.pk).update(
            congress=kept[1].pk
        )
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = list(Congress.objects.order_by("pk").values_list("pk", "organization_id", "name"))
    assert moved == [(c.pk, c.organization_id, c.name) for c in kept]
    assert Document.objects.get(pk=document.pk).congress_id == 8
    assert congress_get(8) is not None and congress_get(8).name == "Đại hội bất thường"  # type: ignore[union-attr]
    assert Congress.objects.get(pk=3).opens_on == dt.date(2025, 8, 19)
    later = record(office_root.organization, name="Đại hội lần thứ IV")
    assert later.pk > 8
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "documents_congress" not in tables and "meetings_congress" in tables
    connection.check_constraints()
