from django.urls import path

from partydesk.exchange.views import organ_ids

app_name = "exchange"

urlpatterns = [
    path("identifiers/", organ_ids.organ_id_list, name="organ_ids"),
    path(
        "identifiers/<int:org_id>/",
        organ_ids.organ_id_assign_view,
        name="organ_id_assign",
    ),
]
