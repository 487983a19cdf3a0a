from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partydesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from partydesk.core import audit_details, dashboard, navigation

        audit_details.register("email", _("Email"))

        dashboard.register_figures(dashboard.panel_figures)

        navigation.register_section(navigation.Section("work", _("Work"), order=10))
        navigation.register(
            navigation.MenuEntry(
                _("Dashboard"),
                "core:dashboard",
                "work",
                "home",
                order=0,
                scoped=False,
                current=("core:*",),
            )
        )

        from partydesk.core.panels import notification_panels

        # Importing the notifications service registers the outbox handlers of its email.
        dashboard.register(notification_panels)
