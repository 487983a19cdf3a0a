"""Work given while an incoming document is handled is the same assignment system: every
assignment documents makes, starts, completes or reopens is one of this app's, made and
moved in the same step, and the rows documents kept before its table was dropped are taken
over with their history by the migrations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partydesk.assignments.models import Assignment, Role, SourceKind, State
from partydesk.documents.services.incoming import (
    Assignee,
    assignment_complete,
    assignment_subassign,
    incoming_assign,
    incoming_reopen,
)
from partydesk.documents.tests.factories import make_staff
from partydesk.documents.tests.test_views import register
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org


def test_handling_an_incoming_document_makes_and_moves_assignments_here(office_a, tree):
    department = make_org(
        "Ban Tổ chức Đảng ủy", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT
    )
    head = make_staff("dept_head", department, "department_head")
    document = register(office_a)
    lead, info = incoming_assign(
        actor=office_a.secretary,
        document=document,
        lead=Assignee(organization=department),
        for_information=[Assignee(user=office_a.clerk)],
        instruction="Ban Tổ chức chủ trì",
        working_days=5,
    )
    kept = Assignment.objects.get(pk=lead.pk)
    assert kept.on_document and kept.incoming_assignment_id is None
    assert kept.source_kind == SourceKind.INCOMING and kept.source_id == document.pk
    assert kept.lead_unit == department and kept.deadline == lead.deadline
    assert kept.title == document.subject and kept.content == "Ban Tổ chức chủ trì"
    assert Assignment.objects.get(pk=info.pk).role == Role.INFO
    child = assignment_subassign(
        actor=head, assignment=lead, user=office_a.specialist, instruction="Đồng chí xử lý"
    )
    kept_child = Assignment.objects.get(pk=child.pk)
    kept.refresh_from_db()
    assert kept_child.parent == kept and kept.state == State.IN_PROGRESS
    assignment_complete(actor=office_a.specialist, assignment=child, report="Đã dự thảo")
    assignment_complete(actor=head, assignment=lead, report="Đã trả lời")
    kept.refresh_from_db()
    assert kept.state == State.DONE and kept.report == "Đã trả lời"
    assert [e.action for e in kept.events.all()] == ["created", "started", "completed"]
    incoming_reopen(actor=office_a.secretary, document=document, reason="Bổ sung số liệu")
    kept.refresh_from_db()
    assert kept.state == State.IN_PROGRESS and kept.completed_at is None
    assert kept.events.last().action == "reopened"  # type: ignore[union-attr]


BEFORE = [("documents", "0008_co_signers"), ("assignments", "0006_calendar_feed_evaluation_steps")]


@pytest.mark.one_database("postgresql")  # a migration round trip: minutes
@pytest.mark.django_db(transaction=True)
def test_a_database_with_documents_rows_keeps_every_assignment_and_its_history(office_a):
    """An installation upgraded from before the drop: rows kept by the keeper stay as they
    are, rows it never saw are taken over (parents first, with their history), and all are
    then handled on the document's page."""
    document = register(office_a)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    incoming = old.get_model("documents", "IncomingAssignment")
    kept_model = old.get_model("assignments", "Assignment")
    lead = incoming.objects.create(
        document_id=document.pk,
        role="lead",
        user_id=office_a.specialist.pk,
        assigned_by_id=office_a.secretary.pk,
        instruction="Chủ trì",
        status="done",
        report="Xong",
        completed_at=timezone.now() + dt.timedelta(hours=1),
    )
    child = incoming.objects.create(
        document_id=document.pk, parent=lead, role="lead", user_id=office_a.clerk.pk
    )
    already = incoming.objects.create(
        document_id=document.pk, role="info", user_id=office_a.secretary.pk
    )
    kept_model.objects.create(
        organization_id=document.organization_id,
        source_kind="incoming",
        source_id=document.pk,
        incoming_assignment_id=already.pk,
        role="info",
        title="Đã giữ",
        lead_user_id=office_a.secretary.pk,
        start_date=document.arrival_date,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = Assignment.objects.filter(source_id=document.pk)
    assert rows.count() == 3 and all(a.on_document for a in rows)
    copied = rows.get(incoming_assignment_id=lead.pk)
    assert copied.state == State.DONE and copied.lead_user == office_a.specialist
    assert copied.report == "Xong" and copied.content == "Chủ trì"
    assert [e.action for e in copied.events.all()] == ["created", "completed"]
    assert rows.get(incoming_assignment_id=child.pk).parent == copied
    assert rows.get(incoming_assignment_id=already.pk).title == "Đã giữ"  # not copied twice
