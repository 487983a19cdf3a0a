"""What the viewer may do next on a document: drives which forms the detail page shows.
Each flag is the verb's predicate in permissions.py, the same one its service checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from partydesk.accounts.actor import Actor
from partydesk.documents.keeper import HandlingAssignment, top_lead
from partydesk.documents.models import Decision, Direction, Document, ReviewStep, Status
from partydesk.documents.permissions import (
    can_archive_document,
    can_assign_document,
    can_assign_documents,
    can_attach_document,
    can_complete_assignment,
    can_cosign_document,
    can_edit_draft_document,
    can_file_document,
    can_issue_document,
    can_issue_documents,
    can_note_document,
    can_publish_document,
    can_register_documents,
    can_release_document,
    can_reopen_document,
    can_review_document,
    can_sign_document,
    can_subassign_assignment,
    can_withdraw_document,
)
from partydesk.documents.selectors.cosigners import next_co_signer


@dataclass
class Actions:
    """Flags and per-assignment lists for the detail page."""

    add_file: bool = False
    assign: bool = False
    note: bool = False
    file: bool = False
    reopen: bool = False
    complete: list[HandlingAssignment] = field(default_factory=list)
    subassign: list[HandlingAssignment] = field(default_factory=list)
    edit_draft: bool = False
    submit: bool = False
    withdraw: bool = False
    cancel: bool = False
    review: ReviewStep | None = None
    sign: bool = False
    issue: bool = False
    release: bool = False
    archive: bool = False
    publish: bool = False
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
                self.withdraw,
                self.cancel,
                self.review,
                self.sign,
                self.issue,
                self.release,
                self.archive,
                self.publish,
            ]
        )


def available_actions(
    viewer: Actor,
    document: Document,
    assignments: list[HandlingAssignment],
    pending_step: ReviewStep | None,
) -> Actions:
    user, grants, org = viewer.user, viewer.grants, document.organization
    actions = Actions()
    if document.direction == Direction.INCOMING:
        actions.add_file = can_attach_document(user, grants, document)
        actions.assign = can_assign_document(user, grants, document)
        actions.reopen = can_reopen_document(user, grants, document)
        actions.complete = [a for a in assignments if can_complete_assignment(user, grants, a)]
        actions.subassign = [a for a in assignments if can_subassign_assignment(user, grants, a)]
        actions.note = can_note_document(user, grants, document, assignments)
        actions.file = can_file_document(user, grants, document, top_lead(assignments))
        actions.name_readers = bool(document.secrecy) and (
            can_register_documents(grants, org) or can_assign_documents(grants, org)
        )
        return actions
    actions.edit_draft = can_edit_draft_document(user, grants, document)
    actions.submit = actions.edit_draft
    actions.cancel = actions.edit_draft
    # Before the first review only: the round's first step is still the one waiting.
    actions.withdraw = (
        pending_step is not None
        and can_withdraw_document(user, grants, document)
        and not ReviewStep.objects.filter(document=document, round=pending_step.round)
        .exclude(decision=Decision.PENDING)
        .exists()
    )
    if can_review_document(user, grants, document, pending_step):
        actions.review = pending_step
    turn = next_co_signer(document) if document.status == Status.APPROVED else None
    actions.sign = can_sign_document(user, grants, document) or can_cosign_document(
        user, document, turn.user_id if turn else None
    )
    actions.issue = can_issue_document(user, grants, document)
    actions.release = can_release_document(user, grants, document)
    actions.archive = can_archive_document(user, grants, document)
    actions.publish = can_publish_document(user, grants, document)
    actions.name_readers = bool(document.secrecy) and (
        document.created_by_id == user.pk or can_issue_documents(grants, org)
    )
    return actions
