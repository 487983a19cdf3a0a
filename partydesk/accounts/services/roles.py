"""Default roles: rows that administrators edit, set up from what the apps declare.

The roles themselves (code, names, second factor) are accounts' own; which capabilities a
default role starts with is declared by each app next to its capabilities (core/capabilities.py).
`role_defaults_apply` runs after every `migrate`: it creates a missing default role and gives
each role the defaults it has never been offered, so a new app's capability reaches the
clerk without overriding what an administrator changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from partydesk.accounts.models import Role
from partydesk.core.capabilities import declared


@dataclass(frozen=True)
class DefaultRole:
    code: str
    name: str
    name_en: str
    requires_two_factor: bool


DEFAULT_ROLES = [
    DefaultRole("admin", "Quản trị hệ thống", "Administrator", True),
    DefaultRole("clerk", "Văn thư", "Clerk", True),
    DefaultRole("specialist", "Chuyên viên", "Specialist", False),
    DefaultRole("department_head", "Trưởng ban / Trưởng phòng", "Department head", True),
    DefaultRole("office_chief", "Chánh Văn phòng", "Office chief", True),
    DefaultRole("secretary", "Bí thư / Phó Bí thư", "Secretary", True),
    DefaultRole("committee_member", "Cấp ủy viên", "Committee member", False),
    DefaultRole(
        "member_officer", "Cán bộ tổ chức (quản lý đảng viên)", "Membership officer", False
    ),
    DefaultRole("member", "Đảng viên", "Party member", False),
]


@transaction.atomic
def role_defaults_apply() -> list[str]:
    """Create missing default roles and hand out declared defaults not offered before.
    Returns the codes of the roles it changed."""
    defaults: dict[str, list[str]] = {}
    for code, item in declared().items():
        for role_code in item.capability.roles:
            defaults.setdefault(role_code, []).append(code)
    changed: list[str] = []
    for spec in DEFAULT_ROLES:
        role, created = Role.objects.select_for_update().get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "requires_two_factor": spec.requires_two_factor,
            },
        )
        new = [c for c in defaults.get(spec.code, []) if c not in role.defaults_offered]
        if new or created:
            role.capabilities = [
                *role.capabilities,
                *(c for c in new if c not in role.capabilities),
            ]
            role.defaults_offered = [*role.defaults_offered, *new]
            role.save(update_fields=["capabilities", "defaults_offered"])
            changed.append(spec.code)
    return changed
