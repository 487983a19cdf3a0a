"""Work given while an incoming document is handled is the same assignment system: every
assignment documents makes, starts, completes or reopens is kept here in the same step,
and the rows documents had before this app existed are copied with their history."""

from __future__ import annotations

import importlib

from django.apps import apps

from partydesk.assignments.models import Assignment, Role, SourceKind, State
from partydesk.assignments.services.keeper import assignments_copy_incoming
from partydesk.documents.models import IncomingAssignment
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


def test_handling_an_incoming_document_moves_its_assignments_here(office_a, tree):
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
    kept = Assignment.objects.get(incoming_assignment_id=lead.pk)
    assert kept.source_kind == SourceKind.INCOMING and kept.source_id == document.pk
    assert kept.lead_unit == department and kept.deadline == lead.deadline
    assert kept.title == document.subject and kept.content == "Ban Tổ chức chủ trì"
    assert Assignment.objects.get(incoming_assignment_id=info.pk).role == Role.INFO
    child = assignment_subassign(
        actor=head, assignment=lead, user=office_a.specialist, instruction="Đồng chí xử lý"
    )
    kept_child = Assignment.objects.get(incoming_assignment_id=child.pk)
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


def test_rows_made_before_the_app_are_copied_once_with_their_history(office_a):
    document = register(office_a)
    (lead,) = incoming_assign(
        actor=office_a.secretary, document=document, lead=Assignee(user=office_a.specialist)
    )
    assignment_complete(actor=office_a.specialist, assignment=lead, report="Xong")
    child = IncomingAssignment.objects.create(
        document=document, parent=lead, role="lead", user=office_a.clerk, status="open"
    )
    # As if the app had not been there: forget what the keeper wrote
    Assignment.objects.all().delete()
    migration = importlib.import_module(
        "partydesk.assignments.migrations.0002_copy_incoming_assignments"
    )
    migration.copy(apps, None)
    migration.copy(apps, None)  # a second run copies nothing more
    copied = Assignment.objects.get(incoming_assignment_id=lead.pk)
    assert copied.state == State.DONE and copied.lead_user == office_a.specialist
    assert [e.action for e in copied.events.all()] == ["created", "completed"]
    assert Assignment.objects.get(incoming_assignment_id=child.pk).parent == copied
    assert Assignment.objects.count() == 2
    # the demo's bulk path gives the same result
    Assignment.objects.all().delete()
    assert assignments_copy_incoming() == 2
    assert assignments_copy_incoming() == 0
    copied_child = Assignment.objects.get(incoming_assignment_id=child.pk)
    assert copied_child.parent_id == Assignment.objects.get(incoming_assignment_id=lead.pk).pk
