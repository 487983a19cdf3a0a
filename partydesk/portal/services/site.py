"""The portal's Wagtail site: one home page at the root, served at /portal/."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from partydesk.portal.models import HomePage
from partydesk.portal.services.members import members_collection_ensure


@transaction.atomic
def portal_site_ensure() -> HomePage:
    """The portal's home page, made the default site's root on first use.

    Wagtail's own migrations leave a plain "Welcome" page there; it goes, unless someone has
    put pages under it. Runs after every migrate (apps.py), so a new or flushed database
    always has a portal to show.
    """
    # A flush (transactional tests) empties what Wagtail's migrations made: put it back.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    members_collection_ensure()
    existing = HomePage.objects.order_by("pk").first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    for welcome in root.get_children().exact_type(Page):
        if welcome.numchild == 0:
            welcome.delete()
    home = HomePage(title="Trang chủ", slug="trang-chu")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    else:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save(update_fields=["root_page", "site_name"])
    return home
