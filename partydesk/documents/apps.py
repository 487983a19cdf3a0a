from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class DocumentsConfig(AppConfig):
    name = "partydesk.documents"
    label = "documents"
    verbose_name = _("Documents")
    capabilities = {
        "documents.view": Capability(
            _("Read the organization's documents"),
            roles=(
                "clerk",
                "specialist",
                "department_head",
                "office_chief",
                "secretary",
                "committee_member",
            ),
        ),
        "documents.register": Capability(_("Register incoming documents"), roles=("clerk",)),
        "documents.assign": Capability(
            _("Assign documents for handling"),
            roles=("department_head", "office_chief", "secretary"),
        ),
        "documents.handle": Capability(
            _("Handle assigned documents"), roles=("specialist", "department_head")
        ),
        "documents.draft": Capability(_("Draft outgoing documents"), roles=("specialist",)),
        "documents.review": Capability(
            _("Review drafts"), roles=("department_head", "office_chief")
        ),
        "documents.approve": Capability(_("Approve drafts for signing"), roles=("secretary",)),
        "documents.issue": Capability(
            _("Number, issue and release documents"), roles=("clerk", "office_chief")
        ),
        "documents.publish": Capability(
            _("Publish issued documents on the portal, or withdraw them"),
            roles=("office_chief",),
        ),
    }

    def ready(self) -> None:
        from partydesk.core import navigation
        from partydesk.core.dashboard import register
        from partydesk.core.services.notifications import notification_kind_register
        from partydesk.documents import (
            indicators,  # noqa: F401  (transformation figures)
            panels,
        )
        from partydesk.documents.models import NotificationKind
        from partydesk.documents.services.incoming import deliver  # noqa: F401 (outbox handler)

        _audit_sentences()
        _audit_details()

        navigation.register(
            navigation.MenuEntry(
                _("Incoming documents"),
                "documents:incoming",
                "work",
                "inbox",
                order=10,
                current=("documents:incoming", "documents:home", "documents:register"),
            ),
            navigation.MenuEntry(
                _("Outgoing documents"),
                "documents:outgoing",
                "work",
                "send",
                order=20,
                current=("documents:outgoing", "documents:draft_new"),
            ),
            navigation.MenuEntry(
                _("Search documents"), "documents:search", "work", "search", order=30
            ),
            navigation.MenuEntry(
                _("Documents dashboard"),
                "documents:dashboard",
                "work",
                "chart",
                order=40,
                current=("documents:dashboard", "documents:register_export"),
            ),
        )
        register(panels.document_panels)
        # An arrival names its register: a clerk who serves several organizations reads
        # which one a document delivered to them all arrived in.
        sentences = {
            NotificationKind.ARRIVED: _("Arrived in the incoming register of %(organization)s"),
            NotificationKind.URGENT: _(
                "Urgent document arrived in the incoming register of %(organization)s"
            ),
        }
        for kind in NotificationKind:
            notification_kind_register(
                f"documents.{kind.value}", kind.label, sentence=sentences.get(kind)
            )


def _audit_sentences() -> None:
    from partydesk.core import audit_sentences as say

    say.register("documents.document.registered", _("%(actor)s registered the document %(target)s"))
    say.register("documents.document.approved", _("%(actor)s approved the document %(target)s"))
    say.register("documents.document.viewed", _("%(actor)s viewed the document %(target)s"))
    say.register(
        "documents.document.published",
        _("%(actor)s published the document %(target)s on the portal"),
    )
    say.register(
        "documents.document.unpublished",
        _("%(actor)s withdrew the document %(target)s from the portal"),
    )


def _audit_details() -> None:
    from partydesk.core import audit_details as detail

    detail.register_labels(
        {
            "arrival_number": _("Arrival number"),
            "confirmed_duplicate": _("Confirmed as not a duplicate"),
            "released_from": _("Released from document no."),
            "number": _("Number"),
            "deadline": _("Deadline"),
            "lead": _("Lead handler"),
            "co": _("Co-handlers"),
            "info": _("For information"),
            "users": _("Accounts"),
            "year": _("Year"),
            "rows": _("Rows"),
            "format": _("Format"),
            "classified": _("Classified documents"),
            "version": _("Version"),
            "recipients": _("Recipients"),
        }
    )
    detail.register(
        "direction", _("Direction"), {"incoming": _("incoming"), "outgoing": _("outgoing")}
    )
