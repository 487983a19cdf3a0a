from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        _audit_details()
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


def _audit_details() -> None:
    from partydesk.core import audit_details as detail

    detail.register_labels(
        {
            "login": _("Login name"),
            "failures_in_a_row": _("Failures in a row"),
            "until": _("Locked until"),
            "minutes": _("Minutes"),
            "username": _("Login name"),
            "user": _("Account"),
            "person": _("Personnel record no."),
            "clearance": _("Clearance"),
            "is_active": _("Active"),
            "prefix": _("Token prefix"),
            "from": pgettext_lazy("audit detail", "From"),
            "to": pgettext_lazy("audit detail", "To"),
            "codes_left": _("Recovery codes left"),
            "role": _("Role"),
            "organization": _("Organization"),
            "valid_from": _("Valid from"),
            "valid_to": _("Valid until"),
            "action": _("Action"),
            "actor": _("Actor"),
            "target": _("Target"),
            "date_from": _("From date"),
            "date_to": _("To date"),
        }
    )
    detail.register(
        "reason",
        _("Reason"),
        {
            "locked": _("the account is locked"),
            "unknown_account": _("no such account"),
            "password": _("wrong password"),
            "second_factor": _("wrong second-factor code"),
        },
    )
    detail.register(
        "second_factor",
        _("Second factor"),
        {"totp": _("authenticator app code"), "recovery_code": _("recovery code")},
    )
    detail.register("by", _("Done by"), {"operator": _("the operator, at the console")})
