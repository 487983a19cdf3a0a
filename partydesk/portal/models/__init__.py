"""The portal's models: Wagtail page types and their blocks."""

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
    "EventPage",
    "HomePage",
    "MaterialKind",
    "MaterialPage",
    "NewsPage",
    "NewsTag",
    "SectionPage",
    "news_below",
]
