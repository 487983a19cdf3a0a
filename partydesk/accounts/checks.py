"""Start-up checks: every role names only capabilities some app declares (accounts.E001)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

from partydesk.core.capabilities import declared


def check_role_capabilities(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A role granting an undeclared capability grants nothing any rule checks: a typo, or a
    capability whose app was removed. Before the tables exist there is nothing to check."""
    from partydesk.accounts.models import Role

    known = declared()
    try:
        roles = list(Role.objects.only("code", "capabilities"))
    except DatabaseError:
        return []
    errors: list[checks.CheckMessage] = []
    for role in roles:
        for code in role.capabilities:
            if code not in known:
                errors.append(
                    checks.Error(
                        f"Role {role.code!r} grants {code!r}, which no installed app declares.",
                        hint="Correct the role in the admin, or declare the capability in its "
                        "app's AppConfig.capabilities.",
                        obj=role,
                        id="accounts.E001",
                    )
                )
    return errors
