"""Wagtail hooks: a section given to an organization gets that organization's desk; a
members' area stays private; reader feedback is moderated inside the CMS admin."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partydesk.portal import moderation_views, statistics_views
from partydesk.portal.access import members_only, office_redirect
from partydesk.portal.hosts import on_public_host
from partydesk.portal.models import MaterialPage, NewsPage, SectionPage
from partydesk.portal.selectors import (
    collection_is_members_only,
    members_area_of,
    page_is_public,
)
from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync
from partydesk.portal.services.members import members_area_restrict
from partydesk.portal.services.page_cache import page_cache_mark, request_cacheable
from partydesk.portal.services.private_images import members_images_seal_all
from partydesk.portal.services.stats import is_robot, page_view_count

READ_COUNTED = (NewsPage, MaterialPage)


@hooks.register("after_create_page")
@hooks.register("after_publish_page")
def desks_follow_sections(request: HttpRequest, page: Any) -> None:
    """Only a section records an owner (and only an installation administrator sets it:
    its panel asks for a permission no group has), so other pages change nothing."""
    if isinstance(page.specific, SectionPage):
        portal_desks_ensure()
        portal_desks_sync()


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def members_area_stays_private(request: HttpRequest, page: Any) -> None:
    members_area_restrict(page)


@hooks.register("before_serve_page")
def members_pages_only(
    page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any
) -> HttpResponse | None:
    """A page in a members' area, whatever restriction the page has: never the content to
    anyone but its members. On the public host, no page with any restriction either (an
    editor's own login or password restriction would need the office's login)."""
    area = members_area_of(page)
    if area is not None:
        return members_only(request, area.organization)
    if on_public_host(request) and not page_is_public(page):
        return office_redirect(request)
    return None


@hooks.register("before_serve_document")
def members_only_files(document: Any, request: HttpRequest) -> HttpResponse | None:
    """A file of a private collection: for the installation's members (and editors) only.
    On the public host, no file of a restricted collection at all (as for pages)."""
    if on_public_host(request) and document.collection.get_view_restrictions().exists():
        return office_redirect(request)
    if not collection_is_members_only(document.collection):
        return None
    return members_only(request, None)


@hooks.register("register_admin_menu_item")
def statistics_menu_item() -> MenuItem:
    # The figures of the pages the person's desks edit (statistics.py); all for a superuser.
    return MenuItem(
        _("Reading statistics"),
        reverse("portal_reading_statistics"),
        icon_name="table",
        order=260,
    )


@hooks.register("after_bulk_action")
def pictures_follow_bulk_moves(
    request: HttpRequest, action_type: str, objects: Any, action_class_instance: Any
) -> None:
    """ "Add to collection" moves images with an update (no save): seal them all after."""
    if action_type == "add_to_collection":
        transaction.on_commit(members_images_seal_all, robust=True)


@hooks.register("register_admin_urls")
def feedback_urls() -> list[URLPattern]:
    return [
        path("feedback/", moderation_views.feedback_index, name="portal_feedback_index"),
        path(
            "feedback/<int:pk>/",
            moderation_views.feedback_moderate_view,
            name="portal_feedback_moderate",
        ),
        path(
            "statistics/",
            statistics_views.reading_statistics,
            name="portal_reading_statistics",
        ),
    ]


@hooks.register("register_admin_menu_item")
def feedback_menu_item() -> MenuItem:
    # Everyone the admin lets in holds a portal capability (middleware.py), so moderates the
    # feedback of their own desks' pages; the list shows only those.
    return MenuItem(
        _("Reader feedback"), reverse("portal_feedback_index"), icon_name="comment", order=250
    )


@hooks.register("before_serve_page")
def count_reads(
    page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any
) -> HttpResponse | None:
    """A read of an article or a material page by a person (not a robot), after the members'
    check above let it through: one counter of the day goes up, nothing about the reader."""
    if request.method == "GET" and isinstance(page, READ_COUNTED) and not is_robot(request):
        page_view_count(page.pk)
    return None


@hooks.register("before_serve_page")
def cacheable_for_anonymous(
    page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any
) -> HttpResponse | None:
    """Last of the hooks, so only a page being served reaches it: a public page asked for by
    an anonymous reader may be stored in the page cache, with the read it counts on a hit."""
    if request_cacheable(request) and page_is_public(page):
        page_cache_mark(request, counted_page=page.pk if isinstance(page, READ_COUNTED) else None)
    return None
