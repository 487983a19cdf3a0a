"""The portal's own views beside Wagtail's pages: news feeds (RSS 2.0 and Atom), the
sitemap, its media folder outside production, and the public host's error pages."""

from __future__ import annotations

import datetime
import posixpath
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.contrib.syndication.views import Feed
from django.core.files.storage import FileSystemStorage, storages
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.static import serve
from wagtail.models import Page, Site

from partydesk.portal.models import NewsPage, SectionPage, news_below
from partydesk.portal.storage import UNSERVED_FOLDERS

FEED_ITEMS = 30


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's login page, replaced by the office's (second factor included)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("wagtailadmin_home")
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml of the live public pages, on the address it is asked on (scheme and host
    of the request), so the office's lists /portal/ addresses and the public host's its own."""
    return sitemap_view(request, {"pages": PortalSitemap(request)})


class PortalSitemap(Sitemap[Page]):
    """`location` is the page's path under the running URL configuration; Django's sitemap
    view puts the request's scheme and host before it. (Wagtail's own sitemap writes the
    Wagtail site's root_url, one host for both addresses.)"""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> QuerySet[Page]:
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        # .public() leaves out every members' area (they carry a view restriction).
        return site.root_page.get_descendants(inclusive=True).live().public().order_by("path")

    def location(self, item: Page) -> str:
        return item.get_url(self.request) or ""

    def lastmod(self, item: Page) -> datetime.datetime | None:
        return item.last_published_at


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 on the public host, in the portal's frame (the office's page links the dashboard)."""
    return _error(request, 404, _("Page not found"))


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, _("You do not have access to this page"))


def _error(request: HttpRequest, status: int, title: str) -> HttpResponse:
    return render(request, "portal/error.html", {"title": title}, status=status)


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """A file of the portal's media storage (the "default" alias: images, renditions), read
    from wherever that storage is now; never the office's stored files, which live in their
    own storage. Only a folder on disk is served here; object storage serves itself."""
    storage = storages["default"]
    # Documents are served by Wagtail's view (/portal/files/), which applies collection
    # privacy (members' files), and members' pictures by /portal/private-images/; their raw
    # files are never served from here, as the proxy never serves them.
    if posixpath.normpath(path).lstrip("/").startswith(UNSERVED_FOLDERS):
        raise Http404("served by the portal's views, which check access")
    if not isinstance(storage, FileSystemStorage):
        raise Http404("portal media are not on this server")
    return serve(request, path, document_root=str(storage.location))


class NewsRssFeed(Feed[NewsPage, Page]):
    """The latest news of the whole portal, or of one section (?section=<id>)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Page:
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("no portal site")
        root = site.root_page
        section = request.GET.get("section", "")
        if not section:
            return root
        if not section.isdigit():
            raise Http404("no such section")
        found = SectionPage.objects.live().public().descendant_of(root).filter(pk=section).first()
        if found is None:
            raise Http404("no such section")
        return found

    def title(self, obj: Page) -> str:
        return f"{settings.WAGTAIL_SITE_NAME}: {obj.title}"

    def link(self, obj: Page) -> str:
        return obj.get_url() or reverse("wagtail_serve", args=("",))

    def description(self, obj: Page) -> str:
        return _("The latest news of %(section)s") % {"section": obj.title}

    def items(self, obj: Page) -> QuerySet[NewsPage]:
        return news_below(obj)[:FEED_ITEMS]

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.lead

    def item_link(self, item: NewsPage) -> str:
        return item.get_url() or ""

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item: NewsPage) -> datetime.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: NewsPage) -> str | None:
        return item.author or None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
