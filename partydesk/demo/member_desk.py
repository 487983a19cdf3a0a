"""Demo step: the party member `dangvien` finds something on their dashboard.

Party members study the resolutions that reach their committee: Đảng bộ Sở Y tế's secretary
names dangvien on the newest resolutions and plan that arrived from the Bloc, and gives them
two tasks on them (a study report, and a recommendation whose short deadline has usually
passed), as the secretary would through the assignment form. Nothing classified: a plain
member holds no clearance.
"""

from __future__ import annotations

from partydesk.demo.context import DemoContext
from partydesk.demo.documents.delivery import index
from partydesk.demo.documents.world import add_working
from partydesk.documents.keeper import AssignmentRole, assignment_create, assignment_made
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentReader,
    ReaderReason,
    Status,
)

STUDY = "Đồng chí nghiên cứu nghị quyết, viết bài thu hoạch nộp chi bộ."
RECOMMEND = "Đồng chí đăng ký giới thiệu quần chúng ưu tú, báo cáo chi bộ."


def seed(ctx: DemoContext) -> None:
    member, secretary = ctx.users.get("dangvien"), ctx.users.get("bithu_cs")
    committee = ctx.organizations.get("du-syt")
    if member is None or secretary is None or committee is None:
        return  # a small seed may not have them
    arrived = Document.objects.filter(
        organization=committee, direction=Direction.INCOMING, secrecy=0, status=Status.REGISTERED
    )
    studied = list(arrived.filter(document_type__code="nghi-quyet").order_by("-arrival_date")[:2])
    plan = arrived.filter(document_type__code="ke-hoach").order_by("-arrival_date").first()
    named = [d for d in (*studied, plan) if d is not None]
    DocumentReader.objects.bulk_create(
        [
            DocumentReader(document=d, user=member, reason=ReaderReason.NAMED, added_by=secretary)
            for d in named
        ],
        ignore_conflicts=True,
    )
    # (document, instruction, working days): the plan's short deadline has usually passed.
    tasks = [
        (document, instruction, days)
        for document, instruction, days in (
            (studied[0] if studied else None, STUDY, 10),
            (plan, RECOMMEND, 3),
        )
        if document is not None
    ]
    for document, instruction, days in tasks:
        assert document.arrival_date is not None
        assignment_create(
            assignment_made(
                document,
                role=AssignmentRole.LEAD,
                unit_id=None,
                user_id=member.pk,
                assigner_id=secretary.pk,
                instruction=instruction,
                working_days=days,
                deadline=add_working(document.arrival_date, days),
            )
        )
        DocumentEvent.objects.create(
            document=document,
            action="assigned",
            actor=secretary,
            from_status=Status.REGISTERED,
            to_status=Status.ASSIGNED,
            note=instruction,
        )
    assigned = Document.objects.filter(pk__in=[task[0].pk for task in tasks])
    assigned.update(status=Status.ASSIGNED)
    index(list(assigned.select_related("document_type")))  # the search index keeps the status
    ctx.count("documents named to the party member", len(named))
