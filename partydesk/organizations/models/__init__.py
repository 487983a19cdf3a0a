"""The organization tree (dated), committee terms, people, party membership, positions and the
dated membership rules."""

from partydesk.organizations.models.groups import RecipientGroup, RecipientRule
from partydesk.organizations.models.people import (
    DuesCategory,
    Gender,
    MembershipEvent,
    MembershipStatus,
    PartyMembership,
    Person,
    Position,
    PositionTitle,
    citizen_id_validator,
)
from partydesk.organizations.models.rules import RULES_EPOCH, MembershipRule
from partydesk.organizations.models.tree import (
    PATH_STEP,
    CommitteeTerm,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Restructuring,
    RestructuringKind,
    path_prefix_q,
)

__all__ = [
    "PATH_STEP",
    "RULES_EPOCH",
    "CommitteeTerm",
    "DuesCategory",
    "Gender",
    "MembershipEvent",
    "MembershipRule",
    "MembershipStatus",
    "Organization",
    "OrganizationKind",
    "OrganizationRevision",
    "PartyMembership",
    "Person",
    "Position",
    "PositionTitle",
    "RecipientGroup",
    "RecipientRule",
    "Restructuring",
    "RestructuringKind",
    "citizen_id_validator",
    "path_prefix_q",
]
