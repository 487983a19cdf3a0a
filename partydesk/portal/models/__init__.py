"""The portal's models: Wagtail page types and their blocks."""

from partydesk.portal.models.editorial import EditorialDesk
from partydesk.portal.models.pages import (
    ContactPage,
    EventPage,
    HomePage,
    MaterialKind,
    MaterialPage,
    NewsPage,
    NewsTag,
    SectionPage,
    news_below,
)

__all__ = [
    "ContactPage",
    "EditorialDesk",
    "EventPage",
    "HomePage",
    "MaterialKind",
    "MaterialPage",
    "NewsPage",
    "NewsTag",
    "SectionPage",
    "news_below",
]
