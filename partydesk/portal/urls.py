"""The portal at /portal/: the CMS admin, its files, feeds, then Wagtail's pages (through
the anonymous readers' cache, page_views.serve). The same routes but the admin are also the
public host's, at its root (public_urls.py)."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from partydesk.portal import (
    documents_views,
    feedback_views,
    images_views,
    page_views,
    search_views,
    views,
)

# What readers reach, here and at the root of the public host.
public_urlpatterns = [
    path("files/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap, name="portal_sitemap"),
    path("feeds/news.rss", views.NewsRssFeed(), name="portal_news_rss"),
    path("feeds/news.atom", views.NewsAtomFeed(), name="portal_news_atom"),
    path("documents/", documents_views.document_list, name="portal_documents"),
    path("documents/<int:pk>/", documents_views.document_detail, name="portal_document"),
    path("documents/<int:pk>/pdf/", documents_views.document_pdf, name="portal_document_pdf"),
    path("private-images/<path:name>", images_views.private_image, name="portal_private_image"),
    path("search/", search_views.search, name="portal_search"),
    path("feedback/<int:page_id>/", feedback_views.feedback_form, name="portal_feedback"),
    # The portal's language buttons post here without a CSRF token, so a page carries no
    # token or cookie of its reader and one cached copy serves every anonymous reader
    # (ADR 0022, "Page cache"). The worst a forged post does is switch someone's language.
    path("language/", csrf_exempt(set_language), name="portal_set_language"),
    *[p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, page_views.serve, name="wagtail_serve"),
]

urlpatterns = [
    # One login for the office and the CMS: the office's, with its second factor.
    path("admin/login/", views.admin_login, name="portal_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    *public_urlpatterns,
]
