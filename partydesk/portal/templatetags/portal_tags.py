"""Template tags of the portal's pages: the sections menu, an article's reader feedback."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Page, Site

from partydesk.portal.models import ReaderFeedback, SectionPage
from partydesk.portal.selectors import feedback_published_on

register = template.Library()


@register.inclusion_tag("portal/partials/nav.html", takes_context=True)
def portal_nav(context: dict[str, Any]) -> dict[str, Any]:
    """The home page and its live sections (one query for the sections)."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root: Page | None = site.root_page if site is not None else None
    current = context.get("page")
    path = current.path if isinstance(current, Page) else ""
    sections = (
        root.get_children().live().public().in_menu().type(SectionPage)
        if root is not None
        else Page.objects.none()
    )
    return {
        "root": root,
        "root_current": root is not None and path == root.path,
        "sections": [(section, path.startswith(section.path)) for section in sections],
        "request": request,
    }


@register.simple_tag
def portal_name() -> str:
    """The portal's name (PARTYDESK_PORTAL_NAME)."""
    return str(settings.WAGTAIL_SITE_NAME)


@register.simple_tag
def reader_feedback(page: Page) -> list[ReaderFeedback]:
    """The published feedback under an article (one query)."""
    return list(feedback_published_on(page))


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], url: str) -> str:
    """`url` on the host the page is read on (Wagtail's `full_url` names SITE_URL, the
    office's, also on the portal's own host)."""
    request: HttpRequest | None = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url
