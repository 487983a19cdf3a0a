"""The two workflows as visible tables: status -> statuses allowed next, and one check.

Incoming (ND30 Điều 20-24): registered -> assigned (phân công) -> being handled ->
handled (completion report, or the release of a reply) -> filed. A document sent for
information only may be filed straight after registration.

Outgoing (ND30 Điều 14-19, 36-HD): draft -> in review -> approved -> signed -> numbered and
issued -> released -> archived. Reviewers return a draft for revision. A classified document
handled on paper may be issued without a digital signature (approved -> issued); the service
refuses that edge for an unclassified one ("no unsigned release"). A document naming
co-signers (the secretary of a meeting's minutes) is co-signed by them, in order, before its
signer signs (approved -> co-signed -> signed); the signing service refuses approved ->
signed for it, and approved -> issued once one of them has signed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidTransition
from partydesk.documents.models import Direction, Status

S = Status

INCOMING: dict[str, frozenset[str]] = {
    # registered -> completed: answered by a released reply before anyone was assigned.
    S.REGISTERED: frozenset({S.ASSIGNED, S.COMPLETED, S.FILED}),
    S.ASSIGNED: frozenset({S.IN_PROGRESS, S.COMPLETED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset({S.FILED, S.IN_PROGRESS}),
    S.FILED: frozenset(),
}

OUTGOING: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_REVIEW, S.CANCELLED}),
    S.IN_REVIEW: frozenset({S.DRAFT, S.APPROVED}),
    S.APPROVED: frozenset({S.CO_SIGNED, S.SIGNED, S.ISSUED, S.DRAFT}),
    S.CO_SIGNED: frozenset({S.SIGNED}),
    S.SIGNED: frozenset({S.ISSUED}),
    S.ISSUED: frozenset({S.RELEASED}),
    S.RELEASED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
    S.CANCELLED: frozenset(),
}

TABLES: dict[str, dict[str, frozenset[str]]] = {
    Direction.INCOMING: INCOMING,
    Direction.OUTGOING: OUTGOING,
}

# The sender's recall or replacement withdraws an incoming copy from whatever status it is in
# (ND30 Điều 18.4; ADR 0020). It is not a step of the recipient's workflow, so it stays out
# of the table (records.move(..., withdrawal=True)); nothing leads out of it.
WITHDRAWN = S.CANCELLED
# Statuses in which nobody needs to act any more.
CLOSED: frozenset[str] = frozenset({S.FILED, S.ARCHIVED, S.CANCELLED, S.RELEASED})
# Incoming statuses in which handling is still going on (overdue checks apply).
OPEN_INCOMING: frozenset[str] = frozenset({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS})
# Outgoing statuses in which the document is still on someone's desk.
OPEN_OUTGOING: frozenset[str] = frozenset(
    {S.DRAFT, S.IN_REVIEW, S.APPROVED, S.CO_SIGNED, S.SIGNED, S.ISSUED}
)


def check_withdrawal(current: str, *, decided_steps: int) -> None:
    """A drafter takes a submitted draft back (in review -> draft) only before the first
    review step is decided; after that a reviewer returns it."""
    if current != S.IN_REVIEW:
        raise InvalidTransition(_("Only a draft waiting for review can be withdrawn."))
    if decided_steps:
        raise InvalidTransition(
            _("A reviewer has already decided on this draft; ask them to return it instead.")
        )
    check_transition(Direction.OUTGOING, current, S.DRAFT)


def allowed_next(direction: str, status: str) -> frozenset[str]:
    return TABLES[direction].get(status, frozenset())


def can_move(direction: str, current: str, target: str) -> bool:
    return target in allowed_next(direction, current)


def check_transition(direction: str, current: str, target: str) -> None:
    """Raise InvalidTransition unless the table allows current -> target."""
    if not can_move(direction, current, target):
        raise InvalidTransition(
            _("A document that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(current).label, "target": Status(target).label}
        )
