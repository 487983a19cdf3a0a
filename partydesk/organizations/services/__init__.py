"""Every write to organizations, people and memberships. Keyword-only, atomic, audited.

Every write takes `acting` (core.http.Acting: a request's actor, or SYSTEM for the seed and
commands) and refuses with PermissionDenied what permissions.py does not allow (ADR 0016);
this layer still knows nothing of logins (import-linter "Organizations know nothing of logins").
"""

from partydesk.organizations.services.history import NewOrganization, SplitPart
from partydesk.organizations.services.member_import import (
    ImportPreview,
    ImportRow,
    member_import_commit,
    member_import_preview,
)
from partydesk.organizations.services.membership import (
    membership_admit,
    membership_end,
    membership_recognize,
    membership_record,
    membership_record_ceremony,
    membership_update,
    person_register,
)
from partydesk.organizations.services.organizations import (
    OrganizationSpec,
    organization_bulk_create_tree,
    organization_create,
    path_segment,
)
from partydesk.organizations.services.people import (
    PersonSpec,
    person_bulk_create,
    person_create,
    person_update,
)
from partydesk.organizations.services.restructuring import (
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_rename,
    organization_split,
)
from partydesk.organizations.services.terms import (
    position_assign,
    position_end,
    term_create,
    term_end,
)
from partydesk.organizations.services.transfers import (
    membership_return,
    membership_transfer,
    membership_transfer_in,
)

__all__ = [
    "ImportPreview",
    "ImportRow",
    "NewOrganization",
    "OrganizationSpec",
    "PersonSpec",
    "SplitPart",
    "member_import_commit",
    "member_import_preview",
    "membership_admit",
    "membership_end",
    "membership_recognize",
    "membership_record",
    "membership_record_ceremony",
    "membership_return",
    "membership_transfer",
    "membership_transfer_in",
    "membership_update",
    "organization_bulk_create_tree",
    "organization_create",
    "organization_dissolve",
    "organization_merge",
    "organization_move",
    "organization_rename",
    "organization_split",
    "path_segment",
    "person_bulk_create",
    "person_create",
    "person_register",
    "person_update",
    "position_assign",
    "position_end",
    "term_create",
    "term_end",
]
