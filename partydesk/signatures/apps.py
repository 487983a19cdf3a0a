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
        _audit_details()

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


def _audit_details() -> None:
    from partydesk.core import audit_details as detail
    from partydesk.signatures.models import CertificateKind, KeyStorage, RevocationReason

    detail.register_labels(
        {
            "serial": _("Serial number"),
            "issuer": _("Issuer"),
            "certificate": _("Certificate serial number"),
            "field": _("Signature field"),
            "level": _("Signature level"),
            "number_symbol": _("Number and symbol"),
            "sha256": _("SHA-256 fingerprint"),
            "expires_at": _("Expires at"),
        }
    )
    detail.register("kind", _("Kind"), dict(CertificateKind.choices))
    detail.register("key_storage", _("Key storage"), dict(KeyStorage.choices))
    detail.register("reason", _("Reason"), dict(RevocationReason.choices))
    detail.register(
        "method",
        _("Signing method"),
        {
            "server": _("key kept on the server"),
            "console": _("from the operator's console"),
            "token": _("on the signer's USB token"),
        },
    )
