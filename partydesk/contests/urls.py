from django.urls import path

from partydesk.contests.live import ANSWERS_PATH
from partydesk.contests.live_start import START_PATH
from partydesk.contests.views import certificates, organizer, public, results, taking
from partydesk.core.lean_servers import django_view

app_name = "contests"

urlpatterns = [
    path("", organizer.contest_list, name="list"),
    path("new/", organizer.contest_new, name="new"),
    path("<int:pk>/", organizer.contest_detail, name="detail"),
    path("<int:pk>/edit/", organizer.contest_edit, name="edit"),
    path("<int:pk>/units/add/", organizer.unit_add_view, name="unit_add"),
    path("<int:pk>/prizes/", organizer.prize_set_view, name="prize_set"),
    path("<int:pk>/rounds/new/", organizer.round_new, name="round_new"),
    path("rounds/<int:pk>/edit/", organizer.round_edit, name="round_edit"),
    path("<int:pk>/register/", public.register, name="register"),
    path("rounds/<int:pk>/leaderboard/", public.leaderboard, name="leaderboard"),
    path("<int:pk>/take/", taking.take, name="take"),
    path("rounds/<int:pk>/start/", taking.start, name="start"),
    path("attempts/<int:pk>/", taking.attempt, name="attempt"),
    path("attempts/<int:pk>/answers/<int:slot>/", taking.answer, name="answer"),
    path("live/answers", django_view(ANSWERS_PATH), name="live_answers"),
    path("live/start", django_view(START_PATH), name="live_start"),
    path("attempts/<int:pk>/submit/", taking.submit, name="submit"),
    path("attempts/<int:pk>/result/", taking.result, name="result"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results.xlsx", results.results_xlsx, name="results_export"),
    path(
        "<int:pk>/certificates/<str:serial>.pdf",
        certificates.certificate_download,
        name="certificate_download",
    ),
    path(
        "<int:pk>/certificates/<str:serial>/revoke/",
        certificates.certificate_revoke_view,
        name="certificate_revoke",
    ),
    path("<int:pk>/certificate.pdf", certificates.my_certificate, name="my_certificate"),
    path("certificates/<str:serial>/", certificates.certificate_verify, name="certificate_verify"),
    path("registrations/<int:pk>/disqualify/", results.disqualify, name="disqualify"),
]
