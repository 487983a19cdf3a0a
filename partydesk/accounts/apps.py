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
        _audit_sentences()
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


def _audit_sentences() -> None:
    from partydesk.core import audit_sentences as say

    say.register("accounts.user.logged_in", _("%(actor)s logged in"))
    say.register("accounts.user.logged_out", _("%(actor)s logged out"))
    say.register("accounts.user.login_failed", _("A login as %(actor)s failed"))
    say.register("accounts.user.created", _("%(actor)s opened the account %(target)s"))
    say.register("accounts.user.updated", _("%(actor)s changed the account %(target)s"))
    say.register("accounts.grant.created", _("%(actor)s granted a role to %(target)s"))
    say.register("accounts.grant.revoked", _("%(actor)s revoked a role of %(target)s"))
    say.register("accounts.audit.exported", _("%(actor)s exported the audit trail"))
