"""The members' area is private by construction (ADR 0022, "Members' area")."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, PageViewRestriction

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
