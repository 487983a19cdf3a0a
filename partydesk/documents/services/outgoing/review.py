"""Review along the configured chain, ending with an approval."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import (
    Decision,
    Document,
    DocumentType,
    NotificationKind,
    ReaderReason,
    ReviewChainStep,
    ReviewStep,
    ReviewStepKind,
    Status,
)
from partydesk.documents.permissions import can_clear, can_review_document, holds_role
from partydesk.documents.services import records
from partydesk.documents.services.outgoing.draft import _check_drafter
from partydesk.organizations.models import Organization


def review_chain_for(
    organization: Organization, document_type: DocumentType
) -> list[ReviewChainStep]:
    """The most specific chain: (organization, type), (organization), (type), default."""
    ancestor_ids = [int(s) for s in organization.path.split(".") if s]
    steps = list(
        ReviewChainStep.objects.filter(
            Q(organization_id__in=ancestor_ids) | Q(organization__isnull=True),
            Q(document_type=document_type) | Q(document_type__isnull=True),
        ).select_related("role", "organization")
    )

    def rank(step: ReviewChainStep) -> tuple[int, int, int]:
        depth = step.organization.depth if step.organization is not None else -1
        return (step.organization is not None, depth, step.document_type_id is not None)

    if not steps:
        return []
    best = max(rank(s) for s in steps)
    chosen = [s for s in steps if rank(s) == best]
    if best[0]:
        deepest = max(s.organization.depth for s in chosen)  # type: ignore[union-attr]
        chosen = [s for s in chosen if s.organization.depth == deepest]  # type: ignore[union-attr]
    return sorted(chosen, key=lambda s: s.position)


def _activate(document: Document, step: ReviewStep, actor: User) -> None:
    """Tell the people holding the step's role; on a classified draft, name those cleared."""
    holders = [
        u
        for u in users_with(
            capability="documents.approve"
            if step.kind == ReviewStepKind.APPROVE
            else "documents.review",
            organization=document.organization,
        )
        if holds_role(records.grants_of(u), step.role_id, document.organization)
    ]
    if document.secrecy:
        for user in holders:
            if can_clear(user, document.secrecy):
                records.add_reader(document, user, reason=ReaderReason.REVIEWER, added_by=actor)
    records.notify(holders, document, NotificationKind.REVIEW)


@transaction.atomic
def outgoing_submit(*, actor: User, document: Document) -> list[ReviewStep]:
    """Send the draft along its review chain (a new round each time)."""
    document = records.lock(document)
    _check_drafter(actor, document, Status.IN_REVIEW)
    chain = review_chain_for(document.organization, document.document_type)
    if not chain:
        raise InvalidInput(
            _("No review chain is set for %(type)s; an administrator sets it in the settings.")
            % {"type": document.document_type.name}
        )
    if chain[-1].kind != ReviewStepKind.APPROVE:
        raise InvalidInput(_("The review chain must end with an approval; ask an administrator."))
    if not document.metadata_only and not document.versions.exists():
        raise InvalidInput(_("Add the text or a file before sending it for review."))
    last_round = document.review_steps.aggregate(n=Max("round"))["n"] or 0
    steps = [
        ReviewStep.objects.create(
            document=document,
            round=last_round + 1,
            position=step.position,
            role=step.role,
            kind=step.kind,
            label=step.label,
        )
        for step in chain
    ]
    records.move(
        document,
        Status.IN_REVIEW,
        actor=actor,
        action="submitted",
        details={"round": last_round + 1},
    )
    _activate(document, steps[0], actor)
    records.index(document)
    return steps


def _pending_steps(document: Document) -> list[ReviewStep]:
    latest = document.review_steps.aggregate(n=Max("round"))["n"]
    return list(
        ReviewStep.objects.filter(document=document, round=latest, decision=Decision.PENDING)
        .select_related("role", "document__organization")
        .order_by("position")
    )


@transaction.atomic
def review_decide(
    *, actor: User, document: Document, decision: str, comment: str = ""
) -> ReviewStep:
    """The current reviewer comments, returns the draft with a reason, or approves; the last
    approval makes the document ready for signature."""
    document = records.lock(document)
    pending = _pending_steps(document) if document.status == Status.IN_REVIEW else []
    step = pending[0] if pending else None
    if not can_review_document(actor, records.grants_of(actor), document, step):
        if document.status != Status.IN_REVIEW:
            raise InvalidInput(_("This document is not in review."))
        if step is None:
            raise InvalidInput(_("No review step is waiting."))
        raise NotAllowed(_("This step waits for: %(step)s.") % {"step": step.label or step.role})
    assert step is not None
    comment = comment.strip()
    records.add_reader(document, actor, reason=ReaderReason.REVIEWER, added_by=actor)
    if decision == "comment":
        if not comment:
            raise InvalidInput(_("Write the comment."), field="comment")
        records.record_event(
            document, action="commented", actor=actor, note=comment, details={"step": step.position}
        )
        records.audit(actor, "commented", document, step=step.position)
        return step
    now = timezone.now()
    if decision == "return":
        if not comment:
            raise InvalidInput(_("Say what must change before it comes back."), field="comment")
        step.decision, step.decided_by, step.comment, step.decided_at = (
            Decision.RETURNED,
            actor,
            comment,
            now,
        )
        step.save(update_fields=["decision", "decided_by", "comment", "decided_at"])
        ReviewStep.objects.filter(pk__in=[s.pk for s in pending[1:]]).update(
            decision=Decision.SKIPPED
        )
        records.move(
            document,
            Status.DRAFT,
            actor=actor,
            action="returned",
            note=comment,
            details={"step": step.position},
        )
        drafter = [document.created_by] if document.created_by else []
        records.notify(drafter, document, NotificationKind.RETURNED)  # type: ignore[arg-type]
        return step
    if decision != "approve":
        raise InvalidInput(_("Choose approve, return or comment."), field="decision")
    step.decision, step.decided_by, step.comment, step.decided_at = (
        Decision.APPROVED,
        actor,
        comment,
        now,
    )
    step.save(update_fields=["decision", "decided_by", "comment", "decided_at"])
    if len(pending) > 1:
        records.record_event(
            document, action="reviewed", actor=actor, note=comment, details={"step": step.position}
        )
        records.audit(actor, "reviewed", document, step=step.position)
        _activate(document, pending[1], actor)
        return step
    records.move(document, Status.APPROVED, actor=actor, action="approved", note=comment)
    if document.signer is not None:
        records.notify([document.signer], document, NotificationKind.SIGN)
    if document.secrecy:
        records.notify(
            users_with(capability="documents.issue", organization=document.organization),
            document,
            NotificationKind.ISSUE,
        )
    records.index(document)
    return step
