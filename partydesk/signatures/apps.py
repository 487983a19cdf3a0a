from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class SignaturesConfig(AppConfig):
    name = "partydesk.signatures"
    label = "signatures"
    verbose_name = _("Signatures")
    capabilities = {
        "signatures.sign": Capability(
            _("Sign documents personally"),
            roles=("department_head", "office_chief", "secretary"),
        ),
        "signatures.seal": Capability(_("Apply the organization's seal"), roles=("clerk",)),
        "signatures.manage": Capability(_("Manage signing certificates")),
    }

    def ready(self) -> None:
        from partydesk.core import navigation
        from partydesk.core.audit import register_checkpoint_anchor
        from partydesk.signatures.services.checkpoints import InstallationAnchor

        register_checkpoint_anchor(InstallationAnchor())

        navigation.register(
            navigation.MenuEntry(
                _("Signatures"),
                "signatures:validate",
                "work",
                "pen",
                order=50,
                scoped=False,
                current=("signatures:*",),
            )
        )
