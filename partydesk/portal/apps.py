from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class PortalConfig(AppConfig):
    name = "partydesk.portal"
    label = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"
    capabilities = {
        "portal.edit": Capability(
            _("Write and submit portal pages"), roles=("admin", "specialist", "department_head")
        ),
        "portal.approve": Capability(
            _("Approve and publish portal pages"), roles=("admin", "department_head")
        ),
        "portal.manage": Capability(
            _("Manage the portal: sections, editors, reader feedback"), roles=("admin",)
        ),
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from partydesk.accounts.services.grants import grant_change_subscribe
        from partydesk.core import audit_sentences, navigation
        from partydesk.documents.services.publication import publication_changed
        from partydesk.portal.services.editorial import portal_editors_sync_by_id
        from partydesk.portal.signal_handlers import register_signal_handlers

        post_migrate.connect(_ensure_site, sender=self, dispatch_uid="portal.site_ensure")
        # Members' pictures follow their collection's privacy (Wagtail has no image hook).
        register_signal_handlers()
        # A document published or withdrawn in the office changes the documents section.
        publication_changed.connect(_documents_changed, dispatch_uid="portal.documents_changed")
        # A grant given or taken back moves the person's editorial groups right after commit.
        grant_change_subscribe(portal_editors_sync_by_id)
        # Wagtail's admin answers 200 to whoever holds a portal capability (backends.py).
        navigation.register(
            navigation.MenuEntry(
                _("Portal"),
                "wagtailadmin_home",
                "work",
                "globe",
                order=75,
                capabilities=("portal.edit", "portal.approve", "portal.manage"),
                scoped=False,
            )
        )
        for action, sentence in (
            (
                "portal.desk.created",
                _("%(actor)s set up the portal's editorial desk of %(target)s"),
            ),
            (
                "portal.desk.members_synced",
                _("%(actor)s brought the portal's editors of %(target)s in step with their roles"),
            ),
            (
                "portal.editor.groups_synced",
                _("The portal's editing rights of %(target)s followed their roles"),
            ),
            ("portal.feedback.received", _("A reader sent feedback: %(target)s")),
            ("portal.image.sealed", _("The picture %(target)s became for members only")),
            ("portal.image.unsealed", _("The picture %(target)s became public")),
            ("portal.feedback.approved", _("%(actor)s published a reader's feedback: %(target)s")),
            ("portal.feedback.rejected", _("%(actor)s rejected a reader's feedback: %(target)s")),
        ):
            audit_sentences.register(action, sentence)


def _ensure_site(using: str = "default", **kwargs: object) -> None:
    from django.db import connections

    from partydesk.portal.models import HomePage
    from partydesk.portal.services.site import portal_site_ensure

    # A migrate to an earlier state (the migration tests) may leave the tables out.
    tables = connections[using].introspection.table_names()
    if HomePage._meta.db_table in tables and "wagtailcore_site" in tables:
        portal_site_ensure()


def _documents_changed(**_kwargs: object) -> None:
    from partydesk.portal.services.page_cache import page_cache_clear

    page_cache_clear()
