"""The portal's reads: which pages each organization edits."""

from __future__ import annotations

from wagtail.models import Page

from partydesk.organizations.models import Organization
from partydesk.portal.models import HomePage, SectionPage


def portal_top_organization() -> Organization | None:
    """The installation's top organization (the root committee): the home page's owner.

    An installation serves one committee's tree; if it holds several roots the first one (in
    tree order) owns the home page, the others edit only sections recorded as theirs.
    """
    return (
        Organization.objects.filter(parent__isnull=True, valid_to__isnull=True)
        .order_by("path")
        .first()
    )


def portal_pages_by_organization() -> dict[Organization, list[Page]]:
    """Each editing organization with the pages whose subtrees it edits: the top
    organization the home page (so the whole portal), a grassroots organization the sections
    recorded as its own."""
    owned: dict[Organization, list[Page]] = {}
    top = portal_top_organization()
    home = HomePage.objects.order_by("pk").first()
    if top is not None and home is not None:
        owned[top] = [home]
    sections = SectionPage.objects.filter(
        organization__isnull=False, organization__valid_to__isnull=True
    ).select_related("organization")
    for section in sections.order_by("path"):
        owned.setdefault(section.organization, []).append(section)
    return owned
