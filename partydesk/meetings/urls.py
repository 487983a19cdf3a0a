from django.urls import path

from partydesk.meetings.views import meetings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_new, name="new"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/invite/", meetings.meeting_invite_view, name="invite"),
    path("<int:pk>/answer/", meetings.meeting_answer, name="answer"),
    path("<int:pk>/meeting.ics", meetings.meeting_ics, name="ics"),
]
