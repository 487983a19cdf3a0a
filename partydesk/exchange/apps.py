from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class ExchangeConfig(AppConfig):
    name = "partydesk.exchange"
    label = "exchange"
    verbose_name = _("Document exchange")
    capabilities = {
        "exchange.manage_ids": Capability(
            _("Assign the organizations' exchange identifiers"), roles=("admin",)
        ),
        "exchange.package": Capability(_("Download and upload edXML packages"), roles=("clerk",)),
        "exchange.peers.manage": Capability(
            _("Manage the installations this one exchanges packages with"), roles=("admin",)
        ),
    }

    def ready(self) -> None:
        from partydesk.core import dashboard, navigation
        from partydesk.documents import hooks
        from partydesk.exchange import panels
        from partydesk.exchange.services import (
            business,  # noqa: F401 (its outbox handler)
            business_remote,  # noqa: F401 (its outbox handler)
            remote_statuses,
            send,
            statuses,
        )

        _audit_sentences()
        hooks.release_observe(statuses.packages_open)
        hooks.delivery_route_register(send.delivery_routes)
        hooks.incoming_observe(statuses.incoming_moved, many=statuses.incoming_moved_many)
        hooks.incoming_observe(remote_statuses.incoming_moved_remote)
        hooks.detail_panel_register(panels.document_panels)
        dashboard.register(panels.waiting_panels)
        dashboard.register(panels.failing_panels)
        dashboard.register(panels.registration_panels)
        navigation.register(
            navigation.MenuEntry(
                _("edXML packages"),
                "exchange:packages",
                "work",
                "send",
                order=35,
                capabilities=("exchange.package",),
                current=(
                    "exchange:packages",
                    "exchange:package_upload",
                    "exchange:package_register",
                ),
            ),
            navigation.MenuEntry(
                _("Delivered by peers"),
                "exchange:delivered",
                "work",
                "inbox",
                order=35,
                capabilities=("exchange.package",),
                current=("exchange:delivered", "exchange:delivered_open"),
            ),
            navigation.MenuEntry(
                _("Sent without a receipt"),
                "exchange:waiting",
                "work",
                "alert",
                order=36,
                capabilities=("exchange.package",),
            ),
            navigation.MenuEntry(
                _("Exchange identifiers"),
                "exchange:organ_ids",
                "administration",
                "globe",
                order=40,
                capabilities=("exchange.manage_ids",),
                current=("exchange:organ_ids", "exchange:organ_id_assign"),
            ),
            navigation.MenuEntry(
                _("Exchange peers"),
                "exchange:peers",
                "administration",
                "globe",
                order=41,
                capabilities=("exchange.peers.manage",),
                current=("exchange:peers", "exchange:peer_edit"),
            ),
        )


def _audit_sentences() -> None:
    from partydesk.core import audit_sentences as say

    say.register(
        "exchange.organ_id.assigned",
        _("%(actor)s gave %(target)s an exchange identifier"),
    )
    say.register(
        "exchange.organ_id.bulk_assigned", _("%(actor)s gave organizations exchange identifiers")
    )
    say.register(
        "exchange.package.exported",
        _("%(actor)s downloaded the document %(target)s as an edXML package"),
    )
    say.register(
        "exchange.package.sent",
        _("%(actor)s sent the document %(target)s to its recipients"),
    )
    say.register(
        "exchange.package.status",
        _("%(actor)s reported a delivery status of the document %(target)s"),
    )
    say.register(
        "exchange.package.history_recorded",
        _("%(actor)s recorded the delivery history of documents sent before it was tracked"),
    )
    say.register(
        "exchange.package.transmitted",
        _("The package of the document %(target)s reached the peer installation"),
    )
    say.register(
        "exchange.package.transfer_refused",
        _("The peer installation refused the package of the document %(target)s"),
    )
    say.register(
        "exchange.package.resent",
        _("%(actor)s sent the package of the document %(target)s again"),
    )
    say.register(
        "exchange.package.refused",
        _("%(actor)s refused the delivered package %(target)s"),
    )
    say.register(
        "exchange.package.recall_requested",
        _("%(actor)s recalled the document %(target)s from its recipients"),
    )
    say.register(
        "exchange.package.update_sent",
        _("%(actor)s told the recipients of %(target)s about its new version (update)"),
    )
    say.register(
        "exchange.package.replacement_sent",
        _("%(actor)s told the recipients of %(target)s that a new version replaces it"),
    )
    say.register(
        "exchange.package.business_answered",
        _("The recall, update or replacement %(target)s was answered"),
    )
    say.register("exchange.peer.saved", _("%(actor)s saved the exchange peer %(target)s"))
    say.register(
        "exchange.package.delivered",
        _("A peer installation delivered an edXML package for %(target)s"),
    )
    say.register(
        "exchange.package.registered",
        _("%(actor)s registered the edXML package of %(target)s"),
    )
