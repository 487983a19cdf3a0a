from django.urls import path

from partydesk.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("notifications/bell/", views.notification_bell, name="notification_bell"),
    path("patterns/", views.patterns, name="patterns"),
]
