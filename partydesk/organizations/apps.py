from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "partydesk.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from partydesk.core.dashboard import register
        from partydesk.organizations.views.panels import probation_reviews_panel

        register(probation_reviews_panel)
