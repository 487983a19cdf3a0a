"""The members' area is private by construction (ADR 0022, "Members' area")."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from partydesk.portal.models import MembersPage


@transaction.atomic
def members_area_restrict(page: Page) -> bool:
    """A members' area always carries Wagtail's "logged-in users" restriction, so every
    public listing (`.public()`: menus, news lists, feeds, the sitemap) leaves it and its
    subtree out. Who among the logged-in may read is the serve hook's question. Returns
    whether a restriction was added (an editor may have removed it in the privacy dialog)."""
    if not isinstance(page.specific, MembersPage):
        return False
    _restriction, created = PageViewRestriction.objects.get_or_create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    return created


MEMBERS_COLLECTION = "Tài liệu dành cho đảng viên"


@transaction.atomic
def members_collection_ensure() -> Collection:
    """The collection for members' files: under the root, with Wagtail's "logged-in users"
    restriction, which the portal reads as "Party members" (the serve hook). Editors put the
    files of members' pages here; any collection they make private the same way counts."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_COLLECTION)
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection
