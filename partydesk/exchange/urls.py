from django.urls import path, re_path

from partydesk.exchange.views import (
    business,
    delivered,
    inbox,
    organ_ids,
    packages,
    peers,
    statuses,
)

app_name = "exchange"

urlpatterns = [
    path("identifiers/", organ_ids.organ_id_list, name="organ_ids"),
    path(
        "identifiers/<int:org_id>/",
        organ_ids.organ_id_assign_view,
        name="organ_id_assign",
    ),
    path("inbox/", inbox.package_inbox, name="inbox"),
    path("peers/", peers.peer_list, name="peers"),
    path("peers/<int:pk>/", peers.peer_list, name="peer_edit"),
    path("packages/", packages.package_list, name="packages"),
    path("packages/upload/", packages.package_upload, name="package_upload"),
    path("packages/register/", packages.package_register_view, name="package_register"),
    path("packages/<int:pk>.edxml", packages.package_download, name="package_download"),
    path("packages/delivered/", delivered.delivered_list, name="delivered"),
    path("packages/delivered/<int:pk>/open/", delivered.delivered_open, name="delivered_open"),
    path(
        "packages/delivered/<int:pk>/refuse/",
        delivered.delivered_refuse_view,
        name="delivered_refuse",
    ),
    path("packages/waiting/", statuses.waiting_list, name="waiting"),
    path("documents/<int:pk>/statuses/", statuses.document_statuses, name="statuses"),
    path(
        "documents/<int:pk>/packages/<int:package_pk>/resend/",
        statuses.package_resend_view,
        name="package_resend",
    ),
    path("documents/<int:pk>/refuse/", statuses.arrival_refuse, name="refuse"),
    re_path(
        r"^documents/(?P<pk>[0-9]+)/(?P<kind>recall|update|replace)/$",
        business.business_request_view,
        name="business",
    ),
]
