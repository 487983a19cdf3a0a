"""The portal at /portal/: the CMS admin, its files, feeds, then Wagtail's pages."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from partydesk.portal import documents_views, feedback_views, images_views, search_views, views

urlpatterns = [
    # One login for the office and the CMS: the office's, with its second factor.
    path("admin/login/", views.admin_login, name="portal_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("files/", include(wagtaildocs_urls)),
    path("feeds/news.rss", views.NewsRssFeed(), name="portal_news_rss"),
    path("feeds/news.atom", views.NewsAtomFeed(), name="portal_news_atom"),
    path("documents/", documents_views.document_list, name="portal_documents"),
    path("documents/<int:pk>/", documents_views.document_detail, name="portal_document"),
    path("documents/<int:pk>/pdf/", documents_views.document_pdf, name="portal_document_pdf"),
    path("private-images/<path:name>", images_views.private_image, name="portal_private_image"),
    path("search/", search_views.search, name="portal_search"),
    path("feedback/<int:page_id>/", feedback_views.feedback_form, name="portal_feedback"),
    path("", include(wagtail_urls)),
]
