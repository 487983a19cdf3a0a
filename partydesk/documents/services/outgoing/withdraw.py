"""Withdrawing a submitted draft before anyone reviewed it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import NotAllowed
from partydesk.documents.models import Decision, Document, ReviewStep, Status
from partydesk.documents.permissions import can_withdraw_document
from partydesk.documents.services import records
from partydesk.documents.transitions import check_withdrawal


@transaction.atomic
def outgoing_withdraw(*, actor: User, document: Document, reason: str = "") -> None:
    """Take a draft back from review before the first step is decided: the round's waiting
    steps are dropped (a later submission starts a new round) and the draft can be edited."""
    document = records.lock(document)
    if not can_withdraw_document(actor, records.grants_of(actor), document):
        raise NotAllowed(
            _("Only the drafters of %(org)s withdraw this draft.") % {"org": document.organization}
        )
    latest = ReviewStep.objects.filter(document=document).order_by("-round").first()
    round_steps = ReviewStep.objects.filter(document=document, round=latest.round if latest else 0)
    check_withdrawal(
        document.status, decided_steps=round_steps.exclude(decision=Decision.PENDING).count()
    )
    round_steps.delete()
    records.move(document, Status.DRAFT, actor=actor, action="withdrawn", note=reason.strip())
    records.index(document)
