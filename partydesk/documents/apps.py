from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "partydesk.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from partydesk.core.dashboard import register
        from partydesk.documents import panels

        register(panels.document_panels)
