"""Wagtail admin hooks: a section given to an organization gets that organization's desk."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from partydesk.portal.models import SectionPage
from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync


@hooks.register("after_create_page")
@hooks.register("after_publish_page")
def desks_follow_sections(request: HttpRequest, page: Any) -> None:
    """Only a section records an owner (and only an installation administrator sets it:
    its panel asks for a permission no group has), so other pages change nothing."""
    if isinstance(page.specific, SectionPage):
        portal_desks_ensure()
        portal_desks_sync()
