"""Pure predicates over a user's grants: who may register, assign, handle, draft, review,
sign, issue and see which document."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.permissions import can_see_secrecy, has_capability
from partydesk.documents.keeper import AssignmentRole, HandlingAssignment
from partydesk.documents.models import (
    Direction,
    Document,
    ReviewStep,
    ReviewStepKind,
    Status,
)
from partydesk.organizations.models import Organization

Grants = Iterable[RoleGrant]

# What the portal may show: a document numbered and issued, released or archived after.
PUBLISHABLE_STATUSES = frozenset({Status.ISSUED, Status.RELEASED, Status.ARCHIVED})


def can_register_documents(grants: Grants, organization: Organization) -> bool:
    return has_capability(grants, "documents.register", organization)


def can_assign_documents(grants: Grants, organization: Organization) -> bool:
    return has_capability(grants, "documents.assign", organization)


def can_draft_documents(grants: Grants, organization: Organization) -> bool:
    return has_capability(grants, "documents.draft", organization)


def can_issue_documents(grants: Grants, organization: Organization) -> bool:
    return has_capability(grants, "documents.issue", organization)


def can_view_documents(grants: Grants, organization: Organization) -> bool:
    return has_capability(grants, "documents.view", organization)


def can_manage_reference_data(grants: Grants, organization: Organization) -> bool:
    """Administrators (and the office chief, who runs the registers) edit types and chains."""
    return has_capability(grants, "organizations.manage", organization) or (
        has_capability(grants, "documents.issue", organization)
        and has_capability(grants, "documents.review", organization)
    )


def holds_role(grants: Grants, role_id: int, organization: Organization) -> bool:
    return any(g.role_id == role_id and organization.is_within(g.organization) for g in grants)


def can_clear(user: User, secrecy: int) -> bool:
    """The user's clearance reaches the document's secrecy level."""
    return can_see_secrecy(user, secrecy)


def can_decide_review_step(user: User, grants: Grants, step: ReviewStep) -> bool:
    """The step's role on the document's organization; an approval also needs approve rights."""
    org = step.document.organization
    if not holds_role(grants, step.role_id, org):
        return False
    if step.kind == ReviewStepKind.APPROVE:
        return has_capability(grants, "documents.approve", org)
    return has_capability(grants, "documents.review", org)


def is_assignee(user: User, grants: Grants, assignment: HandlingAssignment) -> bool:
    """The person assigned, or someone who handles documents in the assigned unit."""
    if assignment.user_id is not None:
        return assignment.user_id == user.pk
    assert assignment.organization is not None
    return has_capability(grants, "documents.handle", assignment.organization) or has_capability(
        grants, "documents.assign", assignment.organization
    )


def can_subassign(user: User, grants: Grants, assignment: HandlingAssignment) -> bool:
    """A unit's head passes a unit assignment to one of its people (or anyone assigned
    personally as lead may delegate within their unit)."""
    if assignment.organization_id is not None:
        assert assignment.organization is not None
        return has_capability(grants, "documents.assign", assignment.organization)
    return assignment.user_id == user.pk and has_capability(
        grants, "documents.assign", assignment.document.organization
    )


# One predicate per business verb: the document's state and the user's role together. The
# service calls it before it acts, and the detail page calls it to offer the action, so the
# two cannot disagree. (The workflow table in transitions.py still guards every move.)

HANDLING = (Status.ASSIGNED, Status.IN_PROGRESS)


def can_attach_document(user: User, grants: Grants, document: Document) -> bool:
    """The clerk adds a scan or an electronic copy to a registered document until it is filed."""
    return (
        can_register_documents(grants, document.organization)
        and not document.metadata_only
        and document.status != Status.FILED
    )


def can_assign_document(user: User, grants: Grants, document: Document) -> bool:
    """A leader assigns a freshly registered document."""
    return document.status == Status.REGISTERED and can_assign_documents(
        grants, document.organization
    )


def can_reopen_document(user: User, grants: Grants, document: Document) -> bool:
    """A leader sends handled work back."""
    return document.status == Status.COMPLETED and can_assign_documents(
        grants, document.organization
    )


def can_complete_assignment(user: User, grants: Grants, assignment: HandlingAssignment) -> bool:
    """The assignee reports an open handling assignment done (not one for information)."""
    return (
        not assignment.is_done
        and assignment.role != AssignmentRole.INFO
        and assignment.document.status in HANDLING
        and is_assignee(user, grants, assignment)
    )


def can_subassign_assignment(user: User, grants: Grants, assignment: HandlingAssignment) -> bool:
    """An open handling assignment is passed on inside the unit by its head."""
    return (
        not assignment.is_done
        and assignment.role != AssignmentRole.INFO
        and assignment.document.status in HANDLING
        and can_subassign(user, grants, assignment)
    )


def can_note_document(
    user: User, grants: Grants, document: Document, assignments: Iterable[HandlingAssignment]
) -> bool:
    """While it is handled, a leader or anyone with an open assignment on it adds notes."""
    if document.status not in HANDLING:
        return False
    return can_assign_documents(grants, document.organization) or any(
        can_complete_assignment(user, grants, a) for a in assignments
    )


def can_file_document(
    user: User, grants: Grants, document: Document, lead: HandlingAssignment | None
) -> bool:
    """The clerk files a document for information at once, or a handled one; the lead
    handler may file what they handled."""
    registers = can_register_documents(grants, document.organization)
    if document.status == Status.REGISTERED:
        return registers
    if document.status == Status.COMPLETED:
        return registers or (lead is not None and is_assignee(user, grants, lead))
    return False


def can_edit_draft_document(user: User, grants: Grants, document: Document) -> bool:
    """Its drafter, or a drafter of the organization, changes a draft, submits or abandons it."""
    return document.status == Status.DRAFT and (
        document.created_by_id == user.pk or can_draft_documents(grants, document.organization)
    )


can_submit_document = can_edit_draft_document


def can_withdraw_document(user: User, grants: Grants, document: Document) -> bool:
    """Its drafter (or a drafter of the organization) takes back a draft sent for review; the
    service also requires that no step is decided yet."""
    return document.status == Status.IN_REVIEW and (
        document.created_by_id == user.pk or can_draft_documents(grants, document.organization)
    )


can_cancel_document = can_edit_draft_document


def can_review_document(
    user: User, grants: Grants, document: Document, step: ReviewStep | None
) -> bool:
    """The holder of the waiting step's role decides it."""
    return (
        document.status == Status.IN_REVIEW
        and step is not None
        and can_decide_review_step(user, grants, step)
    )


def can_sign_document(user: User, grants: Grants, document: Document) -> bool:
    """Only the designated signer, holding the signing capability, signs an approved document,
    or a co-signed one when it names co-signers (they sign first)."""
    return (
        document.status == (Status.CO_SIGNED if document.co_signer_count else Status.APPROVED)
        and document.signer_id == user.pk
        and has_capability(grants, "signatures.sign", document.organization)
    )


def can_cosign_document(user: User, document: Document, next_co_signer_id: int | None) -> bool:
    """The co-signers sign an approved document one after the other, in their order; a
    co-signature is personal, so it needs a personal certificate, not the capability to sign
    for the organization."""
    return (
        document.status == Status.APPROVED
        and bool(document.co_signer_count)
        and next_co_signer_id == user.pk
    )


def can_issue_document(user: User, grants: Grants, document: Document) -> bool:
    """The office numbers a signed document, or an approved classified one handled on paper."""
    return can_issue_documents(grants, document.organization) and (
        document.status == Status.SIGNED
        or (document.status == Status.APPROVED and bool(document.secrecy))
    )


def can_release_document(user: User, grants: Grants, document: Document) -> bool:
    return document.status == Status.ISSUED and can_issue_documents(grants, document.organization)


def can_archive_document(user: User, grants: Grants, document: Document) -> bool:
    return document.status == Status.RELEASED and can_issue_documents(grants, document.organization)


def can_publish_document(user: User, grants: Grants, document: Document) -> bool:
    """The office marks an issued, unclassified outgoing document of its own for the portal
    (or takes it back); a classified one never (also a database constraint)."""
    return (
        has_capability(grants, "documents.publish", document.organization)
        and document.direction == Direction.OUTGOING
        and document.status in PUBLISHABLE_STATUSES
        and not document.secrecy
    )
