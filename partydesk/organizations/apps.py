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
        _audit_details()
        from partydesk.core import navigation
        from partydesk.core.dashboard import register
        from partydesk.organizations.views.member_panels import own_membership_panel
        from partydesk.organizations.views.panels import probation_reviews_panel
        from partydesk.organizations.views.transformation import may_open

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
            navigation.MenuEntry(
                _("Digital transformation"),
                "organizations:transformation_home",
                "organization",
                "chart",
                order=30,
                shown_when=may_open,
                current=("organizations:transformation", "organizations:transformation_home"),
            ),
        )
        register(probation_reviews_panel)
        register(own_membership_panel)


def _audit_details() -> None:
    """How the details of organizations' audit events read in the audit viewer ("target",
    "person" and "rows" are registered by accounts and documents with the same meaning)."""
    from partydesk.core import audit_details as detail

    detail.register_labels(
        {
            "restructuring": _("Restructuring no."),
            "effective_on": _("Effective on"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "name": _("Name"),
            "parent": _("Parent organization no."),
            "old_parent": _("Previous parent no."),
            "new_parent": _("New parent no."),
            "old": _("Before"),
            "new": _("After"),
            "new_target": _("Into a new organization"),
            "keep_source": _("The original organization continues"),
            "parts": _("Parts"),
            "carry_members": _("Members carried over"),
            "members_moved": _("Members moved"),
            "members_to": _("Members moved to organization no."),
            "children_moved": _("Units moved"),
            "carry_open_work": _("Open work carried over"),
            "carry_numbering": _("Document numbering carried over"),
            "numbering_from": _("Numbering continued from organization no."),
            "bulk": _("Created in bulk"),
            "count": _("Count"),
            "first": _("First code"),
            "file": _("File"),
            "members": _("Members"),
            "memberships": _("Memberships"),
            "changed": _("Fields changed"),
            "title": _("Position"),
        }
    )
