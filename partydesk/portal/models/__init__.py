"""The portal's models: Wagtail page types and their blocks."""

from partydesk.portal.models.editorial import EditorialDesk
from partydesk.portal.models.feedback import MESSAGE_MAX, FeedbackStatus, ReaderFeedback
from partydesk.portal.models.pages import (
    ContactPage,
    EventPage,
    HomePage,
    MaterialKind,
    MaterialPage,
    MembersPage,
    NewsPage,
    NewsTag,
    SectionPage,
    news_below,
)
from partydesk.portal.models.stats import PageViewDay

__all__ = [
    "MESSAGE_MAX",
    "ContactPage",
    "EditorialDesk",
    "EventPage",
    "FeedbackStatus",
    "HomePage",
    "MaterialKind",
    "MaterialPage",
    "MembersPage",
    "NewsPage",
    "NewsTag",
    "PageViewDay",
    "ReaderFeedback",
    "SectionPage",
    "news_below",
]
