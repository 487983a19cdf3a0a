from django.urls import path

from partydesk.meetings.views import agenda, meetings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_new, name="new"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/invite/", meetings.meeting_invite_view, name="invite"),
    path("<int:pk>/answer/", meetings.meeting_answer, name="answer"),
    path("<int:pk>/meeting.ics", meetings.meeting_ics, name="ics"),
    path("<int:pk>/agenda/", agenda.item_add, name="item_add"),
    path("<int:pk>/agenda/<int:item>/document/", agenda.document_attach, name="document_attach"),
    path("<int:pk>/agenda/<int:item>/material/", agenda.material_upload, name="material_upload"),
    path("<int:pk>/materials/<int:attachment>/", agenda.material, name="material"),
    path("<int:pk>/materials/<int:attachment>/comment/", agenda.comment_add, name="comment"),
]
