"""Pure predicates over a user's grants: who may register, assign, handle, draft, review,
sign, issue and see which document."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.permissions import can_see_secrecy, has_capability
from partydesk.documents.models import (
    Document,
    IncomingAssignment,
    ReviewStep,
    ReviewStepKind,
)
from partydesk.organizations.models import Organization

Grants = Iterable[RoleGrant]


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


def can_sign_document(user: User, grants: Grants, document: Document) -> bool:
    """Only the designated signer, holding the signing capability, signs."""
    return document.signer_id == user.pk and has_capability(
        grants, "signatures.sign", document.organization
    )


def is_assignee(user: User, grants: Grants, assignment: IncomingAssignment) -> bool:
    """The person assigned, or someone who handles documents in the assigned unit."""
    if assignment.user_id is not None:
        return assignment.user_id == user.pk
    assert assignment.organization is not None
    return has_capability(grants, "documents.handle", assignment.organization) or has_capability(
        grants, "documents.assign", assignment.organization
    )


def can_subassign(user: User, grants: Grants, assignment: IncomingAssignment) -> bool:
    """A unit's head passes a unit assignment to one of its people (or anyone assigned
    personally as lead may delegate within their unit)."""
    if assignment.organization_id is not None:
        assert assignment.organization is not None
        return has_capability(grants, "documents.assign", assignment.organization)
    return assignment.user_id == user.pk and has_capability(
        grants, "documents.assign", assignment.document.organization
    )
