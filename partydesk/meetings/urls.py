from django.urls import path

from partydesk.core.lean_servers import django_view
from partydesk.meetings.live import SITE_COUNT_PATH
from partydesk.meetings.views import (
    agenda,
    attendance,
    conclusions,
    congresses,
    device_ballot,
    elections,
    electronic,
    meetings,
    minutes,
    trustees,
    votes,
)

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_new, name="new"),
    path("congresses/", congresses.congress_list, name="congresses"),
    path("congresses/new/", congresses.congress_new, name="congress_new"),
    path("congresses/<int:pk>/", congresses.congress_edit, name="congress_edit"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/invite/", meetings.meeting_invite_view, name="invite"),
    path("<int:pk>/answer/", meetings.meeting_answer, name="answer"),
    path("<int:pk>/meeting.ics", meetings.meeting_ics, name="ics"),
    path("<int:pk>/agenda/", agenda.item_add, name="item_add"),
    path("<int:pk>/agenda/<int:item>/document/", agenda.document_attach, name="document_attach"),
    path("<int:pk>/agenda/<int:item>/material/", agenda.material_upload, name="material_upload"),
    path("<int:pk>/materials/<int:attachment>/", agenda.material, name="material"),
    path("<int:pk>/materials/<int:attachment>/comment/", agenda.comment_add, name="comment"),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path(
        "<int:pk>/attendance/members/",
        attendance.attendance_members,
        name="attendance_members",
    ),
    path("<int:pk>/check-in/", attendance.check_in_self, name="check_in"),
    path("<int:pk>/sites/<int:site>/check-in/", attendance.check_in_host, name="host_check_in"),
    path("<int:pk>/sites/<int:site>/report/", attendance.site_report, name="site_report"),
    path("<int:pk>/sites/<int:site>/qr.svg", attendance.site_qr, name="site_qr"),
    path("<int:pk>/people/<int:participant>/exempt/", attendance.exempt, name="exempt"),
    path("<int:pk>/agenda/<int:item>/vote/", votes.open_vote, name="vote_open"),
    path("<int:pk>/votes/<int:vote>/cast/", votes.cast, name="vote_cast"),
    path("<int:pk>/votes/<int:vote>/hands/", votes.hands, name="vote_hands"),
    path("<int:pk>/votes/<int:vote>/close/", votes.close, name="vote_close"),
    path("<int:pk>/votes/<int:vote>/", votes.result, name="vote_result"),
    path("<int:pk>/conclusions/", conclusions.add, name="conclusion_add"),
    path("<int:pk>/conclusions/<int:conclusion>/", conclusions.edit, name="conclusion_edit"),
    path(
        "<int:pk>/conclusions/<int:conclusion>/assign/",
        conclusions.assign,
        name="conclusion_assign",
    ),
    path("<int:pk>/elections/", elections.election_list, name="elections"),
    path("<int:pk>/elections/<int:election>/", elections.election_detail, name="election"),
    path("<int:pk>/elections/<int:election>/step/", elections.election_step, name="election_step"),
    path("<int:pk>/elections/<int:election>/ballots/", elections.ballot_entry, name="ballot_entry"),
    path(
        "<int:pk>/elections/<int:election>/ballots/<int:ballot>/resolve/",
        elections.ballot_settle,
        name="ballot_resolve",
    ),
    path(
        "<int:pk>/elections/<int:election>/runoff/",
        elections.election_runoff,
        name="election_runoff",
    ),
    path(
        "<int:pk>/elections/<int:election>/report/",
        elections.election_report,
        name="election_report",
    ),
    path(
        "<int:pk>/elections/<int:election>/report.pdf",
        elections.election_report_pdf,
        name="election_report_pdf",
    ),
    path("<int:pk>/elections/<int:election>/ballot/", electronic.ballot, name="election_ballot"),
    path("<int:pk>/elections/<int:election>/vote/", electronic.vote, name="election_vote"),
    path(
        "<int:pk>/elections/<int:election>/vote/encrypted/",
        device_ballot.cast_encrypted,
        name="election_vote_encrypted",
    ),
    path("<int:pk>/elections/<int:election>/record.bel", electronic.record, name="election_record"),
    path("<int:pk>/elections/<int:election>/check/", electronic.check, name="election_check"),
    path(
        "<int:pk>/elections/<int:election>/trustees/", trustees.trustees, name="election_trustees"
    ),
    path("<int:pk>/elections/<int:election>/trustee/", trustees.trustee, name="election_trustee"),
    path("<int:pk>/close/", minutes.close, name="close"),
    path("<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("<int:pk>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes/file/", minutes.file, name="minutes_file"),
    path("check-in/<str:token>/", attendance.qr_check_in, name="qr_check_in"),
    # The sites' hosts report their counts lean (meetings/live.py, ADR 0029): `runserver`
    # and the test server reach it here, gunicorn and uvicorn beside Django.
    path("live/site-count", django_view(SITE_COUNT_PATH), name="live_site_count"),
]
