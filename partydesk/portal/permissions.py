"""Pure predicates of the portal: who moderates reader feedback, who reads a members' area."""

from __future__ import annotations

from partydesk.core.http import Acting
from partydesk.organizations.models import MembershipStatus, Organization
from partydesk.organizations.selectors.own_record import OwnRecord

# The editors and approvers of a desk moderate its pages' feedback; so do the portal's managers.
MODERATE_CAPABILITIES = ("portal.edit", "portal.approve", "portal.manage")
READING_STATUSES = (MembershipStatus.CANDIDATE, MembershipStatus.OFFICIAL)


def can_edit_portal_of(actor: Acting, organization: Organization) -> bool:
    """Any portal role on the organization (or above it): its desk's editors and approvers."""
    return any(actor.can(code, on=organization) for code in MODERATE_CAPABILITIES)


def can_moderate_feedback(actor: Acting, organization: Organization) -> bool:
    return can_edit_portal_of(actor, organization)


def can_read_members_area(
    record: OwnRecord | None, organization: Organization | None, *, editor: bool = False
) -> bool:
    """A current (candidate or official) member whose cell, or the cell where they are
    temporarily active, lies in `organization`'s subtree (any cell when it is None). The
    area's own editors read it too, to check what they wrote."""
    if editor:
        return True
    if record is None or record.membership is None:
        return False
    if record.membership.status not in READING_STATUSES:
        return False
    if organization is None:
        return True
    cells = [record.cell, record.membership.away_organization]
    return any(cell is not None and cell.is_within(organization) for cell in cells)
