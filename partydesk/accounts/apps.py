from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class AccountsConfig(AppConfig):
    name = "partydesk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    capabilities = {
        "accounts.manage": Capability(_("Administer accounts and roles"), roles=("admin",)),
        "audit.view": Capability(
            _("Read the audit trail"), roles=("admin", "office_chief", "secretary")
        ),
    }

    def ready(self) -> None:
        from partydesk.accounts.checks import check_role_capabilities
        from partydesk.core import navigation

        checks.register(check_role_capabilities)
        post_migrate.connect(
            _role_defaults_apply, sender=self, dispatch_uid="accounts.role_defaults_apply"
        )

        navigation.register_section(
            navigation.Section("administration", _("Administration"), order=90)
        )
        navigation.register(
            navigation.MenuEntry(
                _("Audit trail"),
                "accounts:audit",
                "administration",
                "shield",
                order=10,
                capabilities=("audit.view",),
                current=("accounts:audit", "accounts:audit_export"),
            ),
            navigation.MenuEntry(
                _("My account"),
                "accounts:me",
                "administration",
                "user",
                order=90,
                scoped=False,
                current=("accounts:*",),
            ),
        )


def _role_defaults_apply(**kwargs: Any) -> None:
    """After `migrate` (and a test flush): default roles and their declared capabilities."""
    from partydesk.accounts.services.roles import role_defaults_apply

    role_defaults_apply()
