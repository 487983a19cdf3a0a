from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class OrganizationsConfig(AppConfig):
    name = "partydesk.organizations"
    label = "organizations"
    verbose_name = _("Organizations")
    capabilities = {
        "organizations.manage": Capability(
            _("Record organizations and their changes"), roles=("admin", "member_officer")
        ),
        "members.manage": Capability(
            _("Keep the member registry"), roles=("admin", "member_officer")
        ),
        "members.view": Capability(
            _("Read the member registry"),
            roles=("secretary", "committee_member", "member_officer"),
        ),
        "members.own_record": Capability(
            _("See one's own Party record on the dashboard"), roles=("member",)
        ),
    }

    def ready(self) -> None:
        from partydesk.core import navigation
        from partydesk.core.dashboard import register
        from partydesk.organizations.views.member_panels import own_membership_panel
        from partydesk.organizations.views.panels import probation_reviews_panel

        navigation.register_section(
            navigation.Section("organization", _("Party organization"), order=50)
        )
        navigation.register(
            navigation.MenuEntry(
                _("Organizations"),
                "organizations:tree",
                "organization",
                "sitemap",
                order=10,
                current=("organizations:*",),
            ),
            navigation.MenuEntry(
                _("People"),
                "organizations:people",
                "organization",
                "users",
                order=20,
                capabilities=("members.view", "members.manage"),
                current=(
                    "organizations:people",
                    "organizations:person",
                    "organizations:person_create",
                    "organizations:person_edit",
                ),
            ),
        )
        register(probation_reviews_panel)
        register(own_membership_panel)
