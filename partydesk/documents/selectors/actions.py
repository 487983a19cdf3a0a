"""What the viewer may do next on a document: drives which forms the detail page shows
(the services check the same rules again when the form is sent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from partydesk.documents.models import (
    AssignmentRole,
    AssignmentStatus,
    Direction,
    Document,
    IncomingAssignment,
    ReviewStep,
    Status,
)
from partydesk.documents.permissions import (
    can_assign_documents,
    can_decide_review_step,
    can_draft_documents,
    can_issue_documents,
    can_register_documents,
    can_sign_document,
    can_subassign,
    is_assignee,
)
from partydesk.documents.selectors.access import Viewer


@dataclass
class Actions:
    """Flags and per-assignment lists for the detail page."""

    add_file: bool = False
    assign: bool = False
    note: bool = False
    file: bool = False
    reopen: bool = False
    complete: list[IncomingAssignment] = field(default_factory=list)
    subassign: list[IncomingAssignment] = field(default_factory=list)
    edit_draft: bool = False
    submit: bool = False
    cancel: bool = False
    review: ReviewStep | None = None
    sign: bool = False
    issue: bool = False
    release: bool = False
    archive: bool = False
    name_readers: bool = False

    @property
    def any(self) -> bool:
        return any(
            [
                self.add_file,
                self.assign,
                self.note,
                self.file,
                self.reopen,
                self.complete,
                self.subassign,
                self.edit_draft,
                self.submit,
                self.cancel,
                self.review,
                self.sign,
                self.issue,
                self.release,
                self.archive,
            ]
        )


def available_actions(
    viewer: Viewer,
    document: Document,
    assignments: list[IncomingAssignment],
    pending_step: ReviewStep | None,
) -> Actions:
    user, grants, org = viewer.user, viewer.grants, document.organization
    actions = Actions()
    registers = can_register_documents(grants, org)
    leads = can_assign_documents(grants, org)
    issues = can_issue_documents(grants, org)
    if document.direction == Direction.INCOMING:
        open_handling = document.status in (Status.ASSIGNED, Status.IN_PROGRESS)
        actions.add_file = (
            registers and not document.metadata_only and document.status != Status.FILED
        )
        actions.assign = leads and document.status == Status.REGISTERED
        actions.reopen = leads and document.status == Status.COMPLETED
        for a in assignments:
            if a.status == AssignmentStatus.DONE or a.role == AssignmentRole.INFO:
                continue
            if not open_handling:
                continue
            if is_assignee(user, grants, a):
                actions.complete.append(a)
            if can_subassign(user, grants, a):
                actions.subassign.append(a)
        actions.note = open_handling and (leads or bool(actions.complete))
        lead = next(
            (a for a in assignments if a.parent_id is None and a.role == AssignmentRole.LEAD), None
        )
        actions.file = (document.status == Status.REGISTERED and registers) or (
            document.status == Status.COMPLETED
            and (registers or (lead is not None and is_assignee(user, grants, lead)))
        )
        actions.name_readers = bool(document.secrecy) and (registers or leads)
        return actions
    drafter = document.created_by_id == user.pk
    actions.edit_draft = document.status == Status.DRAFT and (
        drafter or can_draft_documents(grants, org)
    )
    actions.submit = actions.edit_draft
    actions.cancel = actions.edit_draft
    if pending_step is not None and can_decide_review_step(user, grants, pending_step):
        actions.review = pending_step
    actions.sign = document.status == Status.APPROVED and can_sign_document(user, grants, document)
    actions.issue = issues and (
        document.status == Status.SIGNED
        or (document.status == Status.APPROVED and bool(document.secrecy))
    )
    actions.release = issues and document.status == Status.ISSUED
    actions.archive = issues and document.status == Status.RELEASED
    actions.name_readers = bool(document.secrecy) and (drafter or issues)
    return actions
