from django.urls import path

from partydesk.core.lean_servers import django_view
from partydesk.learning.live import START_PATH
from partydesk.learning.views import (
    analysis,
    attempts,
    attendance,
    bank,
    categories,
    certificates,
    courses,
    exams,
    invigilate,
    questions,
)

app_name = "learning"

urlpatterns = [
    path("bank/", bank.bank, name="bank"),
    path("bank/questions/<int:pk>/", bank.question, name="question"),
    path("bank/questions/<int:pk>/edit/", questions.question_edit_view, name="question_edit"),
    path("bank/categories/new/", categories.category_new, name="category_new"),
    path("bank/categories/<int:pk>/share/", categories.category_share_view, name="category_share"),
    path("bank/import/", bank.bank_import_view, name="bank_import"),
    path("bank/import/confirm/", bank.bank_import_confirm, name="bank_import_confirm"),
    path("bank/export.<slug:fmt>", bank.bank_export_view, name="bank_export"),
    path("bank/analysis/", analysis.analysis, name="analysis"),
    path("bank/analysis/refresh/", analysis.analysis_refresh, name="analysis_refresh"),
    path("bank/analysis.xlsx", analysis.analysis_export, name="analysis_export"),
    path("courses/", courses.courses, name="courses"),
    path("courses/new/", courses.course_new, name="course_new"),
    path("courses/official/", courses.official_courses_view, name="official_courses"),
    path("courses/<int:pk>/", courses.course, name="course"),
    path("materials/<int:pk>/", courses.material_download, name="material"),
    path("classes/new/", courses.class_new, name="class_new"),
    path("classes/<int:pk>/", courses.course_class, name="class"),
    path("classes/<int:pk>/sessions/new/", attendance.session_new, name="session_new"),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/",
        attendance.attendance,
        name="attendance",
    ),
    path("my/", courses.my_courses, name="my_courses"),
    path("exams/", exams.exams, name="exams"),
    path("exams/new/", exams.exam_new, name="exam_new"),
    path("exams/<int:pk>/", exams.exam, name="exam"),
    path("exams/<int:pk>/results.xlsx", exams.exam_export, name="exam_export"),
    path("exams/<int:pk>/marking/", exams.marking, name="marking"),
    path("exams/<int:pk>/marking/<int:answer_pk>/", exams.answer_mark_view, name="answer_mark"),
    path("exams/<int:pk>/invigilate/", invigilate.invigilate, name="invigilate"),
    path(
        "exams/<int:pk>/invigilate/<int:attempt_pk>/submit/",
        invigilate.force_submit,
        name="force_submit",
    ),
    path("exams/<int:pk>/take/", attempts.exam_take, name="exam_take"),
    path("live/start", django_view(START_PATH), name="live_start"),  # a lean route (live.py)
    path("attempts/<int:pk>/", attempts.attempt, name="attempt"),
    path("attempts/<int:pk>/answers/<int:slot>/", attempts.answer, name="answer"),
    path("attempts/<int:pk>/submit/", attempts.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:pk>/result/", attempts.attempt_result, name="attempt_result"),
    path("attempts/<int:pk>/certificate.pdf", certificates.my_certificate, name="my_certificate"),
    path(
        "exams/<int:pk>/attempts/<int:attempt_pk>/certificate/issue/",
        certificates.certificate_issue_view,
        name="certificate_issue",
    ),
    path(
        "exams/<int:pk>/attempts/<int:attempt_pk>/certificate/sign/",
        certificates.certificate_sign_view,
        name="certificate_sign",
    ),
    path(
        "exams/<int:pk>/attempts/<int:attempt_pk>/certificate.pdf",
        certificates.certificate_download,
        name="certificate_download",
    ),
    path(
        "exams/<int:pk>/attempts/<int:attempt_pk>/certificate/revoke/",
        certificates.certificate_revoke_view,
        name="certificate_revoke",
    ),
    path(
        "certificates/verify/<str:serial>/",
        certificates.certificate_verify_view,
        name="certificate_verify",
    ),
]
