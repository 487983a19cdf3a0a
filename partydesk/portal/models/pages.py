"""The portal's page types (Wagtail pages): home, sections, news, materials, events, contact."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from partydesk.core.text import fold
from partydesk.portal.models.blocks import RICH_TEXT_FEATURES, BodyBlock

NEWS_PER_PAGE = 12


def _image_field(label: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class HomePage(Page):
    """The portal's front page: the latest news of every section."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.SectionPage", "portal.MembersPage", "portal.ContactPage"]
    max_count = 1

    class Meta:
        verbose_name = _("portal home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = news_below(self)[:7]
        context["sections"] = self.get_children().live().public().type(SectionPage).specific()
        # Named to everyone (a link to the login), readable by members only.
        context["members_areas"] = self.get_children().live().type(MembersPage)
        return context


class SectionPage(Page):
    """A section (news, guidelines, a grassroots organization's corner) holding pages."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    # A grassroots organization's own section: its editors edit only this subtree (ADR 0022).
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization that edits it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Giving a subtree to an organization hands out editing rights: only a superuser may
    # (no group is ever given this model permission; ADR 0022).
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("organization", permission="portal.change_editorialdesk"),
    ]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = [
        "portal.SectionPage",
        "portal.MembersPage",
        "portal.NewsPage",
        "portal.MaterialPage",
        "portal.EventPage",
    ]

    class Meta:
        verbose_name = _("section")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        try:
            page_number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page_number = 1
        start = (page_number - 1) * NEWS_PER_PAGE
        items = list(news_below(self)[start : start + NEWS_PER_PAGE + 1])
        context["items"] = items[:NEWS_PER_PAGE]
        context["page_number"] = page_number
        context["has_next"] = len(items) > NEWS_PER_PAGE
        context["subsections"] = self.get_children().live().public().type(SectionPage)
        context["others"] = (
            self.get_children().live().public().not_type(SectionPage, NewsPage).specific()
        )
        return context


class MembersPage(Page):
    """The members' area: internal guidelines and study material that only logged-in party
    members read (of its organization's subtree, or of the whole installation when none is
    set). Everything below it is as private as it is (ADR 0022, "Members' area")."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("members of"),
        help_text=_("Empty: every party member of the installation."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("content and files"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("organization", permission="portal.change_editorialdesk"),
    ]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.MaterialPage", "portal.MembersPage"]

    class Meta:
        verbose_name = _("members' area")
        verbose_name_plural = _("members' areas")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Its children are private like it: list them whatever their own restrictions.
        context["children"] = self.get_children().live().specific()
        return context


def news_below(page: Page) -> models.QuerySet[NewsPage]:
    """Live public news under a page, newest first, with what a list shows in one query."""
    return (
        NewsPage.objects.live()
        .public()
        .descendant_of(page)
        .select_related("image")
        .order_by("-date", "-first_published_at", "-pk")
    )


class FoldedSearch:
    """A page whose text is also indexed folded (no diacritics, no case: core.text.fold), so
    the portal's search finds "Nghị quyết" from "nghi quyet" on SQLite and PostgreSQL alike;
    the search folds the query the same way (selectors/search.py)."""

    def search_folded(self) -> str:
        parts: list[str] = [getattr(self, "title", ""), getattr(self, "lead", "")]
        body = getattr(self, "body", None)
        if body is not None and hasattr(body, "stream_block"):
            parts.extend(str(text) for text in body.stream_block.get_searchable_content(body))
        return fold(" ".join(part for part in parts if part))


FOLDED = index.SearchField("search_folded")


class NewsTag(TaggedItemBase):
    content_object = ParentalKey("portal.NewsPage", related_name="tagged_items")


class NewsPage(FoldedSearch, Page):
    """A news article: lead, picture, body of blocks, author, category and tags."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), max_length=600)
    image = _image_field(_("main image"))
    author = models.CharField(_("author"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("category"), FieldPanel("tags")],
            heading=_("About the article"),
        ),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        FOLDED,
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class MaterialKind(models.TextChoices):
    GUIDELINE = "guideline", _("Guideline")
    PROPAGANDA = "propaganda", _("Propaganda material")
    INFOGRAPHIC = "infographic", _("Infographic")
    POSTER = "poster", _("Poster")


class MaterialPage(FoldedSearch, Page):
    """Guidelines and propaganda material: files, infographics, posters, videos."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=MaterialKind.choices, default=MaterialKind.GUIDELINE
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("summary"), max_length=600, blank=True)
    image = _image_field(_("picture"))
    body = StreamField(BodyBlock(), verbose_name=_("content and files"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        FOLDED,
    ]
    parent_page_types = ["portal.SectionPage", "portal.MembersPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guideline or propaganda material")
        verbose_name_plural = _("guidelines and propaganda material")


class EventPage(FoldedSearch, Page):
    """An event: when, where and what."""

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    lead = models.TextField(_("summary"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("details"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("location"),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), FOLDED]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class ContactPage(Page):
    """How to reach the committee's office."""

    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")
